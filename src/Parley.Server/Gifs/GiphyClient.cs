using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Parley.Infrastructure;

namespace Parley.Gifs;

/// <summary>Giphy's API (developers.giphy.com/docs/api/endpoint): search, trending and GIFs by id.</summary>
public sealed class GiphyClient(HttpClient http, GifMediaHosts mediaHosts, IOptions<ParleyOptions> options) : GifProviderClient(http, mediaHosts), IGifProvider
{
    public const string DefaultBaseUrl = "https://api.giphy.com";

    /// <summary>Giphy serves results up to this offset and refuses beyond it.</summary>
    public const int MaxOffset = 4999;

    private readonly ParleyOptions.GifOptions _options = options.Value.Gifs;

    public static bool IsPosition(string position) => Offset(position) is not null;

    public Task<GifPage> TrendingAsync(string? position, CancellationToken ct) =>
        PageAsync($"v1/gifs/trending?{Common()}&limit={PageSize}&offset={Offset(position) ?? 0}", "trending", ct);

    public Task<GifPage> SearchAsync(string query, string? position, CancellationToken ct) =>
        PageAsync($"v1/gifs/search?{Common()}&q={Uri.EscapeDataString(query)}&limit={PageSize}&offset={Offset(position) ?? 0}&lang=en", "a search", ct);

    public async Task<GifDto?> GetAsync(string id, CancellationToken ct)
    {
        using var json = await GetJsonAsync($"v1/gifs?{Common()}&ids={Uri.EscapeDataString(id)}", "a GIF by id", ct);
        return Items(Child(json.RootElement, "data")).Select(Gif).FirstOrDefault(g => g?.Id == id);
    }

    private async Task<GifPage> PageAsync(string pathAndQuery, string operation, CancellationToken ct)
    {
        using var json = await GetJsonAsync(pathAndQuery, operation, ct);
        var data = Child(json.RootElement, "data");
        if (data.ValueKind != JsonValueKind.Array)
        {
            throw new GifProviderException($"Giphy's answer to {operation} has no data.");
        }

        var pagination = Child(json.RootElement, "pagination");
        var end = Number(pagination, "offset") + Number(pagination, "count");
        var more = data.GetArrayLength() > 0 && end < Number(pagination, "total_count") && end <= MaxOffset;
        var results = Items(data).Select(Gif).OfType<GifDto>().ToList();
        return new GifPage(results, more ? end.ToString(CultureInfo.InvariantCulture) : null, ParleyOptions.GifOptions.Giphy);
    }

    private GifDto? Gif(JsonElement gif)
    {
        var images = Child(gif, "images");
        // "downsized" is Giphy's rendition for showing in a message (at most 2 MB); "original" can be far larger.
        var full = Child(images, "downsized") is { ValueKind: JsonValueKind.Object } downsized ? downsized : Child(images, "original");
        var preview = Child(images, "fixed_width");
        return Vetted(
            Text(gif, "id"),
            Text(gif, "title"),
            (Text(full, "url"), Number(full, "width"), Number(full, "height")),
            preview.ValueKind == JsonValueKind.Object ? (Text(preview, "url"), Number(preview, "width"), Number(preview, "height")) : null);
    }

    private string Common() =>
        $"api_key={Uri.EscapeDataString(_options.ApiKey)}&rating={Uri.EscapeDataString(_options.Rating)}";

    private static int? Offset(string? position) =>
        position is null ? 0
        : int.TryParse(position, NumberStyles.None, CultureInfo.InvariantCulture, out var offset) && offset <= MaxOffset ? offset
        : null;
}
