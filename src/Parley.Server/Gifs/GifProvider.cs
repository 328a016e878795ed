using System.Text.Json;
using Parley.Infrastructure;

namespace Parley.Gifs;

/// <summary>One page of a provider's answer, already checked: only GIFs whose images are on the allowed media hosts.</summary>
public sealed record GifPage(IReadOnlyList<GifDto> Results, string? Next, string Provider);

/// <summary>A GIF provider's API as Parley uses it. Each call either answers or throws <see cref="GifProviderException"/>.</summary>
public interface IGifProvider
{
    Task<GifPage> TrendingAsync(string? position, CancellationToken ct);

    Task<GifPage> SearchAsync(string query, string? position, CancellationToken ct);

    /// <summary>Null when the provider does not know the id.</summary>
    Task<GifDto?> GetAsync(string id, CancellationToken ct);
}

/// <summary>
/// The provider could not be asked or gave an answer Parley cannot use. The message is for the operator's log; it
/// never carries the request address (it holds the API key) nor the provider's body.
/// </summary>
public sealed class GifProviderException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>What both provider clients share: asking, within a time and size budget, and vetting the media URLs.</summary>
public abstract class GifProviderClient(HttpClient http, GifMediaHosts mediaHosts)
{
    /// <summary>GIFs per page; both providers' pages are a multiple of the picker's columns (2, 3 or 4).</summary>
    public const int PageSize = 24;

    /// <summary>A provider's JSON for a page is tens of KB; more than this is not an answer Parley wants.</summary>
    public const long MaxResponseBytes = 2 * 1024 * 1024;

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    protected GifMediaHosts MediaHosts { get; } = mediaHosts;

    /// <summary>Configures the typed client: short timeout, capped answers, the provider's (or the configured) base address.</summary>
    public static void Configure(HttpClient client, ParleyOptions.GifOptions options, string defaultBaseUrl)
    {
        var baseUrl = string.IsNullOrWhiteSpace(options.ApiBaseUrl) ? defaultBaseUrl : options.ApiBaseUrl.Trim();
        client.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
        client.Timeout = Timeout;
        client.MaxResponseContentBufferSize = MaxResponseBytes;
    }

    /// <summary>GETs <paramref name="pathAndQuery"/> and parses the JSON; any failure becomes a <see cref="GifProviderException"/>.</summary>
    protected async Task<JsonDocument> GetJsonAsync(string pathAndQuery, string operation, CancellationToken ct)
    {
        try
        {
            // Buffered (not streamed): MaxResponseContentBufferSize then refuses an oversized answer as it arrives.
            using var response = await http.GetAsync(pathAndQuery, HttpCompletionOption.ResponseContentRead, ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new GifProviderException($"The GIF provider answered {operation} with HTTP {(int)response.StatusCode}.");
            }

            await using var body = await response.Content.ReadAsStreamAsync(ct);
            return await JsonDocument.ParseAsync(body, cancellationToken: ct);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new GifProviderException($"The GIF provider did not answer {operation} within {Timeout.TotalSeconds:0} seconds.");
        }
        catch (HttpRequestException e)
        {
            // HttpRequestException's message names no URL; the inner exception is kept for the log's sake.
            throw new GifProviderException($"The GIF provider could not be asked for {operation}: {e.Message}", e);
        }
        catch (JsonException e)
        {
            throw new GifProviderException($"The GIF provider's answer to {operation} is not JSON.", e);
        }
    }

    /// <summary>A GIF from checked parts, or null when either image is missing or not on an allowed media host.</summary>
    protected GifDto? Vetted(string? id, string? title, (string? Url, int Width, int Height) full, (string? Url, int Width, int Height)? preview)
    {
        if (string.IsNullOrEmpty(id) || !GifIds.IsWellFormed(id) || !MediaHosts.Allows(full.Url) || !Sized(full.Width, full.Height))
        {
            return null;
        }

        // A missing or foreign preview falls back to the GIF itself; a foreign one is never passed on.
        var small = preview is { } p && MediaHosts.Allows(p.Url) && Sized(p.Width, p.Height) ? p : full;
        var name = string.IsNullOrWhiteSpace(title) ? "GIF" : title.Trim();
        return new GifDto(id, name.Length > 200 ? name[..200] : name, full.Url!, full.Width, full.Height, small.Url!, small.Width, small.Height);
    }

    /// <summary>A number the provider may write as a number or a string ("480"); 0 when absent or unreadable.</summary>
    protected static int Number(JsonElement parent, string name)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var value))
        {
            return 0;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt32(out var n) => n,
            JsonValueKind.String when int.TryParse(value.GetString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) => n,
            _ => 0,
        };
    }

    protected static string? Text(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    protected static JsonElement Child(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) ? value : default;

    protected static IEnumerable<JsonElement> Items(JsonElement array) =>
        array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : [];

    private static bool Sized(int width, int height) => width is > 0 and <= 10_000 && height is > 0 and <= 10_000;
}

/// <summary>What a provider's GIF id may look like (Giphy: letters and digits; Tenor: digits), so no id is ever an injection.</summary>
public static class GifIds
{
    public const int MaxLength = 64;

    public static bool IsWellFormed(string id) =>
        id.Length is > 0 and <= MaxLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
}
