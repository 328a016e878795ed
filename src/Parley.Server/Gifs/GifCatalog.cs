namespace Parley.Gifs;

/// <summary>
/// One GIF as the provider serves it: its animated image (<see cref="Url"/>) and a smaller one for grids and
/// thumbnails (<see cref="PreviewUrl"/>), both on the provider's media hosts, with their sizes in pixels.
/// </summary>
public sealed record GifDto(string Id, string Title, string Url, int Width, int Height, string PreviewUrl, int PreviewWidth, int PreviewHeight);

/// <summary>The configured GIF provider, as message sending sees it.</summary>
public interface IGifCatalog
{
    /// <summary>"giphy" or "tenor"; null when GIFs are off (no provider or no API key).</summary>
    string? Provider { get; }

    /// <summary>
    /// The GIF with this provider id: from recently served results when there, else the provider's by-id API.
    /// Null when GIFs are off, the id is unknown, or the provider cannot be reached.
    /// </summary>
    Task<GifDto?> FindAsync(string id, CancellationToken ct);
}
