using System.Text.Json;
using System.Text.RegularExpressions;

namespace Parley.BrowserTests;

[Collection(SharedBrowser.Name)]
public sealed class DirectMessageTests(BrowserFixture fixture)
{
    /// <summary>
    /// A direct conversation is started by picking someone by name; it reaches the other person's list with the
    /// first message, live, and from then on both talk as in a room.
    /// </summary>
    [Fact]
    public async Task StartingADirectMessage_WithThePicker_AppearsLiveForTheOtherPerson_AndTheyTalk()
    {
        // Arrange
        await using var alice = await fixture.RegisterAsync("Alice");
        await using var bob = await fixture.RegisterAsync("Bob");

        // Act
        await alice.StartDirectMessageAsync(bob);
        await Expect(alice.Conversation(bob.DisplayName)).ToBeVisibleAsync();
        await Expect(alice.Page).ToHaveURLAsync(new Regex(@"/c/\d+$"));
        await alice.SendAsync("Hi Bob, just us here");

        // Assert
        await Expect(bob.ConversationRows("Direct messages")).ToHaveCountAsync(1);
        await Expect(bob.RoomLink(alice.DisplayName)).ToContainTextAsync("Hi Bob, just us here");
        await Expect(bob.UnreadBadge(alice.DisplayName)).ToHaveTextAsync("1 unread message");

        // Act
        await bob.RoomLink(alice.DisplayName).ClickAsync();
        await bob.SendAsync("Hi Alice!");

        // Assert
        await Expect(bob.Message("Hi Bob, just us here")).ToBeVisibleAsync();
        await Expect(alice.Message("Hi Alice!")).ToContainTextAsync(bob.DisplayName);
        await Expect(bob.UnreadBadge(alice.DisplayName)).ToHaveCountAsync(0);
        await Expect(alice.Conversation(bob.DisplayName).GetByTestId("presence")).ToHaveTextAsync("Online");
    }

    /// <summary>
    /// Read receipts: the author sees "Seen" once the other person has read their message, and nothing once they
    /// stop sharing their own receipts (receipts are mutual).
    /// </summary>
    [Fact]
    public async Task ReadReceipt_ShowsSeenUnderMyMessage_OnceTheOtherPersonReadIt()
    {
        // Arrange
        await using var alice = await fixture.RegisterAsync("Alice");
        using var bob = await ApiClient.RegisterAsync(fixture.Server, ApiClient.UniqueName("bob"), "Bob Builder");
        var dm = await bob.OpenDirectAsync(alice.Username);
        await using var bobHub = await bob.ConnectHubAsync();
        await bobHub.InvokeAsync("SendMessage", new { roomId = dm.Id, text = "Ping from Bob" });
        await alice.RoomLink("Bob Builder").ClickAsync();
        await alice.SendAsync("Pong from Alice");
        await Expect(alice.Message("Pong from Alice")).ToHaveAttributeAsync("data-status", "sent");
        var pong = (await bob.MessagesAsync(dm.Id)).Messages.Single(m => m.Text == "Pong from Alice");

        // Act
        await bob.PostAsync($"/api/conversations/{dm.Id}/read", new { messageId = pong.Id });

        // Assert
        await Expect(alice.Message("Pong from Alice").GetByTestId("receipt")).ToHaveTextAsync("Seen");
        await Expect(alice.Page.GetByTestId("receipt")).ToHaveCountAsync(1);

        // Act
        await alice.Sidebar.GetByRole(AriaRole.Button, new() { Name = "Preferences" }).ClickAsync();
        await alice.Dialog.GetByRole(AriaRole.Switch, new() { Name = "Send read receipts" }).UncheckAsync();

        // Assert
        await Expect(alice.Page.GetByTestId("receipt")).ToHaveCountAsync(0);
        var settings = await ApiClient.ReadAsync<JsonElement>((await alice.ApiAsync(fixture.Server)).GetAsync("/api/me/settings"));
        Assert.False(settings.GetProperty("sendReadReceipts").GetBoolean());
    }
}
