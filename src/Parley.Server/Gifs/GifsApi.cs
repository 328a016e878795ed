using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Parley.Infrastructure;

namespace Parley.Gifs;

public static class GifsApi
{
    public static RouteGroupBuilder MapGifs(this RouteGroupBuilder api)
    {
        var gifs = api.MapGroup("/gifs").WithTags("GIFs");
        gifs.MapGet("/config", (IGifCatalog catalog) => TypedResults.Ok(new GifConfig(catalog.Provider)))
            .WithSummary("Which GIF provider the server uses: \"giphy\", \"tenor\", or null when GIFs are off (hide the GIF button)");
        gifs.MapGet("/trending", TrendingAsync).RequireUserLimit(UserLimit.GifSearches)
            .WithSummary("Trending GIFs, a page at a time")
            .WithDescription("`pos`: the previous page's `next`. 404 gifs_disabled when GIFs are off; 502 gif_provider_failed when the provider fails.");
        gifs.MapGet("/search", SearchAsync).RequireUserLimit(UserLimit.GifSearches)
            .WithSummary("Search GIFs, a page at a time")
            .WithDescription($"`q`: words, at most {GifService.MaxQueryLength} characters; `pos`: the previous page's `next`. 404 gifs_disabled when GIFs are off; 502 gif_provider_failed when the provider fails.");
        return api;
    }

    private static async Task<Results<Ok<GifPage>, ProblemHttpResult>> TrendingAsync(string? pos, GifService gifs, CancellationToken cancellationToken) =>
        ApiResults.Ok(await gifs.TrendingAsync(pos, cancellationToken));

    private static async Task<Results<Ok<GifPage>, ProblemHttpResult>> SearchAsync(string? q, string? pos, GifService gifs, CancellationToken cancellationToken) =>
        ApiResults.Ok(await gifs.SearchAsync(q, pos, cancellationToken));

    public static WebApplicationBuilder AddGifs(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ParleyOptions>()
            .Validate(o => o.Gifs.MediaHosts.All(ParleyOptions.GifOptions.IsMediaHost), "Parley:Gifs:MediaHosts takes host names, optionally with a port (\"media.giphy.com\", \"127.0.0.1:5080\").")
            .Validate(o => o.Gifs.HasUsableApiBaseUrl, "Parley:Gifs:ApiBaseUrl is an absolute http(s) address, or empty for the provider's own.")
            .ValidateOnStart();
        builder.Services.AddSingleton<GifMediaHosts>();
        builder.Services.AddSingleton<GifResults>();
        builder.Services.AddHttpClient<GiphyClient>((sp, client) =>
            GifProviderClient.Configure(client, sp.GetRequiredService<IOptions<ParleyOptions>>().Value.Gifs, GiphyClient.DefaultBaseUrl));
        builder.Services.AddHttpClient<TenorClient>((sp, client) =>
            GifProviderClient.Configure(client, sp.GetRequiredService<IOptions<ParleyOptions>>().Value.Gifs, TenorClient.DefaultBaseUrl));
        builder.Services.AddTransient<IGifProvider>(sp =>
            sp.GetRequiredService<IOptions<ParleyOptions>>().Value.Gifs.ActiveProvider == ParleyOptions.GifOptions.Tenor
                ? sp.GetRequiredService<TenorClient>()
                : sp.GetRequiredService<GiphyClient>());
        builder.Services.AddScoped<GifService>();
        builder.Services.AddScoped<IGifCatalog>(sp => sp.GetRequiredService<GifService>());
        return builder;
    }
}

public sealed record GifConfig(string? Provider);
