using System.Net;
using Parley.Accounts;

namespace Parley.Tests.Integration;

/// <summary>The sessions list: where an account is signed in, and signing any of those places out at once.</summary>
[Collection(SharedServer.Name)]
public sealed class SessionsTests(ServerFixture fixture)
{
    private const string ChromeOnWindows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

    private ParleyServer Server => fixture.Server;

    /// <summary>Each browser and token is listed with what it is, from where, and which one is asking.</summary>
    [Fact]
    public async Task Sessions_List_ShowsEachBrowserAndToken_WithDeviceAddressAndTheCurrentOne()
    {
        using var user = await fixture.UserAsync("lister");
        using var browser = await SignInBrowserAsync(user, ChromeOnWindows);

        var sessions = await ApiClient.ReadAsync<List<SessionDto>>(user.GetAsync("/api/me/sessions"));

        var current = Assert.Single(sessions, s => s.Current);
        Assert.Equal(SessionKind.Token, current.Kind);
        Assert.Equal(current, sessions[0]);
        var chrome = Assert.Single(sessions, s => s.Browser == "Chrome 131");
        Assert.Equal((SessionKind.Browser, "Windows", "127.0.0.1", false), (chrome.Kind, chrome.Os, chrome.IpAddress, chrome.Current));
        Assert.True(chrome.CreatedAt <= chrome.LastActiveAt && chrome.LastActiveAt < chrome.ExpiresAt);
        // Registering signed in a browser too; that one is still active.
        Assert.Equal(3, sessions.Count);
    }

    /// <summary>Signing a session out from the list ends its live hub connection at once and refuses its next request.</summary>
    [Fact]
    public async Task Sessions_Revoke_ClosesItsLiveHubConnection_AndRefusesItsNextRequest()
    {
        using var laptop = await fixture.UserAsync("revoker");
        using var phone = await ApiClient.SignInAsync(Server, laptop.Username, laptop.Password);
        await using var phoneHub = await phone.ConnectHubAsync();
        var phoneSession = await CurrentSessionAsync(phone);

        using var revoke = await laptop.DeleteAsync($"/api/me/sessions/{phoneSession.Id}");

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        await phoneHub.Closed.WaitAsync(TimeSpan.FromSeconds(5));
        using var refused = await phone.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var stillSignedIn = await laptop.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.OK, stillSignedIn.StatusCode);
        var listed = await ApiClient.ReadAsync<List<SessionDto>>(laptop.GetAsync("/api/me/sessions"));
        Assert.DoesNotContain(listed, s => s.Id == phoneSession.Id);
    }

    /// <summary>A session id is no key to another person's account: someone else's session answers 404 and lives on.</summary>
    [Fact]
    public async Task Sessions_RevokeAnotherUsersSession_IsNotFound_AndThatSessionLives()
    {
        using var alice = await fixture.UserAsync("alice");
        using var bob = await fixture.UserAsync("bob");
        await using var bobHub = await bob.ConnectHubAsync();
        var bobsSession = await CurrentSessionAsync(bob);

        using var attempt = await alice.DeleteAsync($"/api/me/sessions/{bobsSession.Id}");

        Assert.Equal((404, "session_not_found"), await attempt.StatusAndCodeAsync());
        using var bobStill = await bob.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.OK, bobStill.StatusCode);
        var room = await bob.CreateRoomAsync();
        await bobHub.SendBarrierAsync(room.Id);
        Assert.True(bobHub.IsOpen);
    }

    /// <summary>"Sign out everywhere else" ends every other browser and token, with their connections, and keeps the caller's.</summary>
    [Fact]
    public async Task Sessions_RevokeOthers_SignsOutEveryOtherBrowserAndToken_ButNotTheCaller()
    {
        using var user = await fixture.UserAsync("everywhere");
        using var otherToken = await ApiClient.SignInAsync(Server, user.Username, user.Password);
        using var browser = await SignInBrowserAsync(user, ChromeOnWindows);
        await using var browserHub = await HubClient.ConnectWithCookieAsync(Server.BaseAddress, browser.SessionCookie(Server.BaseAddress)!);

        var revoked = await ApiClient.ReadAsync<RevokedSessionsResponse>(user.PostAsync("/api/me/sessions/revoke-others"));

        Assert.Equal(3, revoked.Revoked);
        await browserHub.Closed.WaitAsync(TimeSpan.FromSeconds(5));
        using var tokenRefused = await otherToken.GetAsync("/api/me");
        using var browserRefused = await browser.Http.GetAsync("/api/me");
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (tokenRefused.StatusCode, browserRefused.StatusCode));
        var left = await ApiClient.ReadAsync<List<SessionDto>>(user.GetAsync("/api/me/sessions"));
        Assert.True(Assert.Single(left).Current);
    }

    private async Task<BrowserSession> SignInBrowserAsync(ApiClient user, string userAgent)
    {
        var browser = BrowserSession.Create(Server);
        browser.Http.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        await ApiClient.EnsureSuccessAsync(await browser.PostAsync("/api/auth/login", new { username = user.Username, password = user.Password }));
        return browser;
    }

    private static async Task<SessionDto> CurrentSessionAsync(ApiClient user) =>
        Assert.Single(await ApiClient.ReadAsync<List<SessionDto>>(user.GetAsync("/api/me/sessions")), s => s.Current);
}

/// <summary>Parley:SignIn:SingleSession: a community that wants one browser per account at a time.</summary>
public sealed class SingleSessionTests : IAsyncLifetime
{
    private ParleyServer _server = null!;

    public async Task InitializeAsync() => _server = await ParleyServer.StartAsync(new Dictionary<string, string> { ["Parley:SignIn:SingleSession"] = "true" });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>Signing in in a second browser kicks the first one out, live connection included; access tokens for scripts stay.</summary>
    [Fact]
    public async Task SingleSession_SigningInElsewhere_KicksTheFirstBrowser_ButKeepsAccessTokens()
    {
        using var user = await ApiClient.RegisterAsync(_server);
        using var first = BrowserSession.Create(_server);
        await ApiClient.EnsureSuccessAsync(await first.PostAsync("/api/auth/login", new { username = user.Username, password = user.Password }));
        await using var firstHub = await HubClient.ConnectWithCookieAsync(_server.BaseAddress, first.SessionCookie(_server.BaseAddress)!);

        using var second = BrowserSession.Create(_server);
        await ApiClient.EnsureSuccessAsync(await second.PostAsync("/api/auth/login", new { username = user.Username, password = user.Password }));

        await firstHub.Closed.WaitAsync(TimeSpan.FromSeconds(5));
        using var firstRefused = await first.Http.GetAsync("/api/me");
        using var secondWorks = await second.Http.GetAsync("/api/me");
        using var tokenWorks = await user.GetAsync("/api/me");
        Assert.Equal(
            (HttpStatusCode.Unauthorized, HttpStatusCode.OK, HttpStatusCode.OK),
            (firstRefused.StatusCode, secondWorks.StatusCode, tokenWorks.StatusCode));
        var sessions = await ApiClient.ReadAsync<List<SessionDto>>(user.GetAsync("/api/me/sessions"));
        Assert.Single(sessions, s => s.Kind == SessionKind.Browser);
    }
}

/// <summary>The sessions endpoints have their own per-user limit (Parley:RateLimits:Sessions): each revocation reaches every node.</summary>
public sealed class SessionsRateLimitTests
{
    /// <summary>Past the burst, the sessions list and revocations answer 429 rate_limited and revoke nothing.</summary>
    [Fact]
    public async Task Sessions_BeyondTheBurst_Are429_AndRevokeNothing()
    {
        await using var server = await ParleyServer.StartAsync(new Dictionary<string, string>
        {
            ["Parley:RateLimits:Sessions:Burst"] = "2",
            ["Parley:RateLimits:Sessions:PerMinute"] = "1",
        });
        using var user = await ApiClient.RegisterAsync(server);
        using var other = await ApiClient.SignInAsync(server, user.Username, user.Password);

        using var first = await user.GetAsync("/api/me/sessions");
        using var second = await user.GetAsync("/api/me/sessions");
        using var third = await user.PostAsync("/api/me/sessions/revoke-others");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.Equal((429, "rate_limited"), await third.StatusAndCodeAsync());
        using var otherStillSignedIn = await other.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.OK, otherStillSignedIn.StatusCode);
    }
}

/// <summary>Behind a trusted reverse proxy the sessions list shows the client's address the proxy forwarded, not the proxy's.</summary>
public sealed class SessionAddressBehindProxyTests : IAsyncLifetime
{
    private ParleyServer _server = null!;

    public async Task InitializeAsync() => _server = await ParleyServer.StartAsync(new Dictionary<string, string> { ["Parley:Proxy:KnownProxies:0"] = "127.0.0.1" });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>The address shown is the one the trusted proxy forwarded.</summary>
    [Fact]
    public async Task Sessions_SignedInThroughATrustedProxy_ShowTheForwardedClientAddress()
    {
        using var user = await ApiClient.RegisterAsync(_server);
        using var browser = BrowserSession.Create(_server);
        browser.Http.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.7");
        await ApiClient.EnsureSuccessAsync(await browser.PostAsync("/api/auth/login", new { username = user.Username, password = user.Password }));

        var sessions = await ApiClient.ReadAsync<List<SessionDto>>(user.GetAsync("/api/me/sessions"));

        Assert.Single(sessions, s => s.IpAddress == "198.51.100.7");
    }
}
