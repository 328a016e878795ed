namespace Parley.BrowserTests;

[Collection(SharedBrowser.Name)]
public sealed class ConversationTests(BrowserFixture fixture)
{
    /// <summary>The core promise: two people in two browsers see each other's messages as they are sent.</summary>
    [Fact]
    public async Task TwoUsers_ChatInAPublicRoom_BothSeeMessagesLive()
    {
        // Arrange
        await using var alice = await fixture.RegisterAsync("Alice");
        await using var bob = await fixture.RegisterAsync("Bob");
        var room = $"Lobby {Guid.NewGuid():N}"[..14];
        await alice.CreateRoomAsync(room);

        // Act
        await bob.JoinPublicRoomAsync(room);
        await alice.SendAsync("Hello Bob!");
        await bob.SendAsync("Hi Alice, good to see you.");

        // Assert
        await Expect(bob.Message("Hello Bob!")).ToContainTextAsync(alice.DisplayName);
        await Expect(alice.Message("Hi Alice, good to see you.")).ToContainTextAsync(bob.DisplayName);
        await Expect(alice.Message("Hello Bob!")).ToHaveAttributeAsync("data-status", "sent");
        await Expect(alice.Page.GetByTestId("member").Filter(new() { HasText = bob.DisplayName })).ToBeVisibleAsync();
        await Expect(bob.RoomLink(room)).ToContainTextAsync("Hi Alice, good to see you.");
    }

    /// <summary>
    /// A screen reader hears a message that arrives from someone else as "who: what" (without its Markdown), not the
    /// list's every addition (each message carries its action buttons) nor the reader's own messages.
    /// </summary>
    [Fact]
    public async Task MessageFromSomeoneElse_IsAnnounced_AsWhoAndWhat_OwnMessagesAreNot()
    {
        // Arrange
        await using var alice = await fixture.RegisterAsync("Alice");
        await using var bob = await fixture.RegisterAsync("Bob");
        var room = $"Heard {Guid.NewGuid():N}"[..14];
        await alice.CreateRoomAsync(room);
        await bob.JoinPublicRoomAsync(room);
        var announcer = alice.Page.GetByTestId("message-announcer");

        // Act
        await bob.SendAsync("the **build** is green");

        // Assert
        await Expect(announcer).ToHaveTextAsync($"{bob.DisplayName}: the build is green");
        await Expect(alice.Page.GetByRole(AriaRole.Log)).ToHaveAttributeAsync("aria-live", "off");

        // Act
        await alice.SendAsync("great, shipping it");
        await Expect(alice.Message("great, shipping it")).ToHaveAttributeAsync("data-status", "sent");

        // Assert
        await Expect(announcer).ToHaveTextAsync($"{bob.DisplayName}: the build is green");
    }

    /// <summary>History comes from the server, not the tab: a reload keeps the room open and its messages.</summary>
    [Fact]
    public async Task Reload_InARoom_KeepsTheRoomAndItsHistory()
    {
        // Arrange
        await using var alice = await fixture.RegisterAsync("Alice");
        var room = $"Notes {Guid.NewGuid():N}"[..14];
        var roomId = await alice.CreateRoomAsync(room);
        await alice.SendAsync("first line");
        await alice.SendAsync("second line");
        await Expect(alice.Message("second line")).ToHaveAttributeAsync("data-status", "sent");

        // Act
        await alice.Page.ReloadAsync();

        // Assert
        await Expect(alice.Conversation(room)).ToBeVisibleAsync();
        Assert.Equal(roomId, alice.OpenRoomId);
        await Expect(alice.Message("first line")).ToBeVisibleAsync();
        await Expect(alice.Message("second line")).ToBeVisibleAsync();
        await Expect(alice.Page.GetByText("Today")).ToBeVisibleAsync();
    }

    /// <summary>Messages are text, always: markup in one is shown as typed and never runs, for sender or reader.</summary>
    [Fact]
    public async Task MessageWithMarkup_IsShownLiterally_AndNeverRuns()
    {
        // Arrange
        const string payload = """<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>""";
        await using var alice = await fixture.RegisterAsync("Alice");
        await using var bob = await fixture.RegisterAsync("Bob");
        var room = $"Safe {Guid.NewGuid():N}"[..13];
        await alice.CreateRoomAsync(room);
        await bob.JoinPublicRoomAsync(room);

        // Act
        await alice.SendAsync(payload);

        // Assert
        await Expect(bob.Message(payload).Locator(".message-text")).ToHaveTextAsync(payload);
        await Expect(alice.Message(payload).Locator(".message-text")).ToHaveTextAsync(payload);
        await Expect(bob.Message(payload).Locator("img, script")).ToHaveCountAsync(0);
        Assert.False(await alice.ScriptRanAsync());
        Assert.False(await bob.ScriptRanAsync());
    }

    /// <summary>Typing shows for the others in the room, by name, without anything being sent.</summary>
    [Fact]
    public async Task Typing_ShowsForTheOtherPerson()
    {
        // Arrange
        await using var alice = await fixture.RegisterAsync("Alice");
        await using var bob = await fixture.RegisterAsync("Bob");
        var room = $"Chatter {Guid.NewGuid():N}"[..16];
        await alice.CreateRoomAsync(room);
        await bob.JoinPublicRoomAsync(room);
        await Expect(alice.Page.GetByTestId("member").Filter(new() { HasText = bob.DisplayName })).ToBeVisibleAsync();

        // Act
        await bob.Composer.PressSequentiallyAsync("I am writing something");

        // Assert
        await Expect(alice.TypingLine).ToHaveTextAsync($"{bob.DisplayName} is typing…");
        await Expect(bob.TypingLine).ToBeEmptyAsync();
        await bob.Composer.PressAsync("Enter");
        await Expect(alice.Message("I am writing something")).ToBeVisibleAsync();
        await Expect(alice.TypingLine).ToBeEmptyAsync();
    }
}
