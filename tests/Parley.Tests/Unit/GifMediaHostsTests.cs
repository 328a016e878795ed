using Microsoft.Extensions.Options;
using Parley.Gifs;
using Parley.Infrastructure;

namespace Parley.Tests.Unit;

/// <summary>Which image URLs from a GIF provider Parley passes on (and so stores in messages and lets browsers load).</summary>
public sealed class GifMediaHostsTests
{
    /// <summary>With the provider's own hosts, only https URLs on exactly those hosts pass: no look-alikes, no http, no other port, no credentials.</summary>
    [Theory]
    [InlineData("https://media.giphy.com/media/abc/giphy.gif", true)]
    [InlineData("https://media2.giphy.com/media/abc/giphy.gif?cid=1&rid=giphy.gif", true)]
    [InlineData("https://i.giphy.com/abc.gif", true)]
    [InlineData("http://media.giphy.com/media/abc/giphy.gif", false)]
    [InlineData("https://media.giphy.com:8443/media/abc/giphy.gif", false)]
    [InlineData("https://media.giphy.com.evil.example/abc.gif", false)]
    [InlineData("https://evilgiphy.com/abc.gif", false)]
    [InlineData("https://user:pass@media.giphy.com/abc.gif", false)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("/media/abc.gif", false)]
    [InlineData("https://media.tenor.com/abc/tenor.gif", false)]
    public void Giphy_DefaultHosts_AllowOnlyHttpsOnThem(string url, bool allowed) =>
        Assert.Equal(allowed, Hosts("giphy").Allows(url));

    /// <summary>Tenor's defaults are Tenor's media hosts.</summary>
    [Theory]
    [InlineData("https://media.tenor.com/abc/tenor.gif", true)]
    [InlineData("https://media1.tenor.com/abc/tenor.gif", true)]
    [InlineData("https://media.giphy.com/media/abc/giphy.gif", false)]
    public void Tenor_DefaultHosts_AreTenors(string url, bool allowed) =>
        Assert.Equal(allowed, Hosts("tenor").Allows(url));

    /// <summary>Hosts the operator lists replace the defaults, and only they may serve plain http (a local stand-in), on the port listed.</summary>
    [Theory]
    [InlineData("http://127.0.0.1:5080/media/a.gif", true)]
    [InlineData("https://127.0.0.1:5080/media/a.gif", true)]
    [InlineData("http://127.0.0.1:5081/media/a.gif", false)]
    [InlineData("http://127.0.0.1/media/a.gif", false)]
    [InlineData("https://gifs.example.org/a.gif", true)]
    [InlineData("https://media.giphy.com/media/abc/giphy.gif", false)]
    public void ConfiguredHosts_ReplaceTheDefaults(string url, bool allowed) =>
        Assert.Equal(allowed, Hosts("giphy", "127.0.0.1:5080", "Gifs.Example.org").Allows(url));

    /// <summary>With GIFs off (no key), nothing passes and the CSP gets no hosts.</summary>
    [Fact]
    public void GifsOff_AllowNothing()
    {
        var options = new ParleyOptions { Gifs = { Provider = "giphy", ApiKey = "" } };

        Assert.Empty(options.Gifs.EffectiveMediaHosts);
        Assert.False(new GifMediaHosts(Options.Create(options)).Allows("https://media.giphy.com/media/abc/giphy.gif"));
    }

    /// <summary>A media host entry goes into the CSP header as it is, so start-up refuses anything that could add to the policy.</summary>
    [Theory]
    [InlineData("media.giphy.com", true)]
    [InlineData("127.0.0.1:5080", true)]
    [InlineData("", true)]
    [InlineData("media.giphy.com; script-src *", false)]
    [InlineData("https://media.giphy.com", false)]
    [InlineData("*.giphy.com", false)]
    [InlineData("media.giphy.com 'unsafe-inline'", false)]
    public void MediaHostEntry_OnlyHostAndPort_IsAccepted(string entry, bool accepted) =>
        Assert.Equal(accepted, ParleyOptions.GifOptions.IsMediaHost(entry));

    private static GifMediaHosts Hosts(string provider, params string[] mediaHosts)
    {
        var options = new ParleyOptions { Gifs = { Provider = provider, ApiKey = "key" } };
        options.Gifs.MediaHosts.AddRange(mediaHosts);
        return new GifMediaHosts(Options.Create(options));
    }
}
