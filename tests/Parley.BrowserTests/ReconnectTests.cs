namespace Parley.BrowserTests;

[Collection(SharedBrowser.Name)]
public sealed class ReconnectTests(BrowserFixture fixture)
{
    // Reconnect attempts back off (1 s, 2 s, 4 s …), so the first one after the outage can take a few seconds.
    private static readonly LocatorAssertionsToHaveCountOptions AfterReconnect = new() { Timeout = 20_000 };

    /// <summary>
    /// Events are not replayed, so after an outage the client must fetch what it missed and send what it queued:
    /// every message then shows exactly once on both sides.
    /// </summary>
    [Fact]
    public async Task ConnectionLost_MessagesFromBothSides_ArriveOnceAfterReconnect()
    {
        // Arrange
        await using var alice = await fixture.RegisterAsync("Alice");
        await using var bob = await fixture.RegisterAsync("Bob", HubLink.InstallAsync);
        var room = $"Flaky {Guid.NewGuid():N}"[..14];
        await alice.CreateRoomAsync(room);
        await bob.JoinPublicRoomAsync(room);
        await alice.SendAsync("before the outage");
        await Expect(bob.Message("before the outage")).ToBeVisibleAsync();

        // Act
        await HubLink.CutAsync(bob.Page);
        await Expect(bob.Page.GetByTestId("connection-banner")).ToHaveTextAsync("Reconnecting…");
        await alice.SendAsync("missed one");
        await alice.SendAsync("missed two");
        await bob.SendAsync("written offline");
        await Expect(bob.Message("written offline")).ToHaveAttributeAsync("data-status", "sending");
        await HubLink.RestoreAsync(bob.Page);

        // Assert
        await Expect(bob.Message("missed one")).ToHaveCountAsync(1, AfterReconnect);
        await Expect(bob.Message("missed two")).ToHaveCountAsync(1);
        await Expect(bob.Message("before the outage")).ToHaveCountAsync(1);
        await Expect(alice.Message("written offline")).ToHaveCountAsync(1, AfterReconnect);
        await Expect(bob.Message("written offline")).ToHaveAttributeAsync("data-status", "sent");
        await Expect(bob.Message("written offline")).ToHaveCountAsync(1);
        await Expect(bob.Page.GetByTestId("connection-banner")).ToBeHiddenAsync();
    }

    /// <summary>
    /// The server turns away connections beyond the account's limit with a coded reason: the page shows that reason
    /// instead of "Connecting…", and connects by itself once another tab is closed.
    /// </summary>
    [Fact]
    public async Task ConnectionBeyondTheAccountsLimit_BannerSaysWhy_AndConnectsOnceATabCloses()
    {
        // Arrange
        await using var server = await ParleyServer.StartAsync(new Dictionary<string, string> { ["Parley:RateLimits:HubConnectionsPerUser"] = "1" });
        await using var first = await fixture.RegisterAsync("Alice", server: server);
        await Expect(first.Page.GetByTestId("connection-banner")).ToBeHiddenAsync();

        // Act
        await using var second = await fixture.OpenAsync(server: server);
        await second.SignInAsync(first.Username, first.Password);

        // Assert
        var banner = second.Page.GetByTestId("connection-banner");
        await Expect(banner).ToContainTextAsync("Close one and try again.");

        // Act
        await first.Page.Context.CloseAsync();

        // Assert
        await Expect(banner).ToBeHiddenAsync(new() { Timeout = 20_000 });
    }

    /// <summary>
    /// After an outage the list shows what a fresh load shows: what happened while the page was cut off comes in with
    /// the reconnect's reload, and a message that arrives while that reload is on its way (its snapshot taken before
    /// the message) is not overwritten by it.
    /// </summary>
    [Fact]
    public async Task Reconnect_ChangesDuringTheOutageAndDuringTheReload_ListEqualsAFreshLoad()
    {
        // Arrange
        await using var alice = await fixture.RegisterAsync("Alice", HubLink.InstallAsync);
        using var aliceElsewhere = await alice.ApiAsync(fixture.Server);
        using var bob = await ApiClient.RegisterAsync(fixture.Server, ApiClient.UniqueName("bob"));
        await using var bobHub = await bob.ConnectHubAsync();
        var standup = await bob.CreateRoomAsync(name: $"Standup {Guid.NewGuid():N}"[..16]);
        var lunch = await bob.CreateRoomAsync(name: $"Lunch {Guid.NewGuid():N}"[..14]);
        await aliceElsewhere.JoinAsync(standup.Id);
        await aliceElsewhere.JoinAsync(lunch.Id);
        var direct = await bob.OpenDirectAsync(alice.Username);
        var before = await bobHub.InvokeAsync("SendMessage", new { roomId = direct.Id, text = "Before the outage" });
        await Expect(alice.ConversationRows("Direct messages")).ToHaveCountAsync(1);
        await Expect(alice.ConversationRows("Rooms")).ToHaveCountAsync(2);
        var banner = alice.Page.GetByTestId("connection-banner");

        // Act: others act while the page is cut off; Alice reads and joins on another device.
        await HubLink.CutAsync(alice.Page);
        await Expect(banner).ToHaveTextAsync("Reconnecting…");
        await bobHub.InvokeAsync("SendMessage", new { roomId = standup.Id, text = $"@{alice.Username} standup moves to ten" });
        await bobHub.InvokeAsync("SendMessage", new { roomId = lunch.Id, text = "Pizza today?" });
        var renamed = $"Lunch club {Guid.NewGuid():N}"[..19];
        await ApiClient.EnsureSuccessAsync(await bob.PatchAsync($"/api/rooms/{lunch.Id}", new { name = renamed }));
        await ApiClient.EnsureSuccessAsync(await aliceElsewhere.PostAsync($"/api/conversations/{direct.Id}/read", new { messageId = before.GetProperty("id").GetInt64() }));
        var later = await bob.CreateRoomAsync(name: $"Later {Guid.NewGuid():N}"[..14]);
        await aliceElsewhere.JoinAsync(later.Id);

        // Act: the reconnect's reload is answered from a snapshot taken at once, handed over only after another message.
        var snapshotTaken = new TaskCompletionSource();
        var handOver = new TaskCompletionSource();
        await alice.Page.RouteAsync("**/api/conversations", async route =>
        {
            var snapshot = await route.FetchAsync();
            snapshotTaken.TrySetResult();
            await handOver.Task;
            await route.FulfillAsync(new() { Response = snapshot });
        }, new() { Times = 1 });
        await HubLink.RestoreAsync(alice.Page);
        await snapshotTaken.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await bobHub.InvokeAsync("SendMessage", new { roomId = direct.Id, text = "Sent while the list reloads" });
        var directRow = alice.ConversationRows("Direct messages").First;
        await Expect(directRow).ToContainTextAsync("Sent while the list reloads");
        handOver.SetResult();

        // Assert
        await Expect(alice.RoomLink(renamed)).ToContainTextAsync("renamed the room");
        await Expect(alice.RoomLink(later.Name)).ToBeVisibleAsync();
        await Expect(directRow).ToContainTextAsync("Sent while the list reloads");
        await Expect(directRow.GetByTestId("unread-badge")).ToHaveTextAsync("1 unread message");
        await Expect(alice.RoomLink(standup.Name).GetByTestId("mention-badge")).ToBeVisibleAsync();
        await Expect(banner).ToBeHiddenAsync();
        var rooms = await alice.ConversationRows("Rooms").AllTextContentsAsync();
        var directs = await alice.ConversationRows("Direct messages").AllTextContentsAsync();
        Assert.Equal(3, rooms.Count);

        await using var fresh = await fixture.OpenAsync();
        await fresh.SignInAsync(alice.Username, alice.Password);
        await Expect(fresh.ConversationRows("Rooms")).ToHaveTextAsync([.. rooms]);
        await Expect(fresh.ConversationRows("Direct messages")).ToHaveTextAsync([.. directs]);
    }
}
