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
}
