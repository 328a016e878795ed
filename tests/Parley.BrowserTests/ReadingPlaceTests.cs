using System.Text.RegularExpressions;
using Parley.Rooms;

namespace Parley.BrowserTests;

/// <summary>The message list never loses the reader's place, and what it says about the room and the link is true.</summary>
[Collection(SharedBrowser.Name)]
public sealed partial class ReadingPlaceTests(BrowserFixture fixture)
{
    /// <summary>
    /// A room with 200 unread messages opens at the first unread one under a "New messages" divider, not at the
    /// bottom; marking read follows what was shown, so the unread @mention further down keeps its badge until the
    /// reader scrolls down to it (paging towards the present, skipping nothing), and loses it then.
    /// </summary>
    [Fact]
    public async Task RoomWith200Unread_OpensAtTheFirstUnread_AndTheMentionStaysUnreadUntilShown()
    {
        // Arrange
        using var owner = await ApiClient.RegisterAsync(fixture.Server, ApiClient.UniqueName("owner"));
        var name = $"Backlog {Guid.NewGuid():N}"[..16];
        var room = await ApiClient.ReadAsync<RoomDto>(owner.PostAsync("/api/rooms", new { name, visibility = "public" }));
        await using var reader = await fixture.RegisterAsync("Reader");
        await reader.JoinPublicRoomAsync(name);
        await reader.Page.GotoAsync("/");
        await using var ownerHub = await owner.ConnectHubAsync();
        for (var i = 1; i <= 200; i++)
        {
            var text = i == 150 ? $"unread {i:000} @{reader.Username} please look" : $"unread {i:000}";
            await ownerHub.InvokeAsync("SendMessage", new { roomId = room.Id, text });
        }

        var mentionBadge = reader.RoomLink(name).GetByTestId("mention-badge");
        await Expect(reader.UnreadBadge(name)).ToContainTextAsync("99+");
        await Expect(mentionBadge).ToBeVisibleAsync();

        // Act: open the room; the reader's other device hears when the page first marks something read.
        using var readerApi = await reader.ApiAsync(fixture.Server);
        await using var readerElsewhere = await readerApi.ConnectHubAsync();
        await reader.RoomLink(name).ClickAsync();
        var firstRead = await readerElsewhere.WaitForAsync<ConversationStateDto>("conversationStateChanged", s => s.ConversationId == room.Id);

        // Assert: at the first unread, with the divider, the newest not even loaded; only what was shown is read.
        await Expect(reader.Page.GetByTestId("unread-divider")).ToBeInViewportAsync();
        await Expect(reader.Message("unread 001")).ToBeInViewportAsync();
        await Expect(reader.Message("unread 200")).ToHaveCountAsync(0);
        Assert.InRange(firstRead.UnreadCount, 100, 199);
        Assert.Equal(1, firstRead.MentionCount);
        await Expect(mentionBadge).ToBeVisibleAsync();

        // Act: scroll down page by page until the mention is there, then bring it into view.
        var log = reader.Page.GetByRole(AriaRole.Log);
        var mention = reader.Message("unread 150");
        for (var page = 0; page < 5 && await mention.CountAsync() == 0; page++)
        {
            var loaded = await reader.Messages.CountAsync();
            await log.EvaluateAsync("log => log.scrollTop = log.scrollHeight");
            await Expect(reader.Messages).Not.ToHaveCountAsync(loaded);
        }

        await mention.ScrollIntoViewIfNeededAsync();

        // Assert
        await Expect(mention).ToHaveAttributeAsync("data-mentioned", "true");
        await Expect(mentionBadge).ToHaveCountAsync(0);
        await Expect(reader.UnreadBadge(name)).ToBeVisibleAsync();
    }

    /// <summary>
    /// In a room read to the end, a message that arrives while the reader watches is simply the next message: no
    /// "New messages" divider appears above it.
    /// </summary>
    [Fact]
    public async Task MessageArrivingInAFullyReadRoom_ShowsNoNewMessagesDivider()
    {
        // Arrange
        using var owner = await ApiClient.RegisterAsync(fixture.Server, ApiClient.UniqueName("owner"));
        var name = $"Quiet {Guid.NewGuid():N}"[..14];
        var room = await ApiClient.ReadAsync<RoomDto>(owner.PostAsync("/api/rooms", new { name, visibility = "public" }));
        await using var ownerHub = await owner.ConnectHubAsync();
        await ownerHub.InvokeAsync("SendMessage", new { roomId = room.Id, text = "read long ago" });
        await using var reader = await fixture.RegisterAsync("Reader");
        await reader.JoinPublicRoomAsync(name);
        await Expect(reader.Message("read long ago")).ToBeVisibleAsync();

        // Act
        await ownerHub.InvokeAsync("SendMessage", new { roomId = room.Id, text = "just now" });

        // Assert
        await Expect(reader.Message("just now")).ToBeVisibleAsync();
        await Expect(reader.Page.GetByTestId("unread-divider")).ToHaveCountAsync(0);
    }

    /// <summary>
    /// A notice about a room names it, and a newer notice replaces the older one instead of sitting beside it, where
    /// it would read as if it were about the same room.
    /// </summary>
    [Fact]
    public async Task Notices_NameTheirRoom_AndANewOneReplacesTheOld()
    {
        // Arrange
        using var owner = await ApiClient.RegisterAsync(fixture.Server, ApiClient.UniqueName("owner"));
        var design = await ApiClient.ReadAsync<RoomDto>(owner.PostAsync("/api/rooms", new { name = $"Design {Guid.NewGuid():N}"[..15], visibility = "public" }));
        var lunch = await ApiClient.ReadAsync<RoomDto>(owner.PostAsync("/api/rooms", new { name = $"Lunch {Guid.NewGuid():N}"[..14], visibility = "public" }));
        await using var reader = await fixture.RegisterAsync("Reader");
        await reader.JoinPublicRoomAsync(lunch.Name);
        await reader.JoinPublicRoomAsync(design.Name);
        using var readerApi = await reader.ApiAsync(fixture.Server);
        var removed = reader.Page.GetByText($"You were removed from #{design.Name}.");
        var deleted = reader.Page.GetByText($"#{lunch.Name} was deleted.");

        // Act
        await ApiClient.EnsureSuccessAsync(await owner.DeleteAsync($"/api/rooms/{design.Id}/members/{readerApi.Id}"));
        await Expect(removed).ToBeVisibleAsync();
        await reader.RoomLink(lunch.Name).ClickAsync();
        await Expect(reader.Conversation(lunch.Name)).ToBeVisibleAsync();
        await Expect(removed).ToBeVisibleAsync();
        await ApiClient.EnsureSuccessAsync(await owner.DeleteAsync($"/api/rooms/{lunch.Id}"));

        // Assert
        await Expect(deleted).ToBeVisibleAsync();
        await Expect(removed).ToHaveCountAsync(0);
    }

    /// <summary>
    /// On a phone nothing hovers: tapping one of your messages in a room opens its actions, "Seen by…" among them,
    /// and tapping that says who has read it.
    /// </summary>
    [Fact]
    public async Task SeenBy_OnAPhone_OpensWithATap()
    {
        // Arrange
        await using var alice = await fixture.RegisterAsync("Alice", phone: true);
        using var aliceApi = await alice.ApiAsync(fixture.Server);
        using var bob = await ApiClient.RegisterAsync(fixture.Server, ApiClient.UniqueName("bob"), "Bob Reader");
        var room = await aliceApi.CreateRoomAsync(name: $"Pocket {Guid.NewGuid():N}"[..15]);
        await bob.JoinAsync(room.Id);
        await using var aliceHub = await aliceApi.ConnectHubAsync();
        var sent = await aliceHub.InvokeAsync("SendMessage", new { roomId = room.Id, text = "did you see this" });
        await ApiClient.EnsureSuccessAsync(await bob.PostAsync($"/api/conversations/{room.Id}/read", new { messageId = sent.GetProperty("id").GetInt64() }));
        await alice.RoomLink(room.Name).TapAsync();
        var message = alice.Message("did you see this");
        await Expect(message.GetByRole(AriaRole.Button, new() { Name = "Seen by…" })).Not.ToBeVisibleAsync();

        // Act
        await message.Locator(".message-text").TapAsync();
        var actions = alice.Page.GetByRole(AriaRole.Dialog, new() { Name = "Message actions" });
        await actions.GetByRole(AriaRole.Button, new() { Name = "Seen by…" }).TapAsync();

        // Assert
        await Expect(actions.GetByRole(AriaRole.Status)).ToHaveTextAsync("Seen by Bob Reader");
    }

    /// <summary>
    /// A network that dies silently (no socket closes) is noticed within 15 s: the page says it is reconnecting, and
    /// meanwhile claims nobody is online; once the link is back, presence shows again.
    /// </summary>
    [Fact]
    public async Task SilentlyDeadConnection_ShowsReconnectingWithin15Seconds_AndNoOneOnline()
    {
        // Arrange
        await using var alice = await fixture.RegisterAsync("Alice", HubLink.InstallAsync);
        using var bob = await ApiClient.RegisterAsync(fixture.Server, ApiClient.UniqueName("bob"));
        await using var bobHub = await bob.ConnectHubAsync();
        var room = $"Wires {Guid.NewGuid():N}"[..14];
        var roomId = await alice.CreateRoomAsync(room);
        await bob.JoinAsync(roomId);
        var bobRow = alice.Page.GetByTestId("member").Filter(new() { HasText = bob.Username });
        await Expect(bobRow).ToHaveAttributeAsync("data-presence", "online");
        var banner = alice.Page.GetByTestId("connection-banner");
        await Expect(banner).ToBeHiddenAsync();

        // Act
        await HubLink.StallAsync(alice.Page);

        // Assert
        await Expect(banner).ToHaveTextAsync("Reconnecting…", new() { Timeout = 15_000 });
        await Expect(bobRow).ToHaveAttributeAsync("data-presence", "unknown");
        await Expect(alice.Page.GetByRole(AriaRole.Complementary, new() { Name = "Members" })).Not.ToContainTextAsync(OnlineCount());

        // Act
        await HubLink.RestoreAsync(alice.Page);

        // Assert
        await Expect(banner).ToBeHiddenAsync(new() { Timeout = 20_000 });
        await Expect(bobRow).ToHaveAttributeAsync("data-presence", "online");
    }

    [GeneratedRegex(@"\d+ online")]
    private static partial Regex OnlineCount();
}
