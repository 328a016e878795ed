using System.Text.Json;
using Microsoft.Extensions.Options;
using Parley.Infrastructure;

namespace Parley.Gifs;

/// <summary>Tenor's API v2 (developers.google.com/tenor/guides/endpoints): search, featured and posts by id.</summary>
public sealed class TenorClient(HttpClient http, GifMediaHosts mediaHosts, IOptions<ParleyOptions> options) : GifProviderClient(http, mediaHosts), IGifProvider
{
    public const string DefaultBaseUrl = "https://tenor.googleapis.com";

    /// <summary>Tells Parley's traffic apart in the key owner's Tenor console.</summary>
    private const string ClientKey = "parley";

    private readonly ParleyOptions.GifOptions _options = options.Value.Gifs;

    /// <summary>Tenor's "next" is an opaque token; what it looks like is kept narrow so it can travel in a URL as is.</summary>
    public static bool IsPosition(string position) =>
        position.Length is > 0 and <= 200 && position.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ':' or '=');

    public Task<GifPage> TrendingAsync(string? position, CancellationToken ct) =>
        PageAsync($"v2/featured?{Common()}{Position(position)}", "trending", ct);

    public Task<GifPage> SearchAsync(string query, string? position, CancellationToken ct) =>
        PageAsync($"v2/search?{Common()}&q={Uri.EscapeDataString(query)}{Position(position)}", "a search", ct);

    public async Task<GifDto?> GetAsync(string id, CancellationToken ct)
    {
        using var json = await GetJsonAsync($"v2/posts?{Common()}&ids={Uri.EscapeDataString(id)}", "a GIF by id", ct);
        return Items(Child(json.RootElement, "results")).Select(Gif).FirstOrDefault(g => g?.Id == id);
    }

    private async Task<GifPage> PageAsync(string pathAndQuery, string operation, CancellationToken ct)
    {
        using var json = await GetJsonAsync(pathAndQuery, operation, ct);
        var results = Child(json.RootElement, "results");
        if (results.ValueKind != JsonValueKind.Array)
        {
            throw new GifProviderException($"Tenor's answer to {operation} has no results.");
        }

        // Tenor ends a listing with an empty (or "0") next.
        var next = Text(json.RootElement, "next");
        var more = results.GetArrayLength() > 0 && next is { Length: > 0 } && next != "0" && IsPosition(next);
        return new GifPage(Items(results).Select(Gif).OfType<GifDto>().ToList(), more ? next : null, ParleyOptions.GifOptions.Tenor);
    }

    private GifDto? Gif(JsonElement post)
    {
        var formats = Child(post, "media_formats");
        var full = Child(formats, "gif");
        var preview = Child(formats, "tinygif");
        var title = Text(post, "title") is { Length: > 0 } t ? t : Text(post, "content_description");
        return Vetted(
            Text(post, "id"),
            title,
            Format(full),
            preview.ValueKind == JsonValueKind.Object ? Format(preview) : null);
    }

    /// <summary>Tenor gives a format's size as "dims": [width, height].</summary>
    private static (string? Url, int Width, int Height) Format(JsonElement format)
    {
        var dims = Items(Child(format, "dims")).Select(d => d.ValueKind == JsonValueKind.Number && d.TryGetInt32(out var n) ? n : 0).ToList();
        return (Text(format, "url"), dims.Count == 2 ? dims[0] : 0, dims.Count == 2 ? dims[1] : 0);
    }

    private string Common() =>
        $"key={Uri.EscapeDataString(_options.ApiKey)}&client_key={ClientKey}&contentfilter={ContentFilter(_options.Rating)}&media_filter=gif,tinygif&limit={PageSize}";

    private static string Position(string? position) => position is null ? "" : $"&pos={Uri.EscapeDataString(position)}";

    /// <summary>Giphy-style ratings, as Tenor's content filter levels.</summary>
    private static string ContentFilter(string rating) => rating.Trim().ToLowerInvariant() switch
    {
        "g" => "high",
        "pg" => "medium",
        "r" => "off",
        _ => "low",
    };
}
