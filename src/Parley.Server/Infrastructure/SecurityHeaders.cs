using Microsoft.Extensions.Options;

namespace Parley.Infrastructure;

public static class SecurityHeaders
{
    /// <summary>
    /// Defence in depth against script injection: the client never needs inline script or other origins, so a
    /// payload that slipped past rendering-as-text still could not run or phone home.
    /// </summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        var policy =
            $"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:{GifImageSources(app.Services.GetRequiredService<IOptions<ParleyOptions>>().Value.Gifs)}; " +
            "connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
        app.Use((http, next) =>
        {
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = policy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            return next(http);
        });
        return app;
    }

    /// <summary>
    /// GIFs are shown straight from the provider's media hosts (Parley stores no copy), so those hosts, and only
    /// while GIFs are on, may serve images. Plain http only for hosts the operator listed (a local stand-in).
    /// </summary>
    private static string GifImageSources(ParleyOptions.GifOptions gifs) =>
        string.Concat(gifs.EffectiveMediaHosts.Select(host => gifs.MediaHostsConfigured ? $" https://{host} http://{host}" : $" https://{host}"));
}
