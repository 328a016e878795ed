using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Parley.Accounts;
using Parley.Rooms;

namespace Parley.Tests.Integration;

/// <summary>A Parley server that trusts one proxy address and has a public base URL, behind a real nginx that says https.</summary>
public sealed class ProxiedServerFixture : IAsyncLifetime
{
    public const string PublicBaseUrl = "https://chat.example.test";

    public ParleyServer Server { get; private set; } = null!;

    public NginxProxy Proxy { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await ParleyServer.StartAsync(new Dictionary<string, string>
        {
            ["Parley:Proxy:KnownProxies:0"] = NginxProxy.UpstreamAddress.ToString(),
            ["Parley:PublicBaseUrl"] = PublicBaseUrl,
        });
        Proxy = await NginxProxy.StartAsync(Server.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        await Proxy.DisposeAsync();
        await Server.DisposeAsync();
    }
}

/// <summary>
/// Behind a TLS-terminating reverse proxy the server sees plain HTTP from the proxy's address; it must still act on
/// what the client did: HTTPS (Secure cookies), its public address (links) and a working WebSocket hub — and believe
/// forwarded headers from the configured proxy only.
/// </summary>
public sealed class ReverseProxyTests(ProxiedServerFixture fixture) : IClassFixture<ProxiedServerFixture>
{
    private ParleyServer Server => fixture.Server;

    private NginxProxy Proxy => fixture.Proxy;

    /// <summary>
    /// The proxy says the client used HTTPS, so the antiforgery and session cookies are Secure: a browser never sends
    /// them over plain HTTP, where anyone on the path could read them.
    /// </summary>
    [Fact]
    public async Task Cookies_BehindAProxyThatSaysHttps_AreSecure()
    {
        using var browser = LoopbackClient.From(IPAddress.Loopback, Proxy.BaseAddress);
        var username = ApiClient.UniqueName("secure");

        using var antiforgery = await browser.GetAsync("/api/auth/antiforgery");
        var token = (await antiforgery.Content.ReadFromJsonAsync<AntiforgeryTokenResponse>(Json.Options))!;
        var csrfCookie = Cookie(antiforgery, "parley.csrf");
        using var register = new HttpRequestMessage(HttpMethod.Post, "/api/auth/register")
        {
            Content = JsonContent.Create(new { username, email = $"{username}@example.com", password = "a long enough passphrase" }),
        };
        register.Headers.Add(token.HeaderName, token.Token);
        register.Headers.Add("Cookie", csrfCookie.Split(';')[0]);
        using var registered = await browser.SendAsync(register);

        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var session = Cookie(registered, "parley.session");
        Assert.Contains("secure", Attributes(csrfCookie));
        Assert.Contains("secure", Attributes(session));
        Assert.Contains("httponly", Attributes(session));
    }

    /// <summary>
    /// Forwarded headers from an address that is not a configured proxy — here loopback, which the platform would
    /// trust by default — are the client's own claims and change nothing: the cookie stays plain over plain HTTP.
    /// </summary>
    [Fact]
    public async Task ForwardedHeaders_FromAnAddressNotConfiguredAsProxy_AreIgnored()
    {
        using var direct = LoopbackClient.From(IPAddress.Loopback, Server.BaseAddress);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/antiforgery");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "198.51.100.7");

        using var response = await direct.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("secure", Attributes(Cookie(response, "parley.csrf")));
    }

    /// <summary>Invite links name the configured public base URL, not whatever Host and scheme the request carried.</summary>
    [Fact]
    public async Task InviteLinks_BehindTheProxy_UseThePublicBaseUrl()
    {
        using var owner = await ApiClient.RegisterAsync(Server);
        var room = await owner.CreateRoomAsync("private");
        using var proxied = LoopbackClient.From(IPAddress.Loopback, Proxy.BaseAddress);
        proxied.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", owner.AccessToken);

        var created = await ApiClient.ReadAsync<InviteDto>(proxied.PostAsJsonAsync($"/api/rooms/{room.Id}/invites", new { maxUses = 3 }));
        var listed = await ApiClient.ReadAsync<List<InviteDto>>(proxied.GetAsync($"/api/rooms/{room.Id}/invites"));

        Assert.Equal($"{ProxiedServerFixture.PublicBaseUrl}/invite/{created.Code}", created.Url);
        Assert.Equal(created.Url, Assert.Single(listed).Url);
    }

    /// <summary>The hub works through the proxy: the WebSocket upgrade passes nginx and messages flow both ways.</summary>
    [Fact]
    public async Task Hub_ThroughTheProxy_ConnectsAndDeliversMessages()
    {
        using var user = await ApiClient.RegisterAsync(Server);
        var room = await user.CreateRoomAsync();
        await using var hub = await HubClient.ConnectAsync(Proxy.BaseAddress, user.AccessToken);

        var sent = await hub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = "through the proxy" });
        var received = await hub.WaitForAsync<MessageDto>("messageReceived", m => m.Id == sent.Id);

        Assert.Equal("through the proxy", received.Text);
    }

    /// <summary>
    /// Behind the proxy, the server's own origin is the scheme the proxy forwarded (https) with the Host it passed;
    /// the public base URL is an origin of ours too. The same host over plain http is not.
    /// </summary>
    [Fact]
    public async Task HubOrigin_BehindTheProxy_IsTheForwardedSchemeOrThePublicBaseUrl()
    {
        using var user = await ApiClient.RegisterAsync(Server);
        var proxyHost = Proxy.BaseAddress.Authority;

        var forwardedOrigin = await HubSocket.ConnectAsync(Proxy.BaseAddress, user.AccessToken, $"https://{proxyHost}");
        var publicOrigin = await HubSocket.ConnectAsync(Proxy.BaseAddress, user.AccessToken, ProxiedServerFixture.PublicBaseUrl);
        var plainHttp = await HubSocket.ConnectAsync(Proxy.BaseAddress, user.AccessToken, $"http://{proxyHost}");

        Assert.True(forwardedOrigin.HandshakeCompleted, $"https://{proxyHost}: {forwardedOrigin.Status}");
        Assert.True(publicOrigin.HandshakeCompleted, $"{ProxiedServerFixture.PublicBaseUrl}: {publicOrigin.Status}");
        Assert.Equal(HttpStatusCode.Forbidden, plainHttp.Status);
    }

    private static string Cookie(HttpResponseMessage response, string name) =>
        Assert.Single(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith(name + "=", StringComparison.Ordinal));

    private static List<string> Attributes(string setCookie) =>
        [.. setCookie.Split(';').Skip(1).Select(a => a.Trim().Split('=')[0].ToLowerInvariant())];
}

/// <summary>
/// Sign-in limits per client address behind the proxy: each client counts apart (not all as the proxy), and what a
/// client writes into X-Forwarded-For itself does not buy it a new allowance.
/// </summary>
public sealed class ReverseProxyRateLimitTests : IAsyncLifetime
{
    private const int SignInsPerMinute = 3;

    private ParleyServer _server = null!;
    private NginxProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        _server = await ParleyServer.StartAsync(new Dictionary<string, string>
        {
            ["Parley:Proxy:KnownProxies:0"] = NginxProxy.UpstreamAddress.ToString(),
            ["Parley:RateLimits:SignInPerMinute"] = SignInsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        _proxy = await NginxProxy.StartAsync(_server.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _server.DisposeAsync();
    }

    /// <summary>Two machines behind the same proxy have an allowance each: one using up its own leaves the other untouched.</summary>
    [Fact]
    public async Task SignInLimit_BehindTheProxy_CountsEachClientAddressApart()
    {
        using var first = LoopbackClient.From(IPAddress.Parse("127.0.0.21"), _proxy.BaseAddress);
        using var second = LoopbackClient.From(IPAddress.Parse("127.0.0.22"), _proxy.BaseAddress);

        var firstAnswers = await SignInsAsync(first, SignInsPerMinute + 1);
        var secondAnswers = await SignInsAsync(second, 1);

        Assert.Equal([.. Enumerable.Repeat((401, "invalid_credentials"), SignInsPerMinute), (429, "rate_limited")], firstAnswers);
        Assert.Equal([(401, "invalid_credentials")], secondAnswers);
    }

    /// <summary>A client that used up its allowance and then claims other addresses in X-Forwarded-For stays limited.</summary>
    [Fact]
    public async Task SignInLimit_BehindTheProxy_ASpoofedForwardedForDoesNotEscapeIt()
    {
        using var client = LoopbackClient.From(IPAddress.Parse("127.0.0.23"), _proxy.BaseAddress);
        await SignInsAsync(client, SignInsPerMinute);

        var spoofed = new List<(int, string)>();
        foreach (var claimed in new[] { "203.0.113.9", "127.0.0.24", $"203.0.113.10, {NginxProxy.UpstreamAddress}" })
        {
            using var request = SignInRequest();
            request.Headers.Add("X-Forwarded-For", claimed);
            using var response = await client.SendAsync(request);
            spoofed.Add(await response.StatusAndCodeAsync());
        }

        Assert.All(spoofed, answer => Assert.Equal((429, "rate_limited"), answer));
    }

    /// <summary>
    /// An IPv6 client gets a whole /64 from its provider, so the /64 is one allowance: addresses in it share one,
    /// another network has its own. (The test plays the trusted proxy itself, forwarding IPv6 client addresses.)
    /// </summary>
    [Fact]
    public async Task SignInLimit_IPv6Clients_CountPerSlash64Network()
    {
        using var asTheProxy = LoopbackClient.From(NginxProxy.UpstreamAddress, _server.BaseAddress);
        var sameNetwork = new[] { "2001:db8:1:2::a", "2001:db8:1:2::b", "2001:db8:1:2:ffff::1", "2001:db8:1:2::dead" };

        var answers = new List<(int, string)>();
        foreach (var address in sameNetwork.Append("2001:db8:1:3::a"))
        {
            using var request = SignInRequest();
            request.Headers.Add("X-Forwarded-For", address);
            using var response = await asTheProxy.SendAsync(request);
            answers.Add(await response.StatusAndCodeAsync());
        }

        Assert.Equal([.. Enumerable.Repeat((401, "invalid_credentials"), SignInsPerMinute), (429, "rate_limited"), (401, "invalid_credentials")], answers);
    }

    private static async Task<List<(int, string)>> SignInsAsync(HttpClient client, int count)
    {
        var answers = new List<(int, string)>();
        for (var i = 0; i < count; i++)
        {
            using var request = SignInRequest();
            using var response = await client.SendAsync(request);
            answers.Add(await response.StatusAndCodeAsync());
        }

        return answers;
    }

    private static HttpRequestMessage SignInRequest() =>
        new(HttpMethod.Post, "/api/auth/token") { Content = JsonContent.Create(new { username = ApiClient.UniqueName("nobody"), password = "whatever it is" }) };
}

/// <summary>
/// A server with no proxy configured (the default) believes no forwarded header from anyone: a client cannot claim
/// other addresses to escape the per-address sign-in limit, nor HTTPS to change its cookies. (ASP.NET Core checks the
/// sender only when a proxy list has an entry; with both lists empty it would believe every client.)
/// </summary>
public sealed class NoProxyConfiguredTests
{
    private const int SignInsPerMinute = 3;

    /// <summary>Claimed addresses in X-Forwarded-For buy no new allowance when no proxy is configured.</summary>
    [Fact]
    public async Task SignInLimit_WithoutAProxy_ForwardedForFromTheClientDoesNotEscapeIt()
    {
        await using var server = await ParleyServer.StartAsync(new Dictionary<string, string>
        {
            ["Parley:RateLimits:SignInPerMinute"] = SignInsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        using var client = LoopbackClient.From(IPAddress.Parse("127.0.0.31"), server.BaseAddress);

        var answers = new List<(int, string)>();
        for (var i = 0; i <= SignInsPerMinute; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/token")
            {
                Content = JsonContent.Create(new { username = ApiClient.UniqueName("nobody"), password = "whatever it is" }),
            };
            request.Headers.Add("X-Forwarded-For", $"203.0.113.{i + 1}");
            request.Headers.Add("X-Forwarded-Proto", "https");
            using var response = await client.SendAsync(request);
            answers.Add(await response.StatusAndCodeAsync());
        }

        Assert.Equal([.. Enumerable.Repeat((401, "invalid_credentials"), SignInsPerMinute), (429, "rate_limited")], answers);
    }

    /// <summary>A client's own X-Forwarded-Proto: https does not make the cookies Secure over plain HTTP.</summary>
    [Fact]
    public async Task Cookies_WithoutAProxy_ForwardedProtoFromTheClientIsIgnored()
    {
        await using var server = await ParleyServer.StartAsync();
        using var client = LoopbackClient.From(IPAddress.Loopback, server.BaseAddress);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/antiforgery");
        request.Headers.Add("X-Forwarded-Proto", "https");

        using var response = await client.SendAsync(request);

        var csrf = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("parley.csrf=", StringComparison.Ordinal));
        Assert.DoesNotContain("secure", csrf.Split(';').Skip(1).Select(a => a.Trim().ToLowerInvariant()));
    }
}
