namespace Parley.BrowserTests;

[Collection(SharedBrowser.Name)]
public sealed class NotificationTests(BrowserFixture fixture)
{
    /// <summary>
    /// Stands in for the browser's Notification (allowed, recording what is shown): headless Chromium has nowhere to
    /// show one, and what matters here is what the page asks for.
    /// </summary>
    private const string RecordNotifications = """
        window.__notifications = [];
        window.Notification = class {
          static permission = "granted";
          static requestPermission() { return Promise.resolve("granted"); }
          constructor(title, options) { window.__notifications.push({ title, body: options.body }); }
          close() {}
        };
        """;

    /// <summary>A message elsewhere notifies with who wrote what; one in the conversation being read does not.</summary>
    [Fact]
    public async Task MessageElsewhere_ShowsANotification_ButNotInTheConversationBeingRead()
    {
        // Arrange
        await using var alice = await fixture.RegisterAsync("Alice", page => page.AddInitScriptAsync(RecordNotifications));
        using var bob = await ApiClient.RegisterAsync(fixture.Server, ApiClient.UniqueName("bob"), "Bob Notifier");
        var dm = await bob.OpenDirectAsync(alice.Username);
        await using var bobHub = await bob.ConnectHubAsync();

        // Act
        await bobHub.InvokeAsync("SendMessage", new { roomId = dm.Id, text = "Are you there?" });

        // Assert
        await alice.Page.WaitForFunctionAsync("() => window.__notifications.length === 1");
        Assert.Equal("Bob Notifier", await alice.Page.EvaluateAsync<string>("() => window.__notifications[0].title"));
        Assert.Equal("Are you there?", await alice.Page.EvaluateAsync<string>("() => window.__notifications[0].body"));

        // Act
        await alice.RoomLink("Bob Notifier").ClickAsync();
        await bobHub.InvokeAsync("SendMessage", new { roomId = dm.Id, text = "Ah, there you are" });

        // Assert
        await Expect(alice.Message("Ah, there you are")).ToBeVisibleAsync();
        Assert.Equal(1, await alice.Page.EvaluateAsync<int>("() => window.__notifications.length"));
    }
}
