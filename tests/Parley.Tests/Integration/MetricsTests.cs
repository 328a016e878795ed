using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.SignalR;

namespace Parley.Tests.Integration;

/// <summary>
/// /metrics in Prometheus text. The instruments are the process's, shared by every server a test run starts, so these
/// tests run alone (<see cref="MetricsRunAlone"/>) and compare the numbers before and after what they do.
/// </summary>
[Collection(MetricsRunAlone.Name)]
public sealed class MetricsTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    /// <summary>Sent messages show as accepted, committed in batches and delivered with a latency; connections are counted while open; no names leak.</summary>
    [Fact]
    public async Task Metrics_AfterMessagesAreSent_CountThemAndSampleTheirDeliveryLatency()
    {
        await using var server = await ParleyServer.StartAsync();
        using var alice = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("alice"));
        using var bob = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("bob"));
        var room = await alice.CreateRoomAsync();
        await bob.JoinAsync(room.Id);
        using var scraper = ApiClient.Anonymous(server);
        var secret = Guid.NewGuid().ToString("N");
        var before = await ScrapeAsync(scraper);

        await using (var aliceHub = await alice.ConnectHubAsync())
        await using (var bobHub = await bob.ConnectHubAsync())
        {
            await WaitForAsync(scraper, m => m.Value("parley_connections") == before.Value("parley_connections") + 2, "both connections are counted");
            for (var i = 0; i < 5; i++)
            {
                await aliceHub.InvokeAsync("SendMessage", new { roomId = room.Id, text = $"{secret} {i}" });
            }

            await bobHub.WaitForAsync<MessageDto>("messageReceived", m => m.Text == $"{secret} 4");
            var after = await WaitForAsync(scraper, m => m.Value("parley_message_delivery_duration_seconds_count") >= before.Value("parley_message_delivery_duration_seconds_count") + 5,
                "every delivery is sampled");
            Assert.Equal(before.Value("parley_messages_accepted_total") + 5, after.Value("parley_messages_accepted_total"));
            Assert.True(after.Value("parley_commit_batch_size_count") > before.Value("parley_commit_batch_size_count"), "No commit batch was recorded.");
            Assert.True(after.Value("parley_commit_duration_seconds_sum") > before.Value("parley_commit_duration_seconds_sum"), "No commit time was recorded.");
            Assert.True(after.Value("parley_message_delivery_duration_seconds_sum") > before.Value("parley_message_delivery_duration_seconds_sum"), "No delivery latency was recorded.");
            // ASP.NET Core's and the runtime's own are there too.
            Assert.Contains("http_server_request_duration_seconds_bucket", after.Text, StringComparison.Ordinal);
            Assert.Contains("signalr_server_active_connections", after.Text, StringComparison.Ordinal);
            Assert.Contains("dotnet_gc_collections", after.Text, StringComparison.Ordinal);
            // How the node is doing, never who is doing what.
            Assert.DoesNotContain(alice.Username, after.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, after.Text, StringComparison.Ordinal);
        }

        await WaitForAsync(scraper, m => m.Value("parley_connections") == before.Value("parley_connections"), "closed connections are no longer counted");
    }

    /// <summary>Refusals by a rate limit are counted under the limit's name.</summary>
    [Fact]
    public async Task Metrics_AfterARateLimitRefuses_CountTheRefusalByLimit()
    {
        await using var server = await ParleyServer.StartAsync();
        using var alice = await ApiClient.RegisterAsync(server);
        var room = await alice.CreateRoomAsync();
        using var scraper = ApiClient.Anonymous(server);
        const string Refusals = "parley_rate_limit_refusals_total", Typing = "limit=\"Typing\"";
        var before = await ScrapeAsync(scraper);
        await using var hub = await alice.ConnectHubAsync();

        // Typing keeps its default burst of 3 in tests: the fourth signal in a row is refused.
        HubException? refused = null;
        for (var i = 0; i < 10 && refused is null; i++)
        {
            try
            {
                await hub.InvokeAsync("Typing", new { roomId = room.Id });
            }
            catch (HubException ex)
            {
                refused = ex;
            }
        }

        Assert.Equal("rate_limited", refused?.Code());
        await WaitForAsync(scraper, m => m.Value(Refusals, Typing) == before.Value(Refusals, Typing) + 1, "the refusal is counted under Typing");
    }

    /// <summary>Only the allowed networks may read /metrics (by default this machine only).</summary>
    [Fact]
    public async Task Metrics_FromAnAddressOutsideTheAllowedNetworks_AreRefused()
    {
        await using var server = await ParleyServer.StartAsync(new Dictionary<string, string> { ["Parley:Metrics:AllowedNetworks:0"] = "10.0.0.0/8" });
        using var scraper = ApiClient.Anonymous(server);

        using var response = await scraper.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal((403, "metrics_not_allowed"), await response.StatusAndCodeAsync());
    }

    /// <summary>
    /// A request relayed by a proxy Parley does not trust comes from the proxy's (loopback) address: it is refused, so a
    /// reverse proxy on the same machine does not publish /metrics by accident.
    /// </summary>
    [Fact]
    public async Task Metrics_ThroughAProxyThatIsNotTrusted_AreRefused()
    {
        await using var server = await ParleyServer.StartAsync();
        using var scraper = ApiClient.Anonymous(server);
        using var direct = await scraper.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, direct.StatusCode);

        using var relayed = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        relayed.Headers.Add("X-Forwarded-For", "203.0.113.7");
        using var response = await scraper.SendAsync(relayed);

        Assert.Equal((403, "metrics_not_allowed"), await response.StatusAndCodeAsync());
    }

    /// <summary>Metrics can be switched off: /metrics is then not there at all.</summary>
    [Fact]
    public async Task Metrics_WhenDisabled_AreNotServed()
    {
        await using var server = await ParleyServer.StartAsync(new Dictionary<string, string> { ["Parley:Metrics:Enabled"] = "false" });
        using var scraper = ApiClient.Anonymous(server);

        using var response = await scraper.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static async Task<Scrape> ScrapeAsync(HttpClient scraper)
    {
        using var response = await scraper.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new Scrape(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Scrapes until <paramref name="holds"/> (the exporter answers from a copy up to 300 ms old) and returns that scrape.</summary>
    private static async Task<Scrape> WaitForAsync(HttpClient scraper, Func<Scrape, bool> holds, string because)
    {
        Scrape? last = null;
        await Poll.UntilAsync(async () => holds(last = await ScrapeAsync(scraper)), Deadline, because);
        return last!;
    }

    private sealed record Scrape(string Text)
    {
        /// <summary>The sum over the series of a metric (those with <paramref name="label"/> when given); 0 when there is none.</summary>
        public double Value(string metric, string? label = null) => Text.Split('\n')
            .Where(line => line.StartsWith(metric, StringComparison.Ordinal) && line.Length > metric.Length && line[metric.Length] is ' ' or '{')
            .Where(line => label is null || line.Contains(label, StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.Contains('}', StringComparison.Ordinal) ? line.LastIndexOf('}') + 1 : line.IndexOf(' ', StringComparison.Ordinal))..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsRunAlone
{
    public const string Name = "metrics";
}
