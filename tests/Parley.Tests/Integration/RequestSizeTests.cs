using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Parley.Tests.Integration;

/// <summary>Every input has a size cap: request bodies (64 KB by default, a setting) and hub frames (64 KB).</summary>
[Collection(SharedServer.Name)]
public sealed class RequestSizeTests(ServerFixture fixture)
{
    /// <summary>Just under Kestrel's own default cap (30,000,000 bytes): the largest body a server without a cap of its own takes.</summary>
    private const int AttackBodyBytes = 29_000_000;

    /// <summary>Sign-in reads its body before anyone is known: an oversized one is refused with a reason, not buffered.</summary>
    [Fact]
    public async Task SignInBody_OverTheLimit_Is413RequestTooLargeNamingTheLimit()
    {
        using var anonymous = ApiClient.Anonymous(fixture.Server);

        using var response = await anonymous.PostAsync("/api/auth/token", JsonBody(new { username = new string('a', 100_000), password = "whatever it is" }));

        var problem = await response.ReadProblemAsync();
        Assert.Equal((413, "request_too_large"), (problem.Status, problem.Code));
        Assert.Contains("64 KB", problem.Detail, StringComparison.Ordinal);
    }

    /// <summary>A signed-in JSON endpoint refuses an oversized body the same way, and nothing is created.</summary>
    [Fact]
    public async Task ApiBody_OverTheLimit_Is413RequestTooLargeAndNothingHappens()
    {
        using var alice = await fixture.UserAsync();
        var name = ApiClient.UniqueName("huge") + new string('x', 100_000);

        using var response = await alice.PostAsync("/api/rooms", new { name, visibility = "public" });

        var problem = await response.ReadProblemAsync();
        Assert.Equal((413, "request_too_large"), (problem.Status, problem.Code));
        Assert.Empty(await ApiClient.ReadAsync<List<Parley.Rooms.RoomDto>>(alice.GetAsync("/api/rooms")));
    }

    /// <summary>A body under the cap is read as usual: an over-long field in it gets its own field error, not a 413.</summary>
    [Fact]
    public async Task ApiBody_UnderTheLimit_IsReadAndItsFieldsValidated()
    {
        using var alice = await fixture.UserAsync();

        using var response = await alice.PostAsync("/api/rooms", new { name = new string('x', 60_000), visibility = "public" });

        var problem = await response.ReadProblemAsync();
        Assert.Equal((400, "validation_failed"), (problem.Status, problem.Code));
        Assert.Contains("name", problem.Errors.Keys);
    }

    /// <summary>The cap is a setting (Parley:MaxRequestBodyBytes), and the refusal names the cap in force.</summary>
    [Fact]
    public async Task RequestBodyCap_IsASetting_AndTheRefusalNamesIt()
    {
        await using var server = await ParleyServer.StartAsync(new Dictionary<string, string> { ["Parley:MaxRequestBodyBytes"] = "2048" });
        using var alice = await ApiClient.RegisterAsync(server);

        using var over = await alice.PostAsync("/api/rooms", new { name = new string('x', 3000), visibility = "public" });
        using var under = await alice.PostAsync("/api/rooms", new { name = "Small enough", topic = new string('t', 200), visibility = "public" });

        var problem = await over.ReadProblemAsync();
        Assert.Equal((413, "request_too_large"), (problem.Status, problem.Code));
        Assert.Contains("2 KB", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, under.StatusCode);
    }

    /// <summary>
    /// A hub frame over 64 KB closes that connection with an error the client sees (it never reaches a hub method),
    /// while the same person's other connections carry on.
    /// </summary>
    [Fact]
    public async Task HubFrame_OverTheLimit_ClosesThatConnectionWithAnError()
    {
        using var alice = await fixture.UserAsync();
        var room = await alice.CreateRoomAsync();
        await using var other = await alice.ConnectHubAsync();
        await using var raw = await RawHubSocket.ConnectAsync(fixture.Server.BaseAddress, alice.AccessToken);

        await raw.InvokeAsync("1", "SendMessage", new { roomId = room.Id, text = new string('x', 100_000) });

        var close = await raw.WaitForCloseAsync();
        Assert.True(close is not null, "The server ends the connection with a close message, so the client can tell why.");
        Assert.True(close.Value.TryGetProperty("error", out var error) && error.GetString() is { Length: > 0 }, $"The close message carries an error: {close}");
        var stillWorks = await other.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = "still here" });
        Assert.Equal("still here", stillWorks.Text);
        Assert.DoesNotContain((await alice.MessagesAsync(room.Id)).Messages, m => m.Text.Length > 1000);
    }

    /// <summary>
    /// Eight concurrent bodies of 29 MB each, to anonymous sign-in, to a signed-in JSON endpoint and as hub frames,
    /// leave the server process's resident memory where it was: each is refused after its first 64 KB. A server
    /// that buffers them grows by gigabytes (2.1 GB measured for sign-in before the cap).
    /// </summary>
    [Fact]
    public async Task OversizedInput_EightConcurrent29MBBodies_ServerMemoryStaysFlat()
    {
        await using var server = await ServerProcess.LaunchAsync();
        using var alice = await ApiClient.RegisterAsync(server);
        var filler = new string('a', AttackBodyBytes - 100);
        var before = server.ReadMemory();

        var signIns = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostRefusedAsync(server, "/api/auth/token", $$"""{"username":"{{filler}}","password":"x"}""", token: null)));
        var rooms = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostRefusedAsync(server, "/api/rooms", $$"""{"name":"{{filler}}","visibility":"public"}""", alice.AccessToken)));
        var frames = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            await using var raw = await RawHubSocket.ConnectAsync(server.BaseAddress, alice.AccessToken);
            try
            {
                await raw.SendTextAsync($$"""{"type":1,"invocationId":"1","target":"SendMessage","arguments":[{"roomId":1,"text":"{{filler}}"}]}{{RawHubSocket.RecordSeparator}}""");
                return await raw.WaitForCloseAsync() is null ? "dropped" : "closed";
            }
            catch (System.Net.WebSockets.WebSocketException)
            {
                // The server stops reading after 64 KB and closes: the rest of the frame cannot be sent.
                return "cut off";
            }
        }));
        var after = server.ReadMemory();

        var growth = after.PeakResidentMegabytes - before.ResidentMegabytes;
        Assert.True(growth < 100, $"Resident memory rose from {before.ResidentMegabytes} MB to a peak of {after.PeakResidentMegabytes} MB.");
        Assert.All(signIns.Concat(rooms), outcome => Assert.True(outcome is "413" or "cut off", $"Refused, not processed: {outcome}"));
        Assert.All(frames, outcome => Assert.True(outcome is "closed" or "dropped" or "cut off", outcome));
        using var check = ApiClient.Anonymous(server);
        Assert.Equal(HttpStatusCode.OK, (await check.GetAsync("/api/auth/password-policy")).StatusCode);
    }

    /// <summary>Posts a body the server must refuse: "413" when the answer could be read, "cut off" when the server closed first.</summary>
    private static async Task<string> PostRefusedAsync(IParleyAddress server, string path, string json, string? token)
    {
        using var http = ApiClient.Anonymous(server);
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        try
        {
            using var response = await http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
            return ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (HttpRequestException)
        {
            return "cut off";
        }
    }

    private static StringContent JsonBody(object body) => new(JsonSerializer.Serialize(body, Json.Options), Encoding.UTF8, "application/json");
}
