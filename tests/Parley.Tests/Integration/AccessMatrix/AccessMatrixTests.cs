using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Parley.Realtime;
using Xunit.Abstractions;

namespace Parley.Tests.Integration.AccessMatrix;

/// <summary>
/// The authorization table (<see cref="EndpointTable"/>) against the real server: every endpoint and hub method,
/// asked by someone signed out, an outsider, a member, an admin and the owner, about a public, a private and a
/// password room and a direct conversation. Every hidden conversation must also look exactly like an id that does
/// not exist: each 404 room_not_found is compared, detail and all, with the answer for such an id.
/// </summary>
[Collection(SharedServer.Name)]
public sealed partial class AccessMatrixTests(ServerFixture fixture, ITestOutputHelper output)
{
    private static readonly Role[] Roles = Enum.GetValues<Role>();

    /// <summary>
    /// A new endpoint or hub method cannot ship without a decision on who may call it: it fails here until the table
    /// has a row for it. A row for something the server no longer has fails too, so the table stays the truth.
    /// </summary>
    [Fact]
    public void Table_HasARowForEveryEndpointAndHubMethod()
    {
        var endpoints = fixture.Server.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => $"{string.Join(",", e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"])} {e.RoutePattern.RawText}");
        // What SignalR calls a hub method: public instance methods the hub declares, not the ones it overrides.
        var hubMethods = typeof(ChatHub).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.GetBaseDefinition().DeclaringType == typeof(ChatHub))
            .Select(m => $"hub {m.Name}");
        var served = endpoints.Concat(hubMethods).ToHashSet();
        var rows = EndpointTable.Http.Select(r => r.Endpoint).Concat(EndpointTable.Hub.Select(r => r.Endpoint)).ToHashSet();

        var missing = served.Except(rows).Order().ToList();
        var stale = rows.Except(served).Order().ToList();

        Assert.True(missing.Count == 0, $"No row in EndpointTable says who may call: {string.Join("; ", missing)}. Add one (AccessMatrix/EndpointTable.cs).");
        Assert.True(stale.Count == 0, $"EndpointTable has rows for what the server does not serve: {string.Join("; ", stale)}.");
    }

    /// <summary>Every HTTP cell of the table answers with the status and code it states (problem details for every refusal).</summary>
    [Fact]
    public async Task EveryHttpCell_AnswersAsTheTableSays()
    {
        var clock = Stopwatch.StartNew();
        await using var scene = await AccessScene.CreateAsync(fixture.Server);
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = fixture.Server.BaseAddress };
        var failures = new List<string>();
        var (asserted, notApplicable) = (0, 0);

        foreach (var row in EndpointTable.Http)
        {
            Observed? missingId = null;
            foreach (var target in row.Rule.Targets)
            {
                Describe(row.Name, row.Rule, target);
                foreach (var role in Roles)
                {
                    var expected = row.Rule.Expected(role, target);
                    if (!expected.Applies)
                    {
                        notApplicable++;
                        continue;
                    }

                    var cell = await CellAsync(scene, row, role, target, expected);
                    var observed = await SendAsync(http, row, cell);
                    asserted++;
                    if (observed.Status != expected.Status || (expected.Code is not null && observed.Code != expected.Code))
                    {
                        failures.Add($"{row.Name} as {role} on {target}: expected {expected}, got {observed}");
                    }
                    else if (expected == Expect.RoomNotFound)
                    {
                        missingId ??= await SendAsync(http, row, new Cell(scene, Role.Member, Target.Public, scene.PlaceOf(Target.Public) with { Id = AccessScene.MissingId, Name = AccessScene.MissingName }, scene.Member));
                        if (observed != missingId)
                        {
                            failures.Add($"{row.Name} as {role} on {target}: answered {observed}, but an id that does not exist gets {missingId}");
                        }
                    }
                }
            }
        }

        output.WriteLine($"HTTP: {asserted} cells asserted ({scene.FreshPlaces} on fresh places, {scene.FreshSessions} on fresh sessions), {notApplicable} not applicable, {EndpointTable.Http.Count} rows, {clock.Elapsed.TotalSeconds:0.0} s.");
        Assert.True(failures.Count == 0, $"{failures.Count} of {asserted} cells differ from the table:\n{string.Join("\n", failures)}");
    }

    /// <summary>Every hub method answers each role on each target as the table says: done, or refused with the stated code.</summary>
    [Fact]
    public async Task EveryHubCell_AnswersAsTheTableSays()
    {
        var clock = Stopwatch.StartNew();
        await using var scene = await AccessScene.CreateAsync(fixture.Server);
        var hubs = new Dictionary<Role, HubClient> { [Role.Member] = scene.MemberHub };
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = fixture.Server.BaseAddress };
        var failures = new List<string>();
        var (asserted, notApplicable) = (0, 0);
        try
        {
            foreach (var role in new[] { Role.Outsider, Role.Admin, Role.Owner, Role.SiteAdmin })
            {
                hubs[role] = await scene.Actor(role)!.ConnectHubAsync();
            }

            foreach (var row in EndpointTable.Hub)
            {
                var missingId = await InvokeAsync(scene.MemberHub, row.Method, row.Argument(scene.PlaceOf(Target.Public) with { Id = AccessScene.MissingId, Name = AccessScene.MissingName }));
                foreach (var target in row.Rule.Targets)
                {
                    Describe(row.Endpoint, row.Rule, target);
                    foreach (var role in Roles)
                    {
                        var expected = row.Rule.Expected(role, target);
                        if (!expected.Applies)
                        {
                            notApplicable++;
                            continue;
                        }

                        asserted++;
                        if (role == Role.Anonymous)
                        {
                            // Signed out, there is no connection to call on: the hub refuses to negotiate one.
                            using var negotiate = await http.PostAsync("/hubs/chat/negotiate?negotiateVersion=1", null);
                            var refused = await ObserveAsync(negotiate);
                            if ((refused.Status, refused.Code) != (expected.Status, expected.Code))
                            {
                                failures.Add($"{row.Endpoint} signed out: expected {expected}, got {refused}");
                            }

                            continue;
                        }

                        // A hub refusal carries its code, not an HTTP status: the code is what is compared.
                        var observed = await InvokeAsync(hubs[role], row.Method, row.Argument(scene.PlaceOf(target)));
                        if (expected.Succeeds ? observed is not null : observed?.Code() != expected.Code)
                        {
                            failures.Add($"{row.Endpoint} as {role} on {target}: expected {expected}, got {observed?.Message ?? "success"}");
                        }
                        else if (expected == Expect.RoomNotFound && observed!.Message != missingId?.Message)
                        {
                            failures.Add($"{row.Endpoint} as {role} on {target}: answered \"{observed.Message}\", but an id that does not exist gets \"{missingId?.Message}\"");
                        }
                    }
                }
            }
        }
        finally
        {
            foreach (var (role, hub) in hubs.Where(h => h.Key != Role.Member))
            {
                await hub.DisposeAsync();
            }
        }

        output.WriteLine($"Hub: {asserted} cells asserted, {notApplicable} not applicable, {EndpointTable.Hub.Count} methods, {clock.Elapsed.TotalSeconds:0.0} s.");
        Assert.True(failures.Count == 0, $"{failures.Count} of {asserted} hub cells differ from the table:\n{string.Join("\n", failures)}");
    }

    /// <summary>The cell as it will be carried out: on the shared place, or on a fresh one when it would change what others see.</summary>
    private static async Task<Cell> CellAsync(AccessScene scene, Row row, Role role, Target target, Outcome expected)
    {
        var actor = scene.Actor(role);
        var fresh = expected.Succeeds && (row.ChangesStateAs.Contains(role) || (role != Role.Outsider && row.Rule.ActsAsOutsider(role) && row.ChangesStateAs.Contains(Role.Outsider)));
        if (target == Target.Any)
        {
            return new Cell(scene, role, target, Place: null, fresh && actor is not null ? await scene.NewSessionAsync(actor) : actor);
        }

        return new Cell(scene, role, target, fresh ? await scene.NewPlaceAsync(target) : scene.PlaceOf(target), actor);
    }

    private static async Task<Observed> SendAsync(HttpClient http, Row row, Cell cell)
    {
        if (cell.Actor is not null && row.Call is not null)
        {
            return await row.Call(cell);
        }

        var method = row.Method ?? row.Endpoint.Split(' ')[0].Split(',')[0];
        var path = Fill(row.Path ?? row.Endpoint.Split(' ', 2)[1], row, cell) + Fill(row.Query, row, cell);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (row.Body?.Invoke(cell) is { } body)
        {
            request.Content = JsonContent.Create(body, options: Json.Options);
        }

        if (cell.Actor is { } actor)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", actor.AccessToken);
        }
        else if (row.AsBrowser)
        {
            using var browser = BrowserSession.Create(cell.Scene.Server);
            await browser.RefreshAntiforgeryAsync();
            using var fromBrowser = await browser.Http.SendAsync(request);
            return await ObserveAsync(fromBrowser);
        }

        using var response = await http.SendAsync(request);
        return await ObserveAsync(response);
    }

    private static async Task<Observed> ObserveAsync(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status < 400)
        {
            return new Observed(status);
        }

        try
        {
            var problem = await response.ReadProblemAsync();
            return new Observed(status, problem.Code, problem.Detail);
        }
        catch (InvalidOperationException notProblemDetails)
        {
            return new Observed(status, "(not problem details)", notProblemDetails.Message);
        }
    }

    /// <summary>Null when the call succeeded; otherwise the hub's refusal.</summary>
    private static async Task<HubException?> InvokeAsync(HubClient hub, string method, object argument)
    {
        try
        {
            await hub.InvokeAsync(method, argument);
            return null;
        }
        catch (HubException refused)
        {
            return refused;
        }
    }

    /// <summary>Fills the route values of a pattern or query ({id}, {id:long}, {*path}) from the cell.</summary>
    private static string Fill(string template, Row row, Cell cell) => RouteValue().Replace(template, match => match.Groups["name"].Value switch
    {
        "id" => $"{cell.Place!.Id}",
        "messageId" => $"{cell.Place!.MessageId}",
        "code" => cell.Place!.InviteCode ?? "no-invite-links-here",
        "userId" => $"{Subject(row, cell).Id}",
        "username" => Subject(row, cell).Username,
        "documentName" => "v1",
        "fileId" => cell.Place!.FileId,
        "foreignUploadId" => cell.Place!.ForeignUploadId,
        var name => throw new InvalidOperationException($"{row.Name}: no value for the route value {{{name}}}; give the row a Path."),
    });

    private static ApiClient Subject(Row row, Cell cell) =>
        row.Subject?.Invoke(cell) ?? cell.Place?.Subject ?? throw new InvalidOperationException($"{row.Name} names a user but says not whom.");

    /// <summary>The table as it is asserted, one line per endpoint and target, for whoever reads the test output.</summary>
    private void Describe(string endpoint, Rule rule, Target target) =>
        output.WriteLine($"{endpoint,-72} {target,-8} {string.Join(" | ", Roles.Select(role => $"{role} {rule.Expected(role, target)}"))}");

    [GeneratedRegex(@"\{\*?(?<name>\w+)(:[^}]*)?\}")]
    private static partial Regex RouteValue();
}
