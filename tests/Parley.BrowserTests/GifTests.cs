namespace Parley.BrowserTests;

[Collection(SharedBrowser.Name)]
public sealed class GifTests(BrowserFixture fixture)
{
    /// <summary>
    /// The whole GIF path against the local stand-in provider: the picker opens on trending, loads further pages as
    /// it is scrolled to its end, searches as the user types, is worked by keyboard alone, and the GIF picked reaches the other person (on a phone) as an animated
    /// image of its own size with "GIF via Giphy" under it. The picker fits the phone's screen too.
    /// </summary>
    [Fact]
    public async Task Gif_PickedByKeyboardFromASearch_ShowsAnimatedWithAttributionForTheOtherPerson()
    {
        // Arrange
        await using var provider = await GifProviderStandIn.StartAsync();
        await using var server = await ParleyServer.StartAsync(provider.SettingsFor("giphy"));
        await using var alice = await fixture.RegisterAsync("Alice", server: server);
        await using var bob = await fixture.RegisterAsync("Bob", server: server, phone: true);
        var room = $"Gifs {Guid.NewGuid():N}"[..13];
        await alice.CreateRoomAsync(room);
        await bob.JoinPublicRoomAsync(room);

        // Act: open the picker from the composer.
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Send a GIF" }).ClickAsync();
        var picker = alice.Page.GetByRole(AriaRole.Dialog, new() { Name = "Choose a GIF" });
        var grid = picker.GetByRole(AriaRole.Group, new() { Name = "Trending GIFs" });

        // Assert: trending first, the search box has the focus.
        await Expect(grid.GetByRole(AriaRole.Button, new() { Name = "cat 1", Exact = true })).ToBeVisibleAsync();
        await Expect(picker.GetByRole(AriaRole.Searchbox, new() { Name = "Search GIFs" })).ToBeFocusedAsync();
        await Expect(picker).ToContainTextAsync("GIF via Giphy");

        // Act: scroll to the end of the grid, again and again.
        var cells = grid.GetByRole(AriaRole.Button);
        foreach (var shown in new[] { 48, 72, 90 })
        {
            await grid.EvaluateAsync("grid => grid.scrollTop = grid.scrollHeight");
            await Expect(cells).ToHaveCountAsync(shown);
        }

        // Assert: each page followed the last (the stand-in has 90), each GIF once.
        await Expect(cells.Last).ToHaveAccessibleNameAsync("party 30");

        // Act: search, then pick with the keyboard: ↓ into the grid, → to the second result, Enter.
        await alice.Page.Keyboard.TypeAsync("dog 2");
        var results = picker.GetByRole(AriaRole.Group, new() { Name = "GIFs for dog 2" }).GetByRole(AriaRole.Button);
        await Expect(results).ToHaveCountAsync(12);
        await Expect(results.First).ToHaveAccessibleNameAsync("dog 2");
        await alice.Page.Keyboard.PressAsync("ArrowDown");
        await alice.Page.Keyboard.PressAsync("ArrowRight");
        await Expect(results.Nth(1)).ToBeFocusedAsync();
        await alice.Page.Keyboard.PressAsync("Enter");

        // Assert: the picker closed, and Bob sees the GIF, animated, with its attribution.
        await Expect(picker).ToBeHiddenAsync();
        await Expect(alice.Composer).ToBeFocusedAsync();
        var gif = bob.Page.GetByRole(AriaRole.Img, new() { Name = "dog 12", Exact = true });
        await Expect(gif).ToBeVisibleAsync();
        await Expect(bob.Messages.Filter(new() { Has = gif })).ToContainTextAsync("GIF via Giphy");
        await Expect(gif).ToHaveAttributeAsync("src", new Uri(provider.BaseAddress, $"/media/{GifProviderStandIn.IdOf("giphy", "dog 12")}.gif").ToString());
        // Loaded and decoded from the provider's media host (the page's CSP allows it): its own pixels, not a broken image.
        await Expect(gif).ToHaveJSPropertyAsync("naturalWidth", GifProviderStandIn.Width);
        await Expect(gif).ToHaveJSPropertyAsync("naturalHeight", GifProviderStandIn.Height);
        await Expect(alice.Page.GetByRole(AriaRole.Img, new() { Name = "dog 12", Exact = true })).ToBeVisibleAsync();

        // Act: on Bob's phone, the picker opens within the screen and Escape closes it.
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Send a GIF" }).ClickAsync();
        var phonePicker = bob.Page.GetByRole(AriaRole.Dialog, new() { Name = "Choose a GIF" });
        await Expect(phonePicker.GetByRole(AriaRole.Button, new() { Name = "cat 1", Exact = true })).ToBeVisibleAsync();
        var box = await phonePicker.BoundingBoxAsync();
        await bob.Page.Keyboard.PressAsync("Escape");

        // Assert
        Assert.NotNull(box);
        Assert.InRange(box.X, 0, 390);
        Assert.InRange(box.X + box.Width, 0, 390);
        await Expect(phonePicker).ToBeHiddenAsync();
    }

    /// <summary>Without a provider the composer has no GIF button at all (the server's answer is awaited, and a message sent after it, before looking).</summary>
    [Fact]
    public async Task GifButton_NoProviderConfigured_IsNotShown()
    {
        // Arrange
        await using var alice = await fixture.RegisterAsync("Alice");

        // Act
        var config = await alice.Page.RunAndWaitForResponseAsync(
            () => alice.CreateRoomAsync($"NoGifs {Guid.NewGuid():N}"[..15]),
            response => response.Url.EndsWith("/api/gifs/config", StringComparison.Ordinal));
        await alice.SendAsync("no gifs here");
        await Expect(alice.Message("no gifs here")).ToBeVisibleAsync();

        // Assert
        Assert.Equal("{\"provider\":null}", await config.TextAsync());
        await Expect(alice.Page.GetByRole(AriaRole.Button, new() { Name = "Insert an emoji" })).ToBeVisibleAsync();
        await Expect(alice.Page.GetByRole(AriaRole.Button, new() { Name = "Send a GIF" })).ToHaveCountAsync(0);
    }
}
