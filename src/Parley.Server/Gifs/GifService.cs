using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Parley.Infrastructure;

namespace Parley.Gifs;

/// <summary>
/// The picker's searches and the catalog message sending asks, in front of the provider: a short cache of pages,
/// so people scrolling or typing the same words do not spend the key's quota, and of every GIF served, so a GIF
/// picked from the picker is found without asking the provider again.
/// </summary>
public sealed partial class GifService(IOptions<ParleyOptions> options, GifResults cache, IGifProvider provider, ILogger<GifService> logger) : IGifCatalog
{
    public const int MaxQueryLength = 100;

    public string? Provider { get; } = options.Value.Gifs.ActiveProvider;

    public Task<Result<GifPage>> TrendingAsync(string? position, CancellationToken ct) =>
        PageAsync(position, query: null, ct);

    public Task<Result<GifPage>> SearchAsync(string? query, string? position, CancellationToken ct)
    {
        // Case and runs of spaces do not change what the providers find, so "Cat  " and "cat" share a cache entry.
        var words = string.Join(' ', (query ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToLowerInvariant();
        var errors = new ValidationErrors()
            .AddIf(words.Length == 0, "q", "Type something to search for.")
            .AddIf(words.Length > MaxQueryLength, "q", $"A GIF search is at most {MaxQueryLength} characters.");
        return errors.IsEmpty ? PageAsync(position, words, ct) : Task.FromResult<Result<GifPage>>(ApiError.Validation(errors));
    }

    public async Task<GifDto?> FindAsync(string id, CancellationToken ct)
    {
        if (Provider is null || !GifIds.IsWellFormed(id))
        {
            return null;
        }

        if (cache.FindGif(id) is { } served)
        {
            return served;
        }

        try
        {
            var gif = await provider.GetAsync(id, ct);
            if (gif is not null)
            {
                cache.Remember([gif]);
            }

            return gif;
        }
        catch (GifProviderException e)
        {
            LookupFailed(logger, e, id, e.Message);
            return null;
        }
    }

    private async Task<Result<GifPage>> PageAsync(string? position, string? query, CancellationToken ct)
    {
        if (Provider is null)
        {
            return ApiError.NotFound("gifs_disabled", "GIFs are not set up on this server.");
        }

        if (position is not null && !(Provider == ParleyOptions.GifOptions.Giphy ? GiphyClient.IsPosition(position) : TenorClient.IsPosition(position)))
        {
            return ApiError.Validation(new ValidationErrors().Add("pos", "This is not a position from a previous page's next."));
        }

        var key = (query, position);
        if (cache.FindPage(key) is { } cached)
        {
            return cached;
        }

        try
        {
            var page = query is null ? await provider.TrendingAsync(position, ct) : await provider.SearchAsync(query, position, ct);
            cache.Remember(key, page);
            return page;
        }
        catch (GifProviderException e)
        {
            ProviderFailed(logger, e, e.Message);
            return new ApiError(StatusCodes.Status502BadGateway, "gif_provider_failed", "The GIF service is not answering right now. Try again in a moment.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The GIF provider failed: {Reason}")]
    private static partial void ProviderFailed(ILogger logger, Exception exception, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GIF {GifId} could not be looked up: {Reason}")]
    private static partial void LookupFailed(ILogger logger, Exception exception, string gifId, string reason);
}

/// <summary>
/// Recently served pages (a minute: trending and searches change slowly) and GIFs (ten minutes: long enough to
/// pick one after browsing), in memory and bounded, so a flood of distinct searches cannot grow it without end.
/// </summary>
public sealed class GifResults : IDisposable
{
    public static readonly TimeSpan PageLifetime = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan GifLifetime = TimeSpan.FromMinutes(10);

    private readonly MemoryCache _pages = new(new MemoryCacheOptions { SizeLimit = 500 });
    private readonly MemoryCache _gifs = new(new MemoryCacheOptions { SizeLimit = 10_000 });

    public GifPage? FindPage((string? Query, string? Position) key) => _pages.Get<GifPage>(key);

    public GifDto? FindGif(string id) => _gifs.Get<GifDto>(id);

    public void Remember((string? Query, string? Position) key, GifPage page)
    {
        _pages.Set(key, page, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = PageLifetime });
        Remember(page.Results);
    }

    public void Remember(IEnumerable<GifDto> gifs)
    {
        foreach (var gif in gifs)
        {
            _gifs.Set(gif.Id, gif, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = GifLifetime });
        }
    }

    public void Dispose()
    {
        _pages.Dispose();
        _gifs.Dispose();
    }
}
