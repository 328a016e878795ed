using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Parley.Testing;

/// <summary>
/// A local stand-in for Giphy's and Tenor's APIs (Kestrel on a free loopback port), so tests never reach the
/// internet: search, trending/featured and by-id lookups answering in each provider's JSON shape, over a fixed
/// catalogue of GIFs it serves itself as real animated GIF files under /media. It counts the API requests it gets,
/// can be told to fail, and can be told to hand out an image URL on a host Parley must not accept.
/// </summary>
public sealed class GifProviderStandIn : IAsyncDisposable
{
    /// <summary>The key Parley is configured with; the stand-in refuses any other, as the providers do.</summary>
    public const string ApiKey = "stand-in-secret-key-7f3a9c";

    /// <summary>The size of every GIF and of its preview, as served and as reported.</summary>
    public const int Width = 48, Height = 36, PreviewWidth = 24, PreviewHeight = 18;

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ProviderRequest> _apiRequests = new();
    private volatile int _failWith;

    private GifProviderStandIn(WebApplication app) => _app = app;

    /// <summary>The catalogue: ids "g1"… (Giphy) or "1001"… (Tenor), titled "cat 1" to "cat 30", then dog and party alike.</summary>
    public static IReadOnlyList<(string Number, string Title)> Catalogue { get; } =
        [.. new[] { "cat", "dog", "party" }.SelectMany((animal, a) => Enumerable.Range(1, 30).Select(n => ($"{a * 100 + n}", $"{animal} {n}")))];

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>"127.0.0.1:port": what Parley's MediaHosts setting names so it accepts (and its CSP allows) this stand-in's images.</summary>
    public string MediaHost => $"{BaseAddress.Host}:{BaseAddress.Port}";

    /// <summary>API requests so far (media downloads not counted).</summary>
    public IReadOnlyList<ProviderRequest> ApiRequests => [.. _apiRequests];

    /// <summary>When set, every API request is answered with this status and a body quoting the key, as a leaky provider might.</summary>
    public HttpStatusCode? FailWith
    {
        get => _failWith == 0 ? null : (HttpStatusCode)_failWith;
        set => _failWith = (int)(value ?? 0);
    }

    /// <summary>When set, every API request is answered with valid JSON of several megabytes.</summary>
    public bool Oversized { get; set; }

    /// <summary>Titles whose GIF's image URL the stand-in puts on a foreign host, which Parley must drop.</summary>
    public ConcurrentDictionary<string, bool> ForeignHostTitles { get; } = new(StringComparer.Ordinal);

    public static async Task<GifProviderStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var standIn = new GifProviderStandIn(app);
        standIn.Map(app);
        await app.StartAsync();
        standIn.BaseAddress = new Uri(app.Urls.Single());
        return standIn;
    }

    /// <summary>Parley's settings for using this stand-in as <paramref name="provider"/> ("giphy" or "tenor").</summary>
    public Dictionary<string, string> SettingsFor(string provider) => new()
    {
        ["Parley:Gifs:Provider"] = provider,
        ["Parley:Gifs:ApiKey"] = ApiKey,
        ["Parley:Gifs:ApiBaseUrl"] = BaseAddress.ToString(),
        ["Parley:Gifs:MediaHosts:0"] = MediaHost,
    };

    /// <summary>The provider id of the catalogue GIF with this title.</summary>
    public static string IdOf(string provider, string title)
    {
        var number = Catalogue.Single(g => g.Title == title).Number;
        return provider == "giphy" ? "g" + number : (1000 + int.Parse(number, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Map(WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            if (http.Request.Path.StartsWithSegments("/media"))
            {
                await next(http);
                return;
            }

            _apiRequests.Enqueue(new ProviderRequest(http.Request.Path, http.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString())));
            var key = http.Request.Query["api_key"].FirstOrDefault() ?? http.Request.Query["key"].FirstOrDefault();
            if (FailWith is { } status)
            {
                http.Response.StatusCode = (int)status;
                await http.Response.WriteAsync($"{{\"message\":\"upstream trouble for key {key}\"}}");
                return;
            }

            if (Oversized)
            {
                http.Response.ContentType = "application/json";
                await http.Response.WriteAsync($"{{\"data\":[],\"padding\":\"{new string('x', 3 * 1024 * 1024)}\"}}");
                return;
            }

            if (key != ApiKey)
            {
                http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                await http.Response.WriteAsJsonAsync(new { message = "No API key found in request." });
                return;
            }

            await next(http);
        });

        // Giphy (developers.giphy.com/docs/api/endpoint): offsets, sizes as strings, images by rendition.
        app.MapGet("/v1/gifs/search", (string q, int? offset, int? limit) => Giphy(Matching(q), offset ?? 0, limit ?? 25));
        app.MapGet("/v1/gifs/trending", (int? offset, int? limit) => Giphy([.. Catalogue], offset ?? 0, limit ?? 25));
        app.MapGet("/v1/gifs", (string ids) => new { data = ByIds("giphy", ids).Select(GiphyGif), meta = new { status = 200 } });

        // Tenor v2 (developers.google.com/tenor/guides/endpoints): opaque "next", "dims": [w, h], media_formats.
        app.MapGet("/v2/search", (string q, string? pos, int? limit) => Tenor(Matching(q), pos, limit ?? 20));
        app.MapGet("/v2/featured", (string? pos, int? limit) => Tenor([.. Catalogue], pos, limit ?? 20));
        app.MapGet("/v2/posts", (string ids) => new { results = ByIds("tenor", ids).Select(TenorPost) });

        app.MapGet("/media/{name}.gif", (string name) =>
            Results.File(AnimatedGif.Make(name.EndsWith("-preview", StringComparison.Ordinal) ? PreviewWidth : Width, name.EndsWith("-preview", StringComparison.Ordinal) ? PreviewHeight : Height), "image/gif"));
    }

    private static List<(string Number, string Title)> Matching(string q) =>
        [.. Catalogue.Where(g => q.Split(' ', StringSplitOptions.RemoveEmptyEntries).All(word => g.Title.Contains(word, StringComparison.OrdinalIgnoreCase)))];

    private static IEnumerable<(string Number, string Title)> ByIds(string provider, string ids) =>
        ids.Split(',').SelectMany(id => Catalogue.Where(g => IdOf(provider, g.Title) == id));

    private object Giphy(List<(string Number, string Title)> found, int offset, int limit)
    {
        var page = found.Skip(offset).Take(limit).ToList();
        return new
        {
            data = page.Select(GiphyGif),
            pagination = new { total_count = found.Count, count = page.Count, offset },
            meta = new { status = 200, msg = "OK" },
        };
    }

    private object GiphyGif((string Number, string Title) gif)
    {
        var id = IdOf("giphy", gif.Title);
        var w = Width.ToString(CultureInfo.InvariantCulture);
        var h = Height.ToString(CultureInfo.InvariantCulture);
        var pw = PreviewWidth.ToString(CultureInfo.InvariantCulture);
        var ph = PreviewHeight.ToString(CultureInfo.InvariantCulture);
        return new
        {
            type = "gif",
            id,
            title = gif.Title,
            images = new
            {
                original = new { url = MediaUrl(gif.Title, id), width = w, height = h, size = "5000" },
                downsized = new { url = MediaUrl(gif.Title, id), width = w, height = h, size = "5000" },
                fixed_width = new { url = MediaUrl(gif.Title, id + "-preview"), width = pw, height = ph },
            },
        };
    }

    private object Tenor(List<(string Number, string Title)> found, string? pos, int limit)
    {
        var offset = pos is null ? 0 : int.Parse(pos, CultureInfo.InvariantCulture);
        var page = found.Skip(offset).Take(limit).ToList();
        return new { results = page.Select(TenorPost), next = offset + page.Count < found.Count ? (offset + page.Count).ToString(CultureInfo.InvariantCulture) : "" };
    }

    private object TenorPost((string Number, string Title) gif)
    {
        var id = IdOf("tenor", gif.Title);
        return new
        {
            id,
            title = "",
            content_description = gif.Title,
            media_formats = new Dictionary<string, object>
            {
                ["gif"] = new { url = MediaUrl(gif.Title, id), dims = new[] { Width, Height }, size = 5000 },
                ["tinygif"] = new { url = MediaUrl(gif.Title, id + "-preview"), dims = new[] { PreviewWidth, PreviewHeight }, size = 2000 },
            },
        };
    }

    private string MediaUrl(string title, string name) =>
        ForeignHostTitles.ContainsKey(title) ? $"https://gifs.example.net/media/{name}.gif" : new Uri(BaseAddress, $"/media/{name}.gif").ToString();
}

/// <summary>An API request the stand-in received: its path ("/v1/gifs/search") and query parameters, decoded.</summary>
public sealed record ProviderRequest(string Path, IReadOnlyDictionary<string, string> Query)
{
    public string? this[string parameter] => Query.GetValueOrDefault(parameter);
}

/// <summary>Small animated GIFs made in code: two frames of stripes that swap colours, looping forever.</summary>
public static class AnimatedGif
{
    public static byte[] Make(int width, int height)
    {
        using var gif = new MemoryStream();
        gif.Write("GIF89a"u8);
        Short(gif, width);
        Short(gif, height);
        // Global colour table of 4 entries (size field 1 → 2^(1+1)).
        gif.Write([0b1000_0001, 0, 0]);
        gif.Write([0xE5, 0x39, 0x35, 0x1E, 0x88, 0xE5, 0xFD, 0xD8, 0x35, 0xFF, 0xFF, 0xFF]);
        // NETSCAPE2.0: loop forever.
        gif.Write([0x21, 0xFF, 0x0B, .. "NETSCAPE2.0"u8, 0x03, 0x01, 0x00, 0x00, 0x00]);
        for (var frame = 0; frame < 2; frame++)
        {
            // Graphic control: 0.3 s per frame.
            gif.Write([0x21, 0xF9, 0x04, 0x00, 30, 0, 0, 0x00]);
            gif.WriteByte(0x2C);
            Short(gif, 0);
            Short(gif, 0);
            Short(gif, width);
            Short(gif, height);
            gif.WriteByte(0);
            gif.WriteByte(2); // LZW minimum code size
            var data = Lzw(width, height, frame);
            for (var at = 0; at < data.Length; at += 255)
            {
                var length = Math.Min(255, data.Length - at);
                gif.WriteByte((byte)length);
                gif.Write(data, at, length);
            }

            gif.WriteByte(0);
        }

        gif.WriteByte(0x3B);
        return gif.ToArray();
    }

    /// <summary>
    /// The pixels as LZW codes without compression: a clear code before every two pixels keeps the code size at 3
    /// bits, which every decoder reads. Larger than real compression, and irrelevant at this size.
    /// </summary>
    private static byte[] Lzw(int width, int height, int frame)
    {
        const int clear = 4, end = 5;
        var codes = new List<int>();
        for (var i = 0; i < width * height; i++)
        {
            if (i % 2 == 0)
            {
                codes.Add(clear);
            }

            var stripe = (i % width) / 6 % 2;
            codes.Add((stripe + frame) % 2 == 0 ? 0 : 1);
        }

        codes.Add(end);
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var code in codes)
        {
            buffer |= code << bits;
            bits += 3;
            while (bits >= 8)
            {
                bytes.Add((byte)(buffer & 0xFF));
                buffer >>= 8;
                bits -= 8;
            }
        }

        if (bits > 0)
        {
            bytes.Add((byte)buffer);
        }

        return [.. bytes];
    }

    private static void Short(Stream stream, int value)
    {
        stream.WriteByte((byte)(value & 0xFF));
        stream.WriteByte((byte)(value >> 8));
    }
}
