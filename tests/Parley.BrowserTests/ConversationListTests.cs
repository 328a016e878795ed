namespace Parley.BrowserTests;

[Collection(SharedBrowser.Name)]
public sealed class ConversationListTests(BrowserFixture fixture)
{
    /// <summary>
    /// The list shows at a glance where something happened: a message elsewhere moves that conversation to the
    /// top with an unread badge (and a mention badge when it names the reader); opening it clears both, for good.
    /// </summary>
    [Fact]
    public async Task MessageInAnotherConversation_MovesItUpWithABadge_AndOpeningItClearsTheBadge()
    {
        // Arrange
        await using var alice = await fixture.RegisterAsync("Alice");
        using var aliceApi = await alice.ApiAsync(fixture.Server);
        using var bob = await ApiClient.RegisterAsync(fixture.Server, ApiClient.UniqueName("bob"));
        var busy = await bob.CreateRoomAsync(name: $"Busy {Guid.NewGuid():N}"[..13]);
        var quiet = await bob.CreateRoomAsync(name: $"Quiet {Guid.NewGuid():N}"[..14]);
        await aliceApi.JoinAsync(busy.Id);
        await aliceApi.JoinAsync(quiet.Id);
        var rooms = alice.ConversationRows("Rooms");
        await Expect(rooms.First).ToContainTextAsync(quiet.Name);
        await alice.RoomLink(quiet.Name).ClickAsync();
        await Expect(alice.Conversation(quiet.Name)).ToBeVisibleAsync();
        await using var bobHub = await bob.ConnectHubAsync();

        // Act
        await bobHub.InvokeAsync("SendMessage", new { roomId = busy.Id, text = "Anyone around?" });
        await bobHub.InvokeAsync("SendMessage", new { roomId = busy.Id, text = $"@{alice.Username} have a look" });
        await bobHub.InvokeAsync("SendMessage", new { roomId = quiet.Id, text = "Said where Alice is looking" });

        // Assert
        await Expect(alice.Message("Said where Alice is looking")).ToBeVisibleAsync();
        await Expect(rooms.First).ToContainTextAsync(quiet.Name);
        await Expect(rooms.Nth(1)).ToContainTextAsync(busy.Name);
        await Expect(alice.UnreadBadge(busy.Name)).ToHaveTextAsync("2 unread messages");
        await Expect(alice.RoomLink(busy.Name).GetByTestId("mention-badge")).ToBeVisibleAsync();
        await Expect(alice.UnreadBadge(quiet.Name)).ToHaveCountAsync(0);

        // Act
        await alice.RoomLink(busy.Name).ClickAsync();

        // Assert
        await Expect(alice.Message("have a look")).ToBeVisibleAsync();
        await Expect(alice.UnreadBadge(busy.Name)).ToHaveCountAsync(0);
        await Expect(alice.RoomLink(busy.Name).GetByTestId("mention-badge")).ToHaveCountAsync(0);

        // Act
        await alice.Page.ReloadAsync();

        // Assert
        await Expect(alice.Conversation(busy.Name)).ToBeVisibleAsync();
        await Expect(rooms).ToHaveCountAsync(2);
        await Expect(alice.Sidebar.GetByTestId("unread-badge")).ToHaveCountAsync(0);
    }

    /// <summary>Coming back to a conversation, the reader sees where they stopped: a divider before the first new message.</summary>
    [Fact]
    public async Task OpeningAConversationWithUnreadMessages_ShowsTheDividerBeforeTheFirstUnread()
    {
        // Arrange
        await using var alice = await fixture.RegisterAsync("Alice");
        using var aliceApi = await alice.ApiAsync(fixture.Server);
        using var bob = await ApiClient.RegisterAsync(fixture.Server, ApiClient.UniqueName("bob"));
        var room = await bob.CreateRoomAsync(name: $"Standup {Guid.NewGuid():N}"[..16]);
        await aliceApi.JoinAsync(room.Id);
        await using var bobHub = await bob.ConnectHubAsync();
        var read = await bobHub.InvokeAsync("SendMessage", new { roomId = room.Id, text = "Already read this" });
        await aliceApi.PostAsync($"/api/conversations/{room.Id}/read", new { messageId = read.GetProperty("id").GetInt64() });
        await bobHub.InvokeAsync("SendMessage", new { roomId = room.Id, text = "First thing you missed" });
        await bobHub.InvokeAsync("SendMessage", new { roomId = room.Id, text = "Second thing you missed" });
        await Expect(alice.UnreadBadge(room.Name)).ToHaveTextAsync("2 unread messages");

        // Act
        await alice.RoomLink(room.Name).ClickAsync();

        // Assert
        var divider = alice.Page.GetByTestId("unread-divider");
        await Expect(divider).ToHaveCountAsync(1);
        await Expect(divider).ToBeInViewportAsync();
        await Expect(alice.Page.Locator("[data-testid=unread-divider] + [data-testid=message]")).ToContainTextAsync("First thing you missed");
        await Expect(alice.Page.Locator("[data-testid=message]:has-text('Already read this') + [data-testid=unread-divider]")).ToHaveCountAsync(1);
        await Expect(alice.UnreadBadge(room.Name)).ToHaveCountAsync(0);
    }
}
