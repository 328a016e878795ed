using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Parley.Gifs;

namespace Parley.Tests.Integration;

/// <summary>One stand-in provider for the GIF tests, and a Parley server on it per provider.</summary>
public sealed class GifFixture : IAsyncLifetime
{
    public GifProviderStandIn Provider { get; private set; } = null!;

    public ParleyServer Giphy { get; private set; } = null!;

    public ParleyServer Tenor { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Provider = await GifProviderStandIn.StartAsync();
        Giphy = await ParleyServer.StartAsync(Provider.SettingsFor("giphy"));
        Tenor = await ParleyServer.StartAsync(Provider.SettingsFor("tenor"));
    }

    public async Task DisposeAsync()
    {
        await Giphy.DisposeAsync();
        await Tenor.DisposeAsync();
        await Provider.DisposeAsync();
    }

    public ParleyServer For(string provider) => provider == "giphy" ? Giphy : Tenor;
}

/// <summary>
/// The GIF picker's API against a local stand-in for Giphy and Tenor (never the internet): on only with a provider
/// and a key, pages in the contract's shape, cached briefly, refused cleanly when the provider fails, rate limited,
/// the key never handed out, and only images from the provider's media hosts passed on.
/// </summary>
public sealed class GifTests(GifFixture fixture) : IClassFixture<GifFixture>
{
    private GifProviderStandIn StandIn => fixture.Provider;

    /// <summary>A provider without a key means GIFs are off: config says null (the client hides the button) and the picker's endpoints answer 404 gifs_disabled.</summary>
    [Fact]
    public async Task Config_ProviderWithoutKey_IsOffAndPickerEndpointsAre404GifsDisabled()
    {
        var settings = StandIn.SettingsFor("giphy");
        settings["Parley:Gifs:ApiKey"] = "";
        await using var server = await ParleyServer.StartAsync(settings);
        using var alice = await ApiClient.RegisterAsync(server);

        var config = await ApiClient.ReadAsync<GifConfig>(alice.GetAsync("/api/gifs/config"));
        using var trending = await alice.GetAsync("/api/gifs/trending");
        using var search = await alice.GetAsync("/api/gifs/search?q=cat");

        Assert.Null(config.Provider);
        Assert.Equal((404, "gifs_disabled"), await trending.StatusAndCodeAsync());
        Assert.Equal((404, "gifs_disabled"), await search.StatusAndCodeAsync());
    }

    /// <summary>Configured, config names the provider; the picker's first page is trending in the contract's shape, with a next that pages on to the end.</summary>
    [Theory]
    [InlineData("giphy")]
    [InlineData("tenor")]
    public async Task Trending_Configured_PagesThroughTheProvidersGifsInTheContractShape(string provider)
    {
        using var alice = await ApiClient.RegisterAsync(fixture.For(provider));

        var config = await ApiClient.ReadAsync<GifConfig>(alice.GetAsync("/api/gifs/config"));
        var pages = new List<GifPage>();
        string? next = null;
        do
        {
            var page = await ApiClient.ReadAsync<GifPage>(alice.GetAsync("/api/gifs/trending" + (next is null ? "" : $"?pos={Uri.EscapeDataString(next)}")));
            pages.Add(page);
            next = page.Next;
        }
        while (next is not null && pages.Count < 10);

        Assert.Equal(provider, config.Provider);
        Assert.All(pages, p => Assert.Equal(provider, p.Provider));
        Assert.Equal([24, 24, 24, 18], pages.Select(p => p.Results.Count));
        var all = pages.SelectMany(p => p.Results).ToList();
        Assert.Equal(GifProviderStandIn.Catalogue.Select(g => g.Title), all.Select(g => g.Title));
        Assert.Equal(all.Count, all.Select(g => g.Id).Distinct().Count());
        var first = all[0];
        Assert.Equal(GifProviderStandIn.IdOf(provider, "cat 1"), first.Id);
        Assert.Equal((GifProviderStandIn.Width, GifProviderStandIn.Height), (first.Width, first.Height));
        Assert.Equal((GifProviderStandIn.PreviewWidth, GifProviderStandIn.PreviewHeight), (first.PreviewWidth, first.PreviewHeight));
        Assert.Equal(new Uri(StandIn.BaseAddress, $"/media/{first.Id}.gif"), new Uri(first.Url));
        Assert.Equal(new Uri(StandIn.BaseAddress, $"/media/{first.Id}-preview.gif"), new Uri(first.PreviewUrl));
    }

    /// <summary>A search finds the provider's matches, and what it links to is a real animated GIF a browser can load.</summary>
    [Theory]
    [InlineData("giphy")]
    [InlineData("tenor")]
    public async Task Search_Words_ReturnsTheProvidersMatchesWithLoadableAnimatedGifs(string provider)
    {
        using var alice = await ApiClient.RegisterAsync(fixture.For(provider));

        var page = await ApiClient.ReadAsync<GifPage>(alice.GetAsync("/api/gifs/search?q=" + Uri.EscapeDataString("dog 2")));
        using var media = new HttpClient();
        var image = await media.GetByteArrayAsync(page.Results[0].Url);

        Assert.Equal(["dog 2", "dog 12", "dog 20", "dog 21", "dog 22", "dog 23", "dog 24", "dog 25", "dog 26", "dog 27", "dog 28", "dog 29"], page.Results.Select(g => g.Title));
        Assert.Null(page.Next);
        Assert.Equal("GIF89a"u8.ToArray(), image[..6]);
        // Two image descriptors: more than one frame, so it animates.
        Assert.True(image.Count(b => b == 0x2C) >= 2);
    }

    /// <summary>The same search again within the cache's minute, by anyone, is answered without asking the provider; case and spacing do not make it a different search.</summary>
    [Theory]
    [InlineData("giphy", "/v1/gifs/search")]
    [InlineData("tenor", "/v2/search")]
    public async Task Search_SameWordsAgain_IsAnsweredFromTheCacheWithoutAskingTheProvider(string provider, string searchPath)
    {
        using var alice = await ApiClient.RegisterAsync(fixture.For(provider));
        using var bob = await ApiClient.RegisterAsync(fixture.For(provider));
        int Asked() => StandIn.ApiRequests.Count(r => r.Path == searchPath && r["q"] == "party 1");

        var first = await ApiClient.ReadAsync<GifPage>(alice.GetAsync("/api/gifs/search?q=party%201"));
        var askedAfterFirst = Asked();
        var again = await ApiClient.ReadAsync<GifPage>(bob.GetAsync("/api/gifs/search?q=%20Party%20%201%20"));

        Assert.Equal(1, askedAfterFirst);
        Assert.Equal(1, Asked());
        Assert.NotEmpty(first.Results);
        Assert.Equal(first.Results.Select(g => g.Id), again.Results.Select(g => g.Id));
    }

    /// <summary>
    /// A failing provider is a 502 gif_provider_failed with a sentence for people: never the provider's body (which may
    /// quote the key) nor the key itself. An oversized answer counts as a failure, not a memory spike.
    /// </summary>
    [Theory]
    [InlineData("giphy", false)]
    [InlineData("tenor", false)]
    [InlineData("giphy", true)]
    public async Task Search_ProviderFails_Is502GifProviderFailedWithoutTheKeyOrTheProvidersBody(string provider, bool oversized)
    {
        using var alice = await ApiClient.RegisterAsync(fixture.For(provider));
        var query = ApiClient.UniqueName("failing");
        HttpResponseMessage response;
        try
        {
            StandIn.FailWith = oversized ? null : HttpStatusCode.InternalServerError;
            StandIn.Oversized = oversized;
            response = await alice.GetAsync($"/api/gifs/search?q={query}");
        }
        finally
        {
            StandIn.FailWith = null;
            StandIn.Oversized = false;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            var problem = await response.ReadProblemAsync();
            Assert.Equal((502, "gif_provider_failed"), (problem.Status, problem.Code));
            Assert.Equal("The GIF service is not answering right now. Try again in a moment.", problem.Detail);
            Assert.DoesNotContain(GifProviderStandIn.ApiKey, body, StringComparison.Ordinal);
            Assert.DoesNotContain("upstream trouble", body, StringComparison.Ordinal);
        }

        // A failure is not cached: the same search works once the provider is back.
        var page = await ApiClient.ReadAsync<GifPage>(alice.GetAsync($"/api/gifs/search?q={query}"));
        Assert.Empty(page.Results);
    }

    /// <summary>The API key stays on the server: no answer a browser gets — config, pages, the app's HTML and their headers — carries it.</summary>
    [Theory]
    [InlineData("giphy")]
    [InlineData("tenor")]
    public async Task ApiKey_NeverReachesTheBrowser(string provider)
    {
        var server = fixture.For(provider);
        using var alice = await ApiClient.RegisterAsync(server);
        using var anonymous = ApiClient.Anonymous(server);
        string[] paths = ["/api/gifs/config", "/api/gifs/trending", "/api/gifs/search?q=cat", "/api/gifs/trending?pos=24", "/api/me"];

        var seen = new List<string>();
        foreach (var path in paths)
        {
            using var response = await alice.GetAsync(path);
            seen.Add(response.Headers + "\n" + response.Content.Headers + "\n" + await response.Content.ReadAsStringAsync());
        }

        using var page = await anonymous.GetAsync("/");
        seen.Add(page.Headers + "\n" + await page.Content.ReadAsStringAsync());

        Assert.Contains(seen, s => s.Contains("cat 1", StringComparison.Ordinal));
        // The key is in use (the stand-in refuses requests without it), just never passed on.
        Assert.Contains(StandIn.ApiRequests, r => (r["api_key"] ?? r["key"]) == GifProviderStandIn.ApiKey);
        Assert.All(seen, s => Assert.DoesNotContain(GifProviderStandIn.ApiKey, s, StringComparison.Ordinal));
    }

    /// <summary>
    /// The key stays out of the operator's log too, even at the level that logs every request to the provider and
    /// when the provider fails (its body, which may quote the key, is never logged either).
    /// </summary>
    [Theory]
    [InlineData("giphy")]
    [InlineData("tenor")]
    public async Task ApiKey_NeverInTheServerLog(string provider)
    {
        var settings = StandIn.SettingsFor(provider);
        settings["Logging:LogLevel:Default"] = "Trace";
        await using var server = await ParleyServer.StartAsync(settings);
        var logs = LogCapture.AttachTo(server);
        using var alice = await ApiClient.RegisterAsync(server);

        await ApiClient.ReadAsync<GifPage>(alice.GetAsync("/api/gifs/search?q=cat"));
        try
        {
            StandIn.FailWith = HttpStatusCode.Forbidden;
            using var failed = await alice.GetAsync("/api/gifs/search?q=dog");
            Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        }
        finally
        {
            StandIn.FailWith = null;
        }

        var entries = logs.Entries.Select(e => e.ToString()).ToList();
        Assert.Contains(entries, e => e.Contains("System.Net.Http.HttpClient", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Contains("The GIF provider answered a search with HTTP 403", StringComparison.Ordinal));
        Assert.All(entries, e => Assert.DoesNotContain(GifProviderStandIn.ApiKey, e, StringComparison.Ordinal));
        Assert.All(entries, e => Assert.DoesNotContain("upstream trouble", e, StringComparison.Ordinal));
    }

    /// <summary>Empty searches and searches over 100 characters are refused as validation errors on q; a made-up position on pos. None reaches the provider.</summary>
    [Fact]
    public async Task Search_EmptyOrOver100CharactersOrForeignPosition_Is400ValidationWithoutAskingTheProvider()
    {
        using var alice = await ApiClient.RegisterAsync(fixture.Giphy);
        var before = StandIn.ApiRequests.Count;

        using var empty = await alice.GetAsync("/api/gifs/search?q=%20%20");
        using var tooLong = await alice.GetAsync("/api/gifs/search?q=" + new string('a', 101));
        using var badPosition = await alice.GetAsync("/api/gifs/trending?pos=" + Uri.EscapeDataString("1; drop"));
        using var justRight = await alice.GetAsync("/api/gifs/search?q=" + new string('a', 100));

        foreach (var (response, field) in new[] { (empty, "q"), (tooLong, "q"), (badPosition, "pos") })
        {
            var problem = await response.ReadProblemAsync();
            Assert.Equal((400, "validation_failed"), (problem.Status, problem.Code));
            Assert.True(problem.Errors.ContainsKey(field), $"Expected an error on {field}: {string.Join(", ", problem.Errors.Keys)}");
        }

        Assert.Equal(HttpStatusCode.OK, justRight.StatusCode);
        Assert.Equal(before + 1, StandIn.ApiRequests.Count);
    }

    /// <summary>GIF searches and trending pages share a per-user allowance (cached answers included): past the burst, 429 rate_limited with Retry-After; others are unaffected.</summary>
    [Fact]
    public async Task GifSearches_BeyondTheBurst_Are429RateLimitedForThatUserOnly()
    {
        var settings = StandIn.SettingsFor("giphy");
        settings["Parley:RateLimits:GifSearches:Burst"] = "3";
        settings["Parley:RateLimits:GifSearches:PerMinute"] = "1";
        await using var server = await ParleyServer.StartAsync(settings);
        using var alice = await ApiClient.RegisterAsync(server);
        using var bob = await ApiClient.RegisterAsync(server);

        var statuses = new List<HttpStatusCode>();
        foreach (var path in new[] { "/api/gifs/trending", "/api/gifs/search?q=cat", "/api/gifs/search?q=cat", "/api/gifs/trending" })
        {
            using var response = await alice.GetAsync(path);
            statuses.Add(response.StatusCode);
        }

        using var refused = await alice.GetAsync("/api/gifs/search?q=dog");

        using var bobs = await bob.GetAsync("/api/gifs/search?q=cat");
        using var config = await alice.GetAsync("/api/gifs/config");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal((429, "rate_limited"), await refused.StatusAndCodeAsync());
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.OK, bobs.StatusCode);
        Assert.Equal(HttpStatusCode.OK, config.StatusCode);
    }

    /// <summary>
    /// The catalog message sending uses: a GIF the picker just served is found without asking the provider; one it
    /// did not serve is looked up by id; an unknown or malformed id is null (the send is refused).
    /// </summary>
    [Theory]
    [InlineData("giphy")]
    [InlineData("tenor")]
    public async Task Find_ServedIdFromTheCache_OtherIdsFromTheProvider_UnknownIsNull(string provider)
    {
        // Its own server: a cache that has served nothing yet.
        await using var server = await ParleyServer.StartAsync(StandIn.SettingsFor(provider));
        using var alice = await ApiClient.RegisterAsync(server);
        var served = (await ApiClient.ReadAsync<GifPage>(alice.GetAsync("/api/gifs/search?q=" + Uri.EscapeDataString("cat 7")))).Results.First(g => g.Title == "cat 7");
        using var scope = server.Services.CreateScope();
        var catalog = scope.ServiceProvider.GetRequiredService<IGifCatalog>();
        var notServedId = GifProviderStandIn.IdOf(provider, "party 30");
        int LookedUp(string id) => StandIn.ApiRequests.Count(r => r["ids"] == id);

        var found = await catalog.FindAsync(served.Id, CancellationToken.None);
        var lookedUp = await catalog.FindAsync(notServedId, CancellationToken.None);
        var unknown = await catalog.FindAsync(provider == "giphy" ? "gNoSuchGif" : "987654321", CancellationToken.None);
        var malformed = await catalog.FindAsync("../v1/gifs/trending?x=", CancellationToken.None);

        Assert.Equal(provider, catalog.Provider);
        Assert.Equal(served, found);
        Assert.Equal(0, LookedUp(served.Id));
        Assert.Equal("party 30", lookedUp?.Title);
        Assert.Equal(new Uri(StandIn.BaseAddress, $"/media/{notServedId}.gif"), new Uri(lookedUp!.Url));
        Assert.Equal(1, LookedUp(notServedId));
        Assert.Null(unknown);
        Assert.Null(malformed);
    }

    /// <summary>With GIFs off the catalog has no provider and finds nothing, so a gifId can never be sent.</summary>
    [Fact]
    public async Task Find_GifsOff_IsNullWithoutAskingAnyone()
    {
        var settings = StandIn.SettingsFor("giphy");
        settings["Parley:Gifs:Provider"] = "";
        await using var server = await ParleyServer.StartAsync(settings);
        using var scope = server.Services.CreateScope();
        var catalog = scope.ServiceProvider.GetRequiredService<IGifCatalog>();
        var before = StandIn.ApiRequests.Count;

        var found = await catalog.FindAsync(GifProviderStandIn.IdOf("giphy", "cat 1"), CancellationToken.None);

        Assert.Null(catalog.Provider);
        Assert.Null(found);
        Assert.Equal(before, StandIn.ApiRequests.Count);
    }

    /// <summary>A GIF whose image the provider serves from a host not on the media host list is dropped from results and cannot be found to be sent.</summary>
    [Theory]
    [InlineData("giphy")]
    [InlineData("tenor")]
    public async Task Search_GifOnAForeignHost_IsDroppedAndCannotBeFound(string provider)
    {
        // Its own server: a cache that never held the GIF as the stand-in usually serves it.
        await using var server = await ParleyServer.StartAsync(StandIn.SettingsFor(provider));
        using var alice = await ApiClient.RegisterAsync(server);
        using var scope = server.Services.CreateScope();
        var catalog = scope.ServiceProvider.GetRequiredService<IGifCatalog>();
        GifPage page;
        GifDto? found;
        StandIn.ForeignHostTitles["dog 3"] = true;
        try
        {
            page = await ApiClient.ReadAsync<GifPage>(alice.GetAsync("/api/gifs/search?q=" + Uri.EscapeDataString("dog 3")));
            found = await catalog.FindAsync(GifProviderStandIn.IdOf(provider, "dog 3"), CancellationToken.None);
        }
        finally
        {
            StandIn.ForeignHostTitles.TryRemove("dog 3", out _);
        }

        Assert.Equal(["dog 13", "dog 23", "dog 30"], page.Results.Select(g => g.Title));
        Assert.Null(found);
    }

    /// <summary>Browsers may load images from the GIF media hosts only while GIFs are on: the CSP's img-src lists them then, and only then.</summary>
    [Fact]
    public async Task ContentSecurityPolicy_AllowsTheMediaHostsOnlyWhenGifsAreOn()
    {
        var settings = StandIn.SettingsFor("giphy");
        settings["Parley:Gifs:ApiKey"] = "";
        await using var off = await ParleyServer.StartAsync(settings);
        using var onClient = ApiClient.Anonymous(fixture.Giphy);
        using var offClient = ApiClient.Anonymous(off);

        using var on = await onClient.GetAsync("/");
        using var offPage = await offClient.GetAsync("/");

        Assert.Contains($"img-src 'self' data: blob: https://{StandIn.MediaHost} http://{StandIn.MediaHost};", ImgSrc(on), StringComparison.Ordinal);
        Assert.Equal("img-src 'self' data: blob:;", ImgSrc(offPage));
    }

    /// <summary>Without MediaHosts, Giphy's own media hosts (https only) are what the CSP allows.</summary>
    [Fact]
    public async Task ContentSecurityPolicy_DefaultGiphyHosts_AreHttpsOnly()
    {
        await using var server = await ParleyServer.StartAsync(new Dictionary<string, string>
        {
            ["Parley:Gifs:Provider"] = "giphy",
            ["Parley:Gifs:ApiKey"] = "unused",
        });
        using var client = ApiClient.Anonymous(server);

        using var page = await client.GetAsync("/");

        Assert.Contains("https://media.giphy.com", ImgSrc(page), StringComparison.Ordinal);
        Assert.Contains("https://i.giphy.com", ImgSrc(page), StringComparison.Ordinal);
        Assert.DoesNotContain("http://", ImgSrc(page), StringComparison.Ordinal);
    }

    private static string ImgSrc(HttpResponseMessage response)
    {
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        var start = policy.IndexOf("img-src", StringComparison.Ordinal);
        return policy[start..(policy.IndexOf(';', start) + 1)];
    }
}
