namespace Parley.BrowserTests;

/// <summary>
/// The GIF picker and a sent GIF, on a desktop and a phone, with the local stand-in provider: into the test output
/// normally, into docs/screenshots with PARLEY_SCREENSHOTS=1
/// (<c>PARLEY_SCREENSHOTS=1 dotnet test tests/Parley.BrowserTests --filter FullyQualifiedName~GifScreenshots</c>).
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class GifScreenshots(BrowserFixture fixture)
{
    /// <summary>The picker shows search results on both screens, and the GIF sent shows for both people with its attribution.</summary>
    [Fact]
    public async Task Gifs_OnDesktopAndPhone_ShowAndArePhotographed()
    {
        await using var provider = await GifProviderStandIn.StartAsync();
        await using var server = await ParleyServer.StartAsync(provider.SettingsFor("giphy"));
        await using var alice = await fixture.RegisterAsync("Alice", server: server);
        await using var bob = await fixture.RegisterAsync("Bob", server: server, phone: true);
        await alice.CreateRoomAsync("weekend");
        await bob.JoinPublicRoomAsync("weekend");
        var folder = Screenshots.Folder();
        await Screenshots.LightAndStillAsync(alice.Page, bob.Page);

        await bob.SendAsync("Party at mine on Saturday?");
        await Expect(alice.Message("Party at mine on Saturday?")).ToBeVisibleAsync();
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Send a GIF" }).ClickAsync();
        await alice.Page.Keyboard.TypeAsync("party");
        var results = alice.Page.GetByRole(AriaRole.Group, new() { Name = "GIFs for party" }).GetByRole(AriaRole.Button);
        // The first page of the stand-in's 30 party GIFs.
        await Expect(results).ToHaveCountAsync(24);
        await alice.Page.ScreenshotAsync(new() { Path = Path.Combine(folder, "gif-picker-desktop.png") });

        await results.Nth(4).ClickAsync();
        var sent = bob.Page.GetByRole(AriaRole.Img, new() { Name = "party 5", Exact = true });
        await Expect(sent).ToHaveJSPropertyAsync("naturalWidth", GifProviderStandIn.Width);
        await Expect(alice.Page.GetByRole(AriaRole.Img, new() { Name = "party 5", Exact = true })).ToHaveJSPropertyAsync("naturalWidth", GifProviderStandIn.Width);
        await Expect(bob.Messages.Filter(new() { Has = sent })).ToContainTextAsync("GIF via Giphy");
        await alice.Page.ScreenshotAsync(new() { Path = Path.Combine(folder, "gif-sent-desktop.png") });
        await bob.Page.ScreenshotAsync(new() { Path = Path.Combine(folder, "gif-sent-phone.png") });

        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Send a GIF" }).ClickAsync();
        var phoneGrid = bob.Page.GetByRole(AriaRole.Group, new() { Name = "Trending GIFs" });
        await Expect(phoneGrid.GetByRole(AriaRole.Button).First).ToBeVisibleAsync();
        // The grid's images are decorative (each button is named by its GIF's title).
        await Expect(phoneGrid.Locator("img").First).ToHaveJSPropertyAsync("naturalWidth", GifProviderStandIn.PreviewWidth);
        await bob.Page.ScreenshotAsync(new() { Path = Path.Combine(folder, "gif-picker-phone.png") });
    }
}
