using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Parley.Rooms;

namespace Parley.Tests.Integration;

/// <summary>Who may do what to a room, asked the way each kind of stranger would ask.</summary>
[Collection(SharedServer.Name)]
public sealed class AuthorizationTests(ServerFixture fixture)
{
    private static readonly (string Method, string Path)[] MemberOnlyRequests =
    [
        ("GET", "/api/rooms/{id}/messages"),
        ("GET", "/api/rooms/{id}/members"),
        ("PATCH", "/api/rooms/{id}"),
        ("DELETE", "/api/rooms/{id}"),
        ("POST", "/api/rooms/{id}/leave"),
        ("GET", "/api/rooms/{id}/invites"),
        ("POST", "/api/rooms/{id}/invites"),
        ("DELETE", "/api/rooms/{id}/members/1"),
        ("PUT", "/api/rooms/{id}/members/1/role"),
        ("GET", "/api/rooms/{id}/messages/1/around"),
        ("GET", "/api/conversations/{id}"),
        ("GET", "/api/conversations/{id}/messages"),
        ("POST", "/api/conversations/{id}/read"),
        ("POST", "/api/conversations/{id}/clear"),
        ("PUT", "/api/conversations/{id}/mute"),
        ("GET", "/api/conversations/{id}/messages/1/seen-by"),
    ];

    [Fact]
    public async Task PrivateRoom_NonMember_GetsTheSame404AsForAMissingRoom_Everywhere()
    {
        using var owner = await fixture.UserAsync();
        using var mallory = await fixture.UserAsync("mallory");
        var room = await owner.CreateRoomAsync("private", name: "Hidden plans");

        foreach (var (method, path) in MemberOnlyRequests.Append(("GET", "/api/rooms/{id}")).Append(("POST", "/api/rooms/{id}/join")))
        {
            using var forSecret = await SendAsync(mallory, method, ForRoom(path, room.Id));
            using var forNothing = await SendAsync(mallory, method, ForRoom(path, 987654321));
            var secret = await forSecret.ReadProblemAsync();
            var nothing = await forNothing.ReadProblemAsync();
            Assert.True((404, "room_not_found") == (secret.Status, secret.Code), $"{method} {path}: {secret.Status} {secret.Code}");
            Assert.Equal(nothing.Detail, secret.Detail);
            Assert.DoesNotContain("Hidden plans", await forSecret.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task DirectConversation_Outsider_GetsNotFoundEverywhere()
    {
        using var alice = await fixture.UserAsync();
        using var bob = await fixture.UserAsync();
        using var eve = await fixture.UserAsync("eve");
        var dm = await alice.OpenDirectAsync(bob.Username);

        foreach (var (method, path) in MemberOnlyRequests)
        {
            using var response = await SendAsync(eve, method, ForRoom(path, dm.Id));
            Assert.True((404, "room_not_found") == await response.StatusAndCodeAsync(), $"{method} {path}");
        }
    }

    [Fact]
    public async Task PublicRoom_NonMember_SeesThePreviewButNotTheInside()
    {
        using var owner = await fixture.UserAsync();
        using var visitor = await fixture.UserAsync("visitor");
        var room = await owner.CreateRoomAsync();

        var preview = await ApiClient.ReadAsync<RoomDto>(visitor.GetAsync($"/api/rooms/{room.Id}"));
        Assert.Null(preview.Role);
        Assert.Null(preview.LastMessage);
        foreach (var (method, path) in MemberOnlyRequests)
        {
            using var response = await SendAsync(visitor, method, ForRoom(path, room.Id));
            var problem = await response.ReadProblemAsync();
            Assert.True((403, "not_a_member") == (problem.Status, problem.Code), $"{method} {path}: {problem.Status} {problem.Code}");
        }
    }

    [Fact]
    public async Task SignedOut_EveryRoomEndpointAnswers401()
    {
        using var owner = await fixture.UserAsync();
        var room = await owner.CreateRoomAsync();
        using var anonymous = ApiClient.Anonymous(fixture.Server);

        foreach (var (method, path) in MemberOnlyRequests.Concat([("GET", "/api/rooms"), ("POST", "/api/rooms"), ("GET", "/api/rooms/public"), ("POST", "/api/rooms/{id}/join"), ("GET", "/api/invites/x"), ("POST", "/api/invites/x/accept"), ("POST", "/api/auth/logout"),
            ("GET", "/api/conversations"), ("POST", "/api/dms"), ("GET", "/api/search?q=x"), ("GET", "/api/users"), ("GET", "/api/me/settings"), ("PATCH", "/api/me/settings"),
            ("GET", "/api/me/blocks"), ("PUT", "/api/users/x/block")]))
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), ForRoom(path, room.Id));
            using var response = await anonymous.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Health_AnswersWithoutSignIn_AndSaysNothingElse()
    {
        using var anonymous = ApiClient.Anonymous(fixture.Server);

        using var response = await anonymous.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Every endpoint states who may call it. A new endpoint without a decision fails here; the anonymous list
    /// only ever shrinks or is extended on purpose.
    /// </summary>
    [Fact]
    public void EveryEndpoint_RequiresSignInUnlessDeliberatelyPublic()
    {
        string[] deliberatelyPublic =
        [
            "GET /api/auth/antiforgery",
            "GET /api/auth/password-policy",
            "POST /api/auth/register",
            "POST /api/auth/login",
            "POST /api/auth/token",
            "POST /api/auth/forgot-password",
            "POST /api/auth/reset-password",
            "GET /api/auth/email-verification",
            "POST /api/auth/verify-email",
            "POST /api/auth/resend-verification",
            // Two-factor sign-in: the code step after the password, before there is a session.
            "POST /api/auth/login/two-factor",
            "POST /api/auth/passkey/request-options",
            "POST /api/auth/passkey/sign-in",
            "GET /api/auth/registration",
        ];
        var endpoints = fixture.Server.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true || e.RoutePattern.RawText?.StartsWith("/hubs", StringComparison.Ordinal) == true)
            .ToList();

        var anonymous = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"];
            var name = $"{string.Join(",", methods)} {endpoint.RoutePattern.RawText}";
            var allowsAnonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var requiresAuth = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any();
            Assert.True(allowsAnonymous || requiresAuth, $"{name} declares neither RequireAuthorization nor AllowAnonymous.");
            if (allowsAnonymous)
            {
                anonymous.Add(name);
            }
        }

        Assert.Equal(deliberatelyPublic.Order(), anonymous.Order());
        Assert.Contains(endpoints, e => e.RoutePattern.RawText == "/hubs/chat" && e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any());
    }

    private static string ForRoom(string path, long roomId) =>
        path.Replace("{id}", roomId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private static Task<HttpResponseMessage> SendAsync(ApiClient user, string method, string path) => method switch
    {
        "GET" => user.GetAsync(path),
        "POST" => user.PostAsync(path, new { messageId = 1 }),
        "PATCH" => user.PatchAsync(path, new { name = "taken over" }),
        "PUT" => user.PutAsync(path, new { role = "admin", muted = true }),
        "DELETE" => user.DeleteAsync(path),
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };
}
