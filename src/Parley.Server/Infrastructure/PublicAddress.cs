using Microsoft.Extensions.Options;

namespace Parley.Infrastructure;

/// <summary>Where people reach this server, for links the server writes (invite links).</summary>
public static class PublicAddress
{
    /// <summary>
    /// The configured public base URL (Parley:PublicBaseUrl) when there is one; otherwise the address of the request,
    /// as the forwarded-headers middleware restored it behind a trusted proxy. Always ends with a slash.
    /// </summary>
    public static Uri BaseUrl(HttpContext http)
    {
        var configured = http.RequestServices.GetRequiredService<IOptions<ParleyOptions>>().Value.PublicBaseUrl;
        var text = string.IsNullOrWhiteSpace(configured)
            ? $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}"
            : configured.Trim();
        return new Uri(text.EndsWith('/') ? text : text + "/");
    }
}
