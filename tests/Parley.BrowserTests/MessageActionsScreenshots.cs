namespace Parley.BrowserTests;

/// <summary>
/// The message actions in the light and the dark theme, photographed: into the test output normally, into
/// docs/screenshots with PARLEY_SCREENSHOTS=1
/// (<c>PARLEY_SCREENSHOTS=1 dotnet test tests/Parley.BrowserTests --filter FullyQualifiedName~MessageActionsScreenshots</c>).
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class MessageActionsScreenshots(BrowserFixture fixture)
{
    /// <summary>
    /// Toolbar open, reactions, a reply, an edited message, the pinned panel and the phone's sheet show in both
    /// themes, and the themes differ.
    /// </summary>
    [Fact]
    public async Task MessageActions_InLightAndDarkThemes_ShowAndArePhotographed()
    {
        await using var alice = await fixture.RegisterAsync("Alice");
        await using var bob = await fixture.RegisterAsync("Bob");
        await alice.CreateRoomAsync("release-planning");
        await bob.JoinPublicRoomAsync("release-planning");

        await bob.SendAsync("Morning! Is the release still on for today?");
        await alice.SendAsync("Yes, right after the stand-up. Checklist is in the wiki.");
        await alice.SendAsync("Freeze starts at 11:00, please merge before then");
        await alice.MessageActionAsync("Freeze starts at 11:00", "Edit");
        var editor = alice.Page.GetByRole(AriaRole.Textbox, new() { Name = "Edit message" });
        await editor.FillAsync("Freeze starts at 11:30, please merge before then");
        await editor.PressAsync("Enter");
        await Expect(bob.MessageWithText("11:30")).ToBeVisibleAsync();
        await bob.MessageActionAsync("Checklist is in the wiki", "Reply");
        await bob.SendAsync("Found it, thanks. I'll take the smoke tests.");
        await bob.MessageActionAsync("Checklist is in the wiki", "React with 👍");
        await bob.MessageActionAsync("Freeze starts at 11:30", "React with 🎉");
        await alice.MessageActionAsync("I'll take the smoke tests", "React with ❤️");
        await alice.MessageActionAsync("Checklist is in the wiki", "React with 👍");
        await alice.MessageActionAsync("Checklist is in the wiki", "Pin");
        await alice.MessageActionAsync("Freeze starts at 11:30", "Pin");
        await Expect(alice.Reaction("I'll take the smoke tests", "❤️")).ToContainTextAsync("1");
        await Expect(alice.Reaction("Checklist is in the wiki", "👍")).ToContainTextAsync("2");

        var folder = Screenshots.Folder();
        var backgrounds = new HashSet<string>();
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            var theme = scheme == ColorScheme.Light ? "light" : "dark";
            await alice.Page.EmulateMediaAsync(new() { ColorScheme = scheme, ReducedMotion = ReducedMotion.Reduce });
            await alice.Page.Mouse.MoveAsync(0, 0);
            await bob.MessageWithText("I'll take the smoke tests").HoverAsync();
            await alice.MessageWithText("I'll take the smoke tests").HoverAsync();
            await Expect(alice.MessageWithText("I'll take the smoke tests").GetByTestId("message-toolbar")).ToHaveCSSAsync("opacity", "1");
            backgrounds.Add(await alice.Page.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor"));
            await alice.Page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"message-actions-{theme}.png") });

            await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Pinned messages", Exact = true }).ClickAsync();
            await Expect(alice.Page.GetByTestId("pinned-item")).ToHaveCountAsync(2);
            await alice.Page.Mouse.MoveAsync(0, 0);
            await alice.Page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"pinned-messages-{theme}.png") });
            await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Pinned messages", Exact = true }).ClickAsync();
        }

        // The touch sheet, on a phone.
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.Server.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            HasTouch = true,
            IsMobile = true,
            Locale = "en-GB",
        });
        var phonePage = await context.NewPageAsync();
        await phonePage.GotoAsync("/");
        await using var phone = new ChatPage(phonePage);
        await phone.SignInAsync(bob.Username, bob.Password);
        await phone.RoomLink("release-planning").TapAsync();
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            var theme = scheme == ColorScheme.Light ? "light" : "dark";
            await phonePage.EmulateMediaAsync(new() { ColorScheme = scheme, ReducedMotion = ReducedMotion.Reduce });
            await phone.MessageWithText("Checklist is in the wiki").Locator(".message-text").TapAsync();
            var sheet = phonePage.GetByRole(AriaRole.Dialog, new() { Name = "Message actions" });
            await Expect(sheet.GetByRole(AriaRole.List, new() { Name = "Who reacted" })).ToContainTextAsync("You and");
            await phonePage.ScreenshotAsync(new() { Path = Path.Combine(folder, $"message-sheet-phone-{theme}.png") });
            await sheet.GetByRole(AriaRole.Button, new() { Name = "Close" }).TapAsync();
        }

        Assert.Equal(2, backgrounds.Count);
        Assert.True(File.Exists(Path.Combine(folder, "message-sheet-phone-dark.png")));
    }
}
