using System.Text.RegularExpressions;

namespace Parley.BrowserTests;

[Collection(SharedBrowser.Name)]
public sealed class MentionTests(BrowserFixture fixture)
{
    /// <summary>
    /// Typing @ offers the room's members and puts the chosen name in; a message that names the reader stands out
    /// for them, with the name itself picked out (as text, never markup).
    /// </summary>
    [Fact]
    public async Task Mentions_AreOfferedWhileTyping_AndMessagesNamingMeAreHighlighted()
    {
        // Arrange
        await using var alice = await fixture.RegisterAsync("Alice");
        using var bob = await ApiClient.RegisterAsync(fixture.Server, ApiClient.UniqueName("bob"));
        var room = $"Crew {Guid.NewGuid():N}"[..13];
        var roomId = await alice.CreateRoomAsync(room);
        await bob.JoinAsync(roomId);
        await Expect(alice.Page.GetByTestId("member").Filter(new() { HasText = bob.Username })).ToBeVisibleAsync();

        // Act
        await alice.Composer.PressSequentiallyAsync($"ping @{bob.Username[..4]}");
        var suggestions = alice.Page.GetByRole(AriaRole.Listbox, new() { Name = "People to mention" });
        await Expect(suggestions.GetByRole(AriaRole.Option, new() { NameRegex = new Regex(Regex.Escape(bob.Username)) })).ToHaveAttributeAsync("aria-selected", "true");
        await alice.Composer.PressAsync("Enter");

        // Assert
        await Expect(alice.Composer).ToHaveValueAsync($"ping @{bob.Username} ");
        await Expect(suggestions).ToHaveCountAsync(0);

        // Act
        await alice.Composer.PressSequentiallyAsync("over to you");
        await alice.Composer.PressAsync("Enter");
        await using var bobHub = await bob.ConnectHubAsync();
        await bobHub.InvokeAsync("SendMessage", new { roomId, text = $"thanks @{alice.Username}, on it" });

        // Assert
        await Expect(alice.Message("over to you").Locator(".mention")).ToHaveTextAsync($"@{bob.Username}");
        await Expect(alice.Message("over to you")).Not.ToHaveAttributeAsync("data-mentioned", "true");
        var mentioningMe = alice.Message("on it");
        await Expect(mentioningMe).ToHaveAttributeAsync("data-mentioned", "true");
        await Expect(mentioningMe.Locator(".mention-me")).ToHaveTextAsync($"@{alice.Username}");
    }
}
