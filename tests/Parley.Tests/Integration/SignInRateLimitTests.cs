using System.Net;
using System.Net.Http.Json;

namespace Parley.Tests.Integration;

/// <summary>Its own server, with a low limit: the shared one is configured not to throttle the other tests.</summary>
public sealed class SignInRateLimitTests : IAsyncLifetime
{
    private ParleyServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await ParleyServer.StartAsync(new Dictionary<string, string> { ["Parley:RateLimits:SignInPerMinute"] = "3" });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task SignIn_MoreThanTheLimitPerMinuteFromOneAddress_Is429WithRetryAfter()
    {
        using var anonymous = ApiClient.Anonymous(_server);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var attempt = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = "nobody", password = "whatever it is" });
            statuses.Add(attempt.StatusCode);
        }

        using var throttled = await anonymous.PostAsJsonAsync("/api/auth/login", new { username = "nobody", password = "whatever it is" });

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        var problem = await throttled.ReadProblemAsync();
        Assert.Equal((429, "rate_limited"), (problem.Status, problem.Code));
        Assert.True(throttled.Headers.RetryAfter is not null, "A throttled client is told when to retry.");
    }
}
