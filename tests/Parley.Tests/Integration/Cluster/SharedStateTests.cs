using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Parley.Accounts;

namespace Parley.Tests.Integration.Cluster;

/// <summary>
/// Two nodes behind one address must behave as one server: an allowance, a lockout or a sign-in is the same whichever
/// node a request reaches (state in Redis and the database, not in a node's memory).
/// </summary>
public sealed class SharedStateTests
{
    /// <summary>
    /// A per-user limit is one bucket for the whole cluster: a burst spent half on each node leaves nothing, so the
    /// next request is refused on either node with 429 rate_limited and Retry-After, where each node alone would still
    /// have let half the burst through.
    /// </summary>
    [Fact]
    public async Task UserLimit_BurstSpentHalfOnEachNode_NextRequestIsRefusedOnEither()
    {
        // Its own Redis: user ids start at 1 in every test database, and the test run's Redis is shared by all clusters.
        await using var redis = await RedisServer.StartNewAsync();
        await using var cluster = await ParleyCluster.StartAsync(nodes: 2, new Dictionary<string, string>
        {
            ["Parley:RateLimits:Sessions:Burst"] = "4",
            ["Parley:RateLimits:Sessions:PerMinute"] = "1",
        }, redis);
        using var onFirst = await ApiClient.RegisterAsync(cluster[0]);
        using var onSecond = await ApiClient.SignInAsync(cluster[1], onFirst.Username, onFirst.Password);

        var allowed = new List<HttpStatusCode>();
        foreach (var client in new[] { onFirst, onFirst, onSecond, onSecond })
        {
            using var response = await client.GetAsync("/api/me/sessions");
            allowed.Add(response.StatusCode);
        }

        using var nextOnFirst = await onFirst.GetAsync("/api/me/sessions");
        using var nextOnSecond = await onSecond.GetAsync("/api/me/sessions");

        Assert.All(allowed, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal((429, "rate_limited"), await nextOnFirst.StatusAndCodeAsync());
        Assert.Equal((429, "rate_limited"), await nextOnSecond.StatusAndCodeAsync());
        Assert.InRange(nextOnSecond.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
    }

    /// <summary>
    /// The sign-in limit per client address counts attempts on every node: four attempts spread over two nodes use up
    /// a limit of four, and the fifth is refused with 429 rate_limited on either node before any password is checked.
    /// </summary>
    [Fact]
    public async Task SignInLimit_AttemptsSpreadOverNodes_AreCountedOnce()
    {
        // Its own Redis: every test signs in from 127.0.0.1, and the test run's Redis is shared by all clusters.
        await using var redis = await RedisServer.StartNewAsync();
        await using var cluster = await ParleyCluster.StartAsync(nodes: 2, new Dictionary<string, string>
        {
            ["Parley:RateLimits:SignInPerMinute"] = "4",
        }, redis);
        using var first = ApiClient.Anonymous(cluster[0]);
        using var second = ApiClient.Anonymous(cluster[1]);

        var answers = new List<(int, string)>();
        foreach (var client in new[] { first, second, first, second })
        {
            answers.Add(await WrongPasswordAsync(client, ApiClient.UniqueName("nobody")));
        }

        Assert.All(answers, answer => Assert.Equal((401, "invalid_credentials"), answer));
        Assert.Equal((429, "rate_limited"), await WrongPasswordAsync(first, ApiClient.UniqueName("nobody")));
        Assert.Equal((429, "rate_limited"), await WrongPasswordAsync(second, ApiClient.UniqueName("nobody")));
    }

    /// <summary>
    /// Wrong passwords spread over the nodes meet one lockout, for a real account (its count is in the database) and
    /// for a name no account has (its count is in Redis) alike: otherwise a guesser gets the limit once per node, and an
    /// unknown name, locked later than a real one, would tell which names exist.
    /// </summary>
    [Fact]
    public async Task SignIn_FailuresSpreadOverNodes_LockRealAndUnknownNamesAlike()
    {
        await using var cluster = await ParleyCluster.StartAsync(nodes: 2);
        using var user = await ApiClient.RegisterAsync(cluster[0]);
        var ghost = ApiClient.UniqueName("ghost");
        using var first = ApiClient.Anonymous(cluster[0]);
        using var second = ApiClient.Anonymous(cluster[1]);

        var real = new List<(int, string)>();
        var unknown = new List<(int, string)>();
        foreach (var client in new[] { first, second, first, second, first })
        {
            real.Add(await WrongPasswordAsync(client, user.Username));
            unknown.Add(await WrongPasswordAsync(client, ghost));
        }

        using var rightPasswordElsewhere = await second.PostAsJsonAsync("/api/auth/token", new { username = user.Username, password = user.Password });

        (int, string)[] expected = [.. Enumerable.Repeat((401, "invalid_credentials"), 4), (429, "account_locked")];
        Assert.Equal(expected, real);
        Assert.Equal(expected, unknown);
        Assert.Equal((429, "account_locked"), await rightPasswordElsewhere.StatusAndCodeAsync());
    }

    /// <summary>
    /// The key ring is shared: a browser session cookie (with its antiforgery token) and an access token issued by one
    /// node are accepted by the other, so a load balancer may send any request anywhere.
    /// </summary>
    [Fact]
    public async Task CookieAndToken_IssuedByOneNode_AreAcceptedByTheOther()
    {
        await using var cluster = await ParleyCluster.StartAsync(nodes: 2);
        using var user = await ApiClient.RegisterAsync(cluster[0]);
        using var browser = BrowserSession.Create(cluster[0]);
        using var signIn = await browser.PostAsync("/api/auth/login", new { username = user.Username, password = user.Password });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        await browser.RefreshAntiforgeryAsync();

        using var withToken = ApiClient.Anonymous(cluster[1]);
        withToken.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
        using var meByToken = await withToken.GetAsync("/api/me");
        // The cookies and the antiforgery header exactly as node 0 gave them to the browser, sent to node 1.
        using var withCookie = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = cluster[1].BaseAddress };
        withCookie.DefaultRequestHeaders.Add("Cookie", browser.Cookies.GetCookieHeader(cluster[0].BaseAddress));
        withCookie.DefaultRequestHeaders.Add(AccountsSetup.AntiforgeryHeader, browser.Http.DefaultRequestHeaders.GetValues(AccountsSetup.AntiforgeryHeader));
        using var meByCookie = await withCookie.GetAsync("/api/me");
        using var changeByCookie = await withCookie.PostAsJsonAsync("/api/rooms", new { name = ApiClient.UniqueName("room"), visibility = "public" }, Json.Options);

        Assert.Equal(user.Id, (await ApiClient.ReadAsync<MeDto>(Task.FromResult(meByToken))).Id);
        Assert.Equal(user.Id, (await ApiClient.ReadAsync<MeDto>(Task.FromResult(meByCookie))).Id);
        Assert.Equal(HttpStatusCode.Created, changeByCookie.StatusCode);
    }

    /// <summary>
    /// A passkey ceremony begun on one node finishes on the other (adding a passkey and signing in with it), and stays
    /// single use across nodes: the same answer sent again to the other node is refused with passkey_failed.
    /// </summary>
    [Fact]
    public async Task PasskeyCeremony_StartedOnOneNode_FinishesOnTheOther_OnceOnly()
    {
        const string publicBaseUrl = "https://chat.parley.test";
        await using var cluster = await ParleyCluster.StartAsync(nodes: 2, new Dictionary<string, string> { ["Parley:PublicBaseUrl"] = publicBaseUrl });
        using var onFirst = await ApiClient.RegisterAsync(cluster[0]);
        using var onSecond = await ApiClient.SignInAsync(cluster[1], onFirst.Username, onFirst.Password);
        using var authenticator = new SoftwareAuthenticator(new Uri(publicBaseUrl));

        var creation = await ApiClient.ReadAsync<PasskeyOptionsResponse>(onFirst.PostAsync("/api/me/passkeys/creation-options", new { currentPassword = onFirst.Password }));
        // A registration ceremony belongs to the session that began it, so the same session finishes it, on node 1.
        using var sameSession = ApiClient.Anonymous(cluster[1]);
        sameSession.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", onFirst.AccessToken);
        using var added = await sameSession.PostAsJsonAsync("/api/me/passkeys", new { ceremonyId = creation.CeremonyId, credential = authenticator.Create(creation.Options) }, Json.Options);

        using var browserOnSecond = BrowserSession.Create(cluster[1]);
        using var browserOnFirst = BrowserSession.Create(cluster[0]);
        var request = await ApiClient.ReadAsync<PasskeyOptionsResponse>(browserOnSecond.PostAsync("/api/auth/passkey/request-options"));
        var answer = new { ceremonyId = request.CeremonyId, credential = authenticator.Get(request.Options) };
        using var signIn = await browserOnFirst.PostAsync("/api/auth/passkey/sign-in", answer);
        using var replay = await browserOnSecond.PostAsync("/api/auth/passkey/sign-in", answer);

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal(onSecond.Id, (await signIn.Content.ReadFromJsonAsync<MeDto>(Json.Options))!.Id);
        Assert.Equal((400, "passkey_failed"), await replay.StatusAndCodeAsync());
    }

    /// <summary>
    /// With Redis down the limits still hold, counted on each node (fail to local, not open and not closed): requests
    /// are answered, not failed, and a user who spends the burst on one node is refused there with rate_limited.
    /// </summary>
    [Fact]
    public async Task UserLimit_WhileRedisIsDown_IsCountedOnEachNodeInstead()
    {
        await using var redis = await RedisServer.StartNewAsync();
        await using var cluster = await ParleyCluster.StartAsync(nodes: 2, new Dictionary<string, string>
        {
            ["Parley:RateLimits:Sessions:Burst"] = "2",
            ["Parley:RateLimits:Sessions:PerMinute"] = "1",
        }, redis);
        using var onFirst = await ApiClient.RegisterAsync(cluster[0]);
        using var onSecond = await ApiClient.SignInAsync(cluster[1], onFirst.Username, onFirst.Password);

        await redis.StopAsync();
        var first = new List<HttpStatusCode>();
        var second = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var onFirstResponse = await onFirst.GetAsync("/api/me/sessions");
            using var onSecondResponse = await onSecond.GetAsync("/api/me/sessions");
            first.Add(onFirstResponse.StatusCode);
            second.Add(onSecondResponse.StatusCode);
        }

        HttpStatusCode[] expected = [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests];
        Assert.Equal(expected, first);
        Assert.Equal(expected, second);
    }

    private static async Task<(int Status, string Code)> WrongPasswordAsync(HttpClient client, string username)
    {
        using var response = await client.PostAsJsonAsync("/api/auth/token", new { username, password = "not the password" });
        return await response.StatusAndCodeAsync();
    }
}
