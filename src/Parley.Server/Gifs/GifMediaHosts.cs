using Microsoft.Extensions.Options;
using Parley.Infrastructure;

namespace Parley.Gifs;

/// <summary>
/// Which image URLs a provider may hand out: https on its media hosts (ParleyOptions.Gifs.MediaHosts, the same list
/// the CSP's img-src allows). Plain http only from hosts the operator listed by name, which is how tests point at a
/// local stand-in. Anything else — another host, a port not listed, credentials in the URL — is dropped, so Parley
/// never stores or shows a link the provider did not serve from its own media servers.
/// </summary>
public sealed class GifMediaHosts(IOptions<ParleyOptions> options)
{
    private readonly HashSet<string> _hosts = new(options.Value.Gifs.EffectiveMediaHosts, StringComparer.OrdinalIgnoreCase);
    private readonly bool _httpAllowed = options.Value.Gifs.MediaHostsConfigured;

    public bool Allows(string? url)
    {
        if (url is null || url.Length > 2048 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.UserInfo.Length > 0)
        {
            return false;
        }

        if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && _httpAllowed))
        {
            return false;
        }

        return _hosts.Contains(uri.IsDefaultPort ? uri.IdnHost : $"{uri.IdnHost}:{uri.Port}");
    }
}
