using Parley.Rooms;

namespace Parley.BrowserTests;

[Collection(SharedBrowser.Name)]
public sealed class HistoryTests(BrowserFixture fixture)
{
    /// <summary>
    /// Long history arrives a page at a time as the reader scrolls up, without moving what they were reading; a
    /// message arriving meanwhile does not yank them down but offers a way there.
    /// </summary>
    [Fact]
    public async Task ScrollingUp_LoadsOlderPages_InPlace_AndNewMessagesWaitBelow()
    {
        // Arrange: 120 messages written by a script, faster than any UI.
        using var owner = await ApiClient.RegisterAsync(fixture.Server, ApiClient.UniqueName("owner"));
        var name = $"Archive {Guid.NewGuid():N}"[..16];
        var room = await ApiClient.ReadAsync<RoomDto>(owner.PostAsync("/api/rooms", new { name, visibility = "public" }));
        await using var ownerHub = await owner.ConnectHubAsync();
        for (var i = 1; i <= 120; i++)
        {
            await ownerHub.InvokeAsync("SendMessage", new { roomId = room.Id, text = $"history {i:000}" });
        }

        await using var reader = await fixture.RegisterAsync("Reader");
        await reader.JoinPublicRoomAsync(name);
        var log = reader.Page.GetByRole(AriaRole.Log);
        await Expect(reader.Message("history 120")).ToBeInViewportAsync();
        await Expect(reader.Message("history 070")).ToHaveCountAsync(0);

        // Act
        await log.EvaluateAsync("log => log.scrollTop = 0");

        // Assert
        await Expect(reader.Message("history 070")).ToHaveCountAsync(1);
        await Expect(reader.Message("history 071")).ToBeInViewportAsync();

        // Act
        await log.EvaluateAsync("log => log.scrollTop = 0");

        // Assert
        await Expect(reader.Page.GetByText("This is the beginning of")).ToBeAttachedAsync();
        await Expect(reader.Message("history 001")).ToHaveCountAsync(1);

        // Act
        await ownerHub.InvokeAsync("SendMessage", new { roomId = room.Id, text = "fresh news" });
        var jump = reader.Page.GetByRole(AriaRole.Button, new() { Name = "New messages" });
        await jump.ClickAsync();

        // Assert
        await Expect(reader.Message("fresh news")).ToBeInViewportAsync();
        await Expect(jump).ToHaveCountAsync(0);
    }
}
