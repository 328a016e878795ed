using System.Text.RegularExpressions;

namespace Parley.BrowserTests;

/// <summary>Editing, deleting, replying to, reacting to and pinning messages, as two people see it live.</summary>
[Collection(SharedBrowser.Name)]
public sealed partial class MessageActionsTests(BrowserFixture fixture)
{
    private async Task<(ChatPage Alice, ChatPage Bob, string Room)> TwoInARoomAsync(string prefix)
    {
        var alice = await fixture.RegisterAsync("Alice");
        var bob = await fixture.RegisterAsync("Bob");
        var room = $"{prefix} {Guid.NewGuid():N}"[..16];
        await alice.CreateRoomAsync(room);
        await bob.JoinPublicRoomAsync(room);
        return (alice, bob, room);
    }

    /// <summary>An edit reaches the other person live: the new text replaces the old, marked "(edited)" with the time.</summary>
    [Fact]
    public async Task Edit_OwnMessage_OtherSeesNewTextMarkedEdited()
    {
        // Arrange
        var (alice, bob, _) = await TwoInARoomAsync("Edits");
        await using var _a = alice;
        await using var _b = bob;
        await alice.SendAsync("meet at teh station");
        await Expect(bob.MessageWithText("meet at teh station")).ToBeVisibleAsync();

        // Act
        await alice.MessageActionAsync("meet at teh station", "Edit");
        var editor = alice.Page.GetByRole(AriaRole.Textbox, new() { Name = "Edit message" });
        await editor.FillAsync("meet at the station");
        await editor.PressAsync("Enter");

        // Assert
        var edited = bob.MessageWithText("meet at the station");
        await Expect(edited).ToBeVisibleAsync();
        await Expect(bob.MessageWithText("teh station")).ToHaveCountAsync(0);
        var mark = edited.GetByRole(AriaRole.Button, new() { Name = "(edited)" });
        await Expect(mark).ToHaveAttributeAsync("title", EditedTitle());
        await mark.ClickAsync();
        await Expect(edited.Locator(".message-edited-time")).ToBeVisibleAsync();
        await Expect(alice.Page.GetByRole(AriaRole.Textbox, new() { Name = "Edit message" })).ToHaveCountAsync(0);
        await Expect(alice.MessageWithText("meet at the station").GetByRole(AriaRole.Button, new() { Name = "(edited)" })).ToBeVisibleAsync();
    }

    /// <summary>
    /// Deleting asks first, then the message is gone from every screen, and the other person's conversation list
    /// previews the message before it.
    /// </summary>
    [Fact]
    public async Task Delete_OwnMessage_GoneForTheOther_AndThePreviewFallsBack()
    {
        // Arrange
        var (alice, bob, room) = await TwoInARoomAsync("Deletes");
        await using var _a = alice;
        await using var _b = bob;
        await alice.SendAsync("the agenda is ready");
        await alice.SendAsync("my bank password is hunter2");
        await Expect(bob.MessageWithText("hunter2")).ToBeVisibleAsync();
        await Expect(bob.RoomLink(room)).ToContainTextAsync("hunter2");

        // Act
        await alice.MessageActionAsync("hunter2", "Delete");
        await alice.Dialog.GetByRole(AriaRole.Button, new() { Name = "Delete message" }).ClickAsync();

        // Assert
        await Expect(bob.MessageWithText("hunter2")).ToHaveCountAsync(0);
        await Expect(alice.MessageWithText("hunter2")).ToHaveCountAsync(0);
        await Expect(bob.MessageWithText("the agenda is ready")).ToBeVisibleAsync();
        await Expect(bob.RoomLink(room)).ToContainTextAsync("the agenda is ready");
        await Expect(bob.Page.GetByText("Message deleted")).ToHaveCountAsync(0);
    }

    /// <summary>
    /// A reply carries a quote of its original to the other person live; a reply whose original is far back in the
    /// history jumps to it on a click, loading the history around it in place.
    /// </summary>
    [Fact]
    public async Task Reply_ShowsTheQuote_AndClickingItJumpsToAnOriginalNotLoaded()
    {
        // Arrange
        var (alice, bob, _) = await TwoInARoomAsync("Replies");
        await using var _a = alice;
        await using var _b = bob;
        await alice.SendAsync("which train do we take?");
        await Expect(bob.MessageWithText("which train do we take?")).ToBeVisibleAsync();

        // Act: Bob answers it.
        await bob.MessageActionAsync("which train do we take?", "Reply");
        await Expect(bob.Page.GetByTestId("reply-bar")).ToContainTextAsync(alice.DisplayName);
        await bob.SendAsync("the 9:15");

        // Assert
        var answer = alice.MessageWithText("the 9:15");
        await Expect(answer.GetByTestId("reply-quote")).ToContainTextAsync("You");
        await Expect(answer.GetByTestId("reply-quote")).ToContainTextAsync("which train do we take?");
        await Expect(bob.Page.GetByTestId("reply-bar")).ToHaveCountAsync(0);

        // Arrange: 120 messages bury the question, then Alice answers it again.
        var questionId = await alice.MessageIdAsync("which train do we take?");
        using var api = await alice.ApiAsync(fixture.Server);
        await using var hub = await api.ConnectHubAsync();
        var roomId = alice.OpenRoomId;
        for (var i = 1; i <= 120; i++)
        {
            await hub.InvokeAsync("SendMessage", new { roomId, text = $"chatter {i:000}" });
        }

        var answer2 = await hub.InvokeAsync("SendMessage", new { roomId, text = "so, the 9:15 it is", replyToId = questionId });
        // Read on another device, so the page opens at the newest message rather than at the first unread.
        using var bobElsewhere = await bob.ApiAsync(fixture.Server);
        await ApiClient.EnsureSuccessAsync(await bobElsewhere.PostAsync($"/api/conversations/{roomId}/read", new { messageId = answer2.GetProperty("id").GetInt64() }));
        await bob.Page.ReloadAsync();
        var latest = bob.MessageWithText("so, the 9:15 it is");
        await Expect(latest).ToBeVisibleAsync();
        await Expect(bob.MessageWithText("which train do we take?")).ToHaveCountAsync(0);

        // Act
        await latest.GetByTestId("reply-quote").ClickAsync();

        // Assert
        var original = bob.MessageWithText("which train do we take?");
        await Expect(original).ToBeInViewportAsync();
        await Expect(original).ToHaveAttributeAsync("data-spotlit", "true");
    }

    /// <summary>
    /// Reactions show for both live with their count; your own is highlighted, who reacted is in the tooltip, and
    /// clicking your own takes it back.
    /// </summary>
    [Fact]
    public async Task React_CountsAndHighlightsYourOwn_AndTogglesOff()
    {
        // Arrange
        var (alice, bob, _) = await TwoInARoomAsync("Reacts");
        await using var _a = alice;
        await using var _b = bob;
        await alice.SendAsync("shall we ship it?");
        await Expect(bob.MessageWithText("shall we ship it?")).ToBeVisibleAsync();

        // Act
        await bob.MessageActionAsync("shall we ship it?", "React with 👍");

        // Assert
        var alicesChip = alice.Reaction("shall we ship it?", "👍");
        await Expect(alicesChip).ToContainTextAsync("1");
        await Expect(alicesChip).ToHaveAttributeAsync("aria-pressed", "false");
        await Expect(alicesChip).ToHaveAttributeAsync("title", $"{bob.DisplayName} reacted with 👍");
        await Expect(bob.Reaction("shall we ship it?", "👍")).ToHaveAttributeAsync("aria-pressed", "true");

        // Act
        await alicesChip.ClickAsync();

        // Assert
        await Expect(alicesChip).ToContainTextAsync("2");
        await Expect(alicesChip).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(bob.Reaction("shall we ship it?", "👍")).ToContainTextAsync("2");

        // Act
        await bob.Reaction("shall we ship it?", "👍").ClickAsync();

        // Assert
        await Expect(alicesChip).ToContainTextAsync("1");
        await Expect(alicesChip).ToHaveAttributeAsync("title", "You reacted with 👍");
        await Expect(bob.Reaction("shall we ship it?", "👍")).ToHaveAttributeAsync("aria-pressed", "false");
    }

    /// <summary>
    /// The room's owner pins messages; the other member (who may not pin) sees them in the pinned panel live, newest pin
    /// first, unpinning removes one, and a click on one shows it in the conversation.
    /// </summary>
    [Fact]
    public async Task Pin_ByTheOwner_ShowsLiveInTheOthersPinnedPanel()
    {
        // Arrange
        var (alice, bob, _) = await TwoInARoomAsync("Pins");
        await using var _a = alice;
        await using var _b = bob;
        await alice.SendAsync("house rules: be kind");
        await alice.SendAsync("wifi password is in the kitchen");
        await Expect(bob.MessageWithText("wifi password")).ToBeVisibleAsync();
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Pinned messages", Exact = true }).ClickAsync();
        var panel = bob.Page.GetByTestId("pinned-panel");
        await Expect(panel).ToContainTextAsync("Nothing is pinned here yet.");
        await bob.MessageWithText("house rules").HoverAsync();
        await Expect(bob.MessageWithText("house rules").GetByRole(AriaRole.Button, new() { Name = "Pin", Exact = true })).ToHaveCountAsync(0);

        // Act
        await alice.MessageActionAsync("house rules: be kind", "Pin");
        await alice.MessageActionAsync("wifi password is in the kitchen", "Pin");

        // Assert
        var items = panel.GetByTestId("pinned-item");
        await Expect(items).ToHaveCountAsync(2);
        await Expect(items.First).ToContainTextAsync("wifi password is in the kitchen");
        await Expect(items.Nth(1)).ToContainTextAsync($"pinned by {alice.DisplayName}");

        // Act
        await alice.MessageActionAsync("wifi password is in the kitchen", "Unpin");

        // Assert
        await Expect(items).ToHaveCountAsync(1);
        await Expect(items.First).ToContainTextAsync("house rules: be kind");

        // Act
        await items.First.GetByRole(AriaRole.Button).First.ClickAsync();

        // Assert
        await Expect(bob.MessageWithText("house rules: be kind")).ToHaveAttributeAsync("data-spotlit", "true");
    }

    /// <summary>
    /// On a phone, with no pointer to hover, a tap on a message opens its actions: react and edit from the sheet,
    /// and the other person sees both.
    /// </summary>
    [Fact]
    public async Task TouchMenu_AtPhoneWidth_ReactsAndEdits()
    {
        // Arrange
        await using var alice = await fixture.RegisterAsync("Alice");
        var room = $"Phone {Guid.NewGuid():N}"[..14];
        await alice.CreateRoomAsync(room);
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.Server.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            HasTouch = true,
            IsMobile = true,
            Locale = "en-GB",
        });
        context.SetDefaultTimeout(10_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await using var bob = new ChatPage(page);
        await bob.RegisterAsync("Bob");
        await bob.JoinPublicRoomAsync(room);
        await alice.SendAsync("lunch at noon?");
        await Expect(bob.MessageWithText("lunch at noon?")).ToBeVisibleAsync();

        // Act: react from the sheet.
        await bob.MessageWithText("lunch at noon?").Locator(".message-text").TapAsync();
        var sheet = bob.Page.GetByRole(AriaRole.Dialog, new() { Name = "Message actions" });
        await sheet.GetByRole(AriaRole.Button, new() { Name = "React with 🎉" }).TapAsync();

        // Assert
        await Expect(sheet).ToHaveCountAsync(0);
        await Expect(alice.Reaction("lunch at noon?", "🎉")).ToContainTextAsync("1");

        // Act: edit from the sheet.
        await bob.SendAsync("yes, see you thre");
        await Expect(bob.MessageWithText("see you thre")).ToHaveAttributeAsync("data-status", "sent");
        await bob.MessageWithText("see you thre").Locator(".message-text").TapAsync();
        await sheet.GetByRole(AriaRole.Button, new() { Name = "Edit" }).TapAsync();
        var editor = bob.Page.GetByRole(AriaRole.Textbox, new() { Name = "Edit message" });
        await editor.FillAsync("yes, see you there");
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Save" }).TapAsync();

        // Assert
        await Expect(alice.MessageWithText("yes, see you there")).ToBeVisibleAsync();
        await Expect(bob.MessageWithText("yes, see you there").GetByRole(AriaRole.Button, new() { Name = "(edited)" })).ToBeVisibleAsync();
    }

    /// <summary>
    /// Change events are not replayed either: an edit, a delete and a reaction made while the connection was down
    /// all show once it is back, caught up by the conversation's change sequence.
    /// </summary>
    [Fact]
    public async Task ChangesMadeWhileDisconnected_ShowAfterReconnect()
    {
        // Arrange
        await using var alice = await fixture.RegisterAsync("Alice");
        await using var bob = await fixture.RegisterAsync("Bob", HubLink.InstallAsync);
        var room = $"Away {Guid.NewGuid():N}"[..13];
        await alice.CreateRoomAsync(room);
        await bob.JoinPublicRoomAsync(room);
        await alice.SendAsync("first draft");
        await alice.SendAsync("a mistake");
        await alice.SendAsync("good news");
        await Expect(bob.MessageWithText("good news")).ToBeVisibleAsync();

        // Act
        await HubLink.CutAsync(bob.Page);
        await Expect(bob.Page.GetByTestId("connection-banner")).ToHaveTextAsync("Reconnecting…");
        await alice.MessageActionAsync("first draft", "Edit");
        var editor = alice.Page.GetByRole(AriaRole.Textbox, new() { Name = "Edit message" });
        await editor.FillAsync("final version");
        await editor.PressAsync("Enter");
        // The editor closing moves the messages below it: the next action waits for that.
        await Expect(editor).ToHaveCountAsync(0);
        await Expect(alice.MessageWithText("final version")).ToBeVisibleAsync();
        await alice.MessageActionAsync("a mistake", "Delete");
        await alice.Dialog.GetByRole(AriaRole.Button, new() { Name = "Delete message" }).ClickAsync();
        await alice.MessageActionAsync("good news", "React with 🎉");
        await Expect(alice.Reaction("good news", "🎉")).ToContainTextAsync("1");
        await Expect(alice.MessageWithText("a mistake")).ToHaveCountAsync(0);
        await HubLink.RestoreAsync(bob.Page);

        // Assert
        await Expect(bob.Page.GetByTestId("connection-banner")).ToBeHiddenAsync(new() { Timeout = 20_000 });
        await Expect(bob.MessageWithText("final version")).ToBeVisibleAsync();
        await Expect(bob.MessageWithText("first draft")).ToHaveCountAsync(0);
        await Expect(bob.MessageWithText("a mistake")).ToHaveCountAsync(0);
        await Expect(bob.Reaction("good news", "🎉")).ToContainTextAsync("1");
    }

    [GeneratedRegex("^Edited ")]
    private static partial Regex EditedTitle();
}
