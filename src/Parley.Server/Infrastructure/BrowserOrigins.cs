namespace Parley.Infrastructure;

/// <summary>
/// Which web pages may talk to Parley from a browser: Parley's own origin — the address the request came to (as a
/// trusted proxy restored it) or the public base URL — and the origins configured in Parley:AllowedOrigins. A
/// request without an Origin header does not come from a page in a browser (bots, the .NET client) and is let through.
/// </summary>
public sealed class BrowserOrigins
{
    private readonly IReadOnlyList<Uri> _allowed;

    private BrowserOrigins(IReadOnlyList<Uri> allowed) => _allowed = allowed;

    /// <summary>Reads the settings once; a malformed one stops the server at start-up rather than refusing browsers later.</summary>
    public static BrowserOrigins From(ParleyOptions options)
    {
        var allowed = options.AllowedOrigins.Select(o => Parse(o, "Parley:AllowedOrigins")).ToList();
        if (!string.IsNullOrWhiteSpace(options.PublicBaseUrl))
        {
            allowed.Add(Parse(options.PublicBaseUrl, "Parley:PublicBaseUrl"));
        }

        return new BrowserOrigins(allowed);
    }

    public bool IsAllowed(HttpRequest request)
    {
        if (request.Headers.Origin is not [{ } origin])
        {
            // Several Origin headers is not something a browser sends; none is a client outside a browser.
            return request.Headers.Origin.Count == 0;
        }

        // "null" (sandboxed frames, file: pages) and anything else unparseable are nobody's origin.
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var page) || page.Scheme is not ("http" or "https"))
        {
            return false;
        }

        return (Uri.TryCreate($"{request.Scheme}://{request.Host}", UriKind.Absolute, out var own) && SameOrigin(page, own))
            || _allowed.Any(allowed => SameOrigin(page, allowed));
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;

    private static Uri Parse(string text, string setting) =>
        Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new InvalidOperationException($"{setting} has \"{text}\", which is not an http:// or https:// address.");
}
