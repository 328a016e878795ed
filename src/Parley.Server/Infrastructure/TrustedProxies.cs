using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Parley.Infrastructure;

/// <summary>
/// Behind a reverse proxy, the connection comes from the proxy over plain HTTP; the client's address and scheme
/// arrive in X-Forwarded-For and X-Forwarded-Proto. Those headers are believed only from the proxies configured in
/// Parley:Proxy (ParleyOptions.ProxyOptions), so that the session cookie is Secure when the proxy speaks HTTPS, rate
/// limits count each client rather than the proxy, and nobody else can claim another address or scheme.
/// </summary>
public static class TrustedProxies
{
    public static WebApplicationBuilder AddTrustedProxies(this WebApplicationBuilder builder)
    {
        var proxy = (builder.Configuration.GetSection(ParleyOptions.Section).Get<ParleyOptions>() ?? new ParleyOptions()).Proxy;
        var proxies = proxy.KnownProxies.Select(ParseAddress).ToList();
        var networks = proxy.KnownNetworks.Select(ParseNetwork).ToList();
        builder.Services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            // With no proxy configured the headers must be ignored outright: the middleware checks the sender against
            // its lists only when a list has an entry, so empty lists would believe every client's claims.
            forwarded.ForwardedHeaders = proxies.Count == 0 && networks.Count == 0
                ? ForwardedHeaders.None
                : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The platform trusts loopback out of the box; a process on the same machine is not necessarily a proxy.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            proxies.ForEach(forwarded.KnownProxies.Add);
            networks.ForEach(forwarded.KnownIPNetworks.Add);
            // Entries are taken from the right for as long as they were added by a trusted proxy, and no further:
            // a chain of configured proxies works, and whatever the client wrote into the header itself is ignored.
            forwarded.ForwardLimit = null;
        });
        return builder;
    }

    /// <summary>First in the pipeline, so that everything after it sees the client's address and scheme.</summary>
    public static WebApplication UseTrustedProxies(this WebApplication app)
    {
        app.UseForwardedHeaders();
        return app;
    }

    private static IPAddress ParseAddress(string text) =>
        IPAddress.TryParse(text.Trim(), out var address)
            ? address
            : throw new InvalidOperationException($"Parley:Proxy:KnownProxies has \"{text}\", which is not an IP address.");

    private static System.Net.IPNetwork ParseNetwork(string text) =>
        System.Net.IPNetwork.TryParse(text.Trim(), out var network)
            ? network
            : throw new InvalidOperationException($"Parley:Proxy:KnownNetworks has \"{text}\", which is not a network in CIDR notation (like 10.0.0.0/24).");

    /// <summary>The client's address as the sessions list and audit log show it: behind a trusted proxy, the one it forwarded; IPv4 without its IPv6 wrapping.</summary>
    public static string? ClientAddress(this HttpContext http) =>
        http.Connection.RemoteIpAddress is not { } address ? null
        : address.IsIPv4MappedToIPv6 ? address.MapToIPv4().ToString()
        : address.ToString();
}
