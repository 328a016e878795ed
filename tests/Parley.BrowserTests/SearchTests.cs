namespace Parley.BrowserTests;

[Collection(SharedBrowser.Name)]
public sealed class SearchTests(BrowserFixture fixture)
{
    /// <summary>
    /// Search finds an old message; picking it shows the message in its place, highlighted, though it is far from
    /// the newest — and the conversation still grows to the present and takes live messages from there.
    /// </summary>
    [Fact]
    public async Task Search_FindsAnOldMessage_AndOpensItHighlightedInItsConversation()
    {
        // Arrange
        await using var alice = await fixture.RegisterAsync("Alice");
        using var aliceApi = await alice.ApiAsync(fixture.Server);
        using var bob = await ApiClient.RegisterAsync(fixture.Server, ApiClient.UniqueName("bob"));
        var room = await bob.CreateRoomAsync(name: $"Ops {Guid.NewGuid():N}"[..12]);
        await aliceApi.JoinAsync(room.Id);
        await using var bobHub = await bob.ConnectHubAsync();
        await bobHub.InvokeAsync("SendMessage", new { roomId = room.Id, text = "The zebracorn migration is done" });
        for (var i = 1; i <= 70; i++)
        {
            await bobHub.InvokeAsync("SendMessage", new { roomId = room.Id, text = $"filler {i:00}" });
        }

        // Act
        await alice.Sidebar.GetByRole(AriaRole.Searchbox, new() { Name = "Search messages" }).FillAsync("zebracorn");

        // Assert
        var result = alice.Sidebar.GetByTestId("search-result");
        await Expect(result).ToHaveCountAsync(1);
        await Expect(result).ToContainTextAsync(room.Name);
        await Expect(result.Locator("mark")).ToHaveTextAsync("zebracorn");

        // Act
        await result.ClickAsync();

        // Assert
        var hit = alice.Message("The zebracorn migration is done");
        await Expect(alice.Conversation(room.Name)).ToBeVisibleAsync();
        await Expect(hit).ToBeInViewportAsync();
        await Expect(hit).ToHaveAttributeAsync("data-spotlit", "true");
        await Expect(alice.Message("filler 70")).ToHaveCountAsync(0);

        // Act: reading on towards the present.
        var log = alice.Page.GetByRole(AriaRole.Log);
        await log.EvaluateAsync("log => log.scrollTop = log.scrollHeight");

        // Assert
        await Expect(alice.Message("filler 70")).ToHaveCountAsync(1);
        await Expect(alice.Page.GetByRole(AriaRole.Button, new() { Name = "Jump to present" })).ToHaveCountAsync(0);

        // Act
        await bobHub.InvokeAsync("SendMessage", new { roomId = room.Id, text = "live again" });

        // Assert
        await Expect(alice.Message("live again")).ToHaveCountAsync(1);
        await Expect(alice.Message("filler 35")).ToHaveCountAsync(1);
    }
}
