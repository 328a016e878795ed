using System.Text.RegularExpressions;

namespace Parley.BrowserTests;

[Collection(SharedBrowser.Name)]
public sealed class RichTextTests(BrowserFixture fixture)
{
    /// <summary>
    /// Markdown never becomes a way in: a javascript: link stays text (no link to click), and HTML in a message is
    /// shown as typed: no element is made from it, nothing runs, no dialog opens, for the reader as for the sender.
    /// </summary>
    [Fact]
    public async Task MarkdownMessage_WithScriptLinkAndHtml_IsShownAsText_AndNothingRuns()
    {
        // Arrange
        const string scriptLink = "[win a prize](javascript:window.__xss=1;alert(1))";
        const string html = """<img src=x onerror="window.__xss=2;alert(2)"><script>window.__xss=3</script>""";
        var payload = $"**Hello** {scriptLink} {html}";
        await using var alice = await fixture.RegisterAsync("Alice");
        await using var bob = await fixture.RegisterAsync("Bob");
        var dialogs = new List<string>();
        alice.Page.Dialog += (_, dialog) => dialogs.Add(dialog.Message);
        bob.Page.Dialog += (_, dialog) => dialogs.Add(dialog.Message);
        var room = $"Safe {Guid.NewGuid():N}"[..13];
        await alice.CreateRoomAsync(room);
        await bob.JoinPublicRoomAsync(room);

        // Act
        await alice.SendAsync(payload);

        // Assert
        foreach (var person in new[] { bob, alice })
        {
            var message = person.Message("win a prize").Locator(".message-text");
            await Expect(message).ToHaveTextAsync($"Hello {scriptLink} {html}");
            await Expect(message.Locator("strong")).ToHaveTextAsync("Hello");
            await Expect(message.Locator("a, img, script")).ToHaveCountAsync(0);
            await message.GetByText("win a prize").ClickAsync();
            Assert.False(await person.ScriptRanAsync());
        }

        Assert.Empty(dialogs);
    }

    /// <summary>
    /// What one person formats, the other sees formatted: bold as bold, a fenced code block in monospace with its
    /// syntax highlighted, a URL as a link that opens in a new tab without access to Parley.
    /// </summary>
    [Fact]
    public async Task MarkdownMessage_WithBoldCodeBlockAndLink_IsFormattedForTheOtherPerson()
    {
        // Arrange
        await using var alice = await fixture.RegisterAsync("Alice");
        await using var bob = await fixture.RegisterAsync("Bob");
        var room = $"Dev {Guid.NewGuid():N}"[..12];
        await alice.CreateRoomAsync(room);
        await bob.JoinPublicRoomAsync(room);

        // Act
        await alice.SendAsync("**Release** notes: https://example.com/notes\n```js\nconst answer = 42;\n```");

        // Assert
        var message = bob.Message("Release").Locator(".message-text");
        await Expect(message.Locator("strong")).ToHaveTextAsync("Release");
        var link = message.GetByRole(AriaRole.Link, new() { Name = "https://example.com/notes" });
        await Expect(link).ToHaveAttributeAsync("href", "https://example.com/notes");
        await Expect(link).ToHaveAttributeAsync("target", "_blank");
        await Expect(link).ToHaveAttributeAsync("rel", "noopener noreferrer");
        var code = message.Locator("pre code");
        await Expect(code).ToHaveTextAsync("const answer = 42;");
        await Expect(code.Locator(".hljs-keyword")).ToHaveTextAsync("const");
        await Expect(code).ToHaveCSSAsync("font-family", new Regex("mono", RegexOptions.IgnoreCase));
    }

    /// <summary>
    /// The composer's emoji button opens a picker whose search has the focus; on a phone's width it fits the
    /// screen; the emoji chosen by keyboard goes in at the caret, Escape closes it, the emoji picked comes first
    /// among the most used next time, and a message of only emoji is shown larger.
    /// </summary>
    [Fact]
    public async Task EmojiPicker_PickedEmoji_IsInsertedAtTheCaret_AndSent()
    {
        // Arrange
        await using var alice = await fixture.RegisterAsync("Alice");
        await using var bob = await fixture.RegisterAsync("Bob");
        var room = $"Fun {Guid.NewGuid():N}"[..12];
        await alice.CreateRoomAsync(room);
        await bob.JoinPublicRoomAsync(room);
        await alice.Page.SetViewportSizeAsync(390, 800);
        await alice.Composer.FillAsync("Ship it!");
        await alice.Composer.PressAsync("Home");

        // Act
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Insert an emoji" }).ClickAsync();
        var picker = alice.Page.GetByRole(AriaRole.Dialog, new() { Name = "Insert an emoji" });
        var search = picker.GetByRole(AriaRole.Searchbox, new() { Name = "Search emoji" });
        await Expect(search).ToBeFocusedAsync();
        var box = await picker.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.InRange(box.X, 0, 390);
        Assert.InRange(box.X + box.Width, 0, 390);
        await search.PressSequentiallyAsync("party pop");
        await search.PressAsync("ArrowDown");
        await Expect(picker.GetByRole(AriaRole.Button, new() { Name = "party popper" })).ToBeFocusedAsync();
        await alice.Page.Keyboard.PressAsync("Enter");

        // Assert
        await Expect(picker).ToHaveCountAsync(0);
        await Expect(alice.Composer).ToBeFocusedAsync();
        await Expect(alice.Composer).ToHaveValueAsync("🎉Ship it!");

        // Act
        await alice.Composer.PressAsync("Enter");
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Insert an emoji" }).ClickAsync();
        await alice.Page.Keyboard.PressAsync("Escape");

        // Assert
        await Expect(picker).ToHaveCountAsync(0);
        await Expect(alice.Composer).ToBeFocusedAsync();

        // Act
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Insert an emoji" }).ClickAsync();
        var mostUsed = picker.GetByRole(AriaRole.Group, new() { Name = "Frequently used" }).GetByRole(AriaRole.Button);
        await Expect(mostUsed.First).ToHaveAccessibleNameAsync("party popper");
        await mostUsed.First.ClickAsync();
        await alice.Composer.PressAsync("Enter");

        // Assert
        await Expect(bob.Message("🎉Ship it!")).ToBeVisibleAsync();
        var emojiOnly = bob.Messages.Locator(".message-text-emoji");
        await Expect(emojiOnly).ToHaveTextAsync("🎉");
        await Expect(bob.Message("🎉Ship it!").Locator(".message-text-emoji")).ToHaveCountAsync(0);
    }

    /// <summary>
    /// Typing ":tad" offers matching emoji and Enter puts the first in; typing a whole ":tada:" turns into the
    /// emoji as the closing colon is typed. Both reach the other person as the emoji, not the shortcode.
    /// </summary>
    [Fact]
    public async Task ShortcodeAutocomplete_Tada_SendsTheEmoji()
    {
        // Arrange
        await using var alice = await fixture.RegisterAsync("Alice");
        await using var bob = await fixture.RegisterAsync("Bob");
        var room = $"Yay {Guid.NewGuid():N}"[..12];
        await alice.CreateRoomAsync(room);
        await bob.JoinPublicRoomAsync(room);

        // Act
        await alice.Composer.PressSequentiallyAsync("we shipped :tad");
        var suggestions = alice.Page.GetByRole(AriaRole.Listbox, new() { Name = "Emoji" });
        await Expect(suggestions.GetByRole(AriaRole.Option).First).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(suggestions.GetByRole(AriaRole.Option).First).ToContainTextAsync(":tada:");
        await alice.Composer.PressAsync("Enter");

        // Assert
        await Expect(alice.Composer).ToHaveValueAsync("we shipped 🎉 ");
        await Expect(suggestions).ToHaveCountAsync(0);

        // Act
        await alice.Composer.PressSequentiallyAsync("again :tada:");
        await Expect(alice.Composer).ToHaveValueAsync("we shipped 🎉 again 🎉");
        await alice.Composer.PressAsync("Enter");

        // Assert
        await Expect(bob.Message("we shipped 🎉 again 🎉")).ToBeVisibleAsync();
        await Expect(bob.Message(":tada")).ToHaveCountAsync(0);
    }
}
