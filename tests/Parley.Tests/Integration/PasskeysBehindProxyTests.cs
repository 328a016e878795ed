using System.Net;
using Parley.Accounts;

namespace Parley.Tests.Integration;

/// <summary>Passkeys behind a TLS-terminating nginx: they belong to the server's public address, not to how the proxy reaches it.</summary>
public sealed class PasskeysBehindProxyTests(ProxiedServerFixture fixture) : IClassFixture<ProxiedServerFixture>
{
    /// <summary>
    /// The relying party is Parley:PublicBaseUrl's host, and only a page on the public origin may use it: a passkey
    /// answer from another origin (here the proxy's own loopback address) is refused, one from the public origin added.
    /// </summary>
    [Fact]
    public async Task Add_BehindTheProxy_BelongsToThePublicAddress_AndOtherOriginsAreRefused()
    {
        using var registered = await ApiClient.RegisterAsync(fixture.Server);
        using var user = await ApiClient.SignInAsync(fixture.Proxy, registered.Username, registered.Password);
        using var onThePublicPage = new SoftwareAuthenticator(new Uri(ProxiedServerFixture.PublicBaseUrl));
        using var onAnotherPage = new SoftwareAuthenticator(fixture.Proxy.BaseAddress);

        var first = await StartAsync(user);
        using var refused = await user.PostAsync("/api/me/passkeys", new { ceremonyId = first.CeremonyId, credential = onAnotherPage.Create(first.Options) });
        var second = await StartAsync(user);
        using var added = await user.PostAsync("/api/me/passkeys", new { ceremonyId = second.CeremonyId, credential = onThePublicPage.Create(second.Options) });

        Assert.Equal(new Uri(ProxiedServerFixture.PublicBaseUrl).Host, first.Options.GetProperty("rp").GetProperty("id").GetString());
        Assert.Equal((400, "passkey_failed"), await refused.StatusAndCodeAsync());
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
    }

    private static Task<PasskeyOptionsResponse> StartAsync(ApiClient user) =>
        ApiClient.ReadAsync<PasskeyOptionsResponse>(user.PostAsync("/api/me/passkeys/creation-options", new { currentPassword = user.Password }));
}
