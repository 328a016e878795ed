namespace Parley.BrowserTests;

/// <summary>
/// Reporting a message and handling the report, as people do it in the web app; photographed into the test output
/// normally, into docs/screenshots with PARLEY_SCREENSHOTS=1
/// (<c>PARLEY_SCREENSHOTS=1 dotnet test tests/Parley.BrowserTests --filter FullyQualifiedName~ModerationTests</c>).
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class ModerationTests(BrowserFixture fixture)
{
    /// <summary>
    /// A member reports someone's message with a reason; the room's owner sees a badge on the room's header, finds
    /// the report in the queue with a copy of the message, and deletes the message from there: it disappears for
    /// everyone, and the queue empties.
    /// </summary>
    [Fact]
    public async Task MemberReportsAMessage_OwnerSeesItInTheQueue_AndDeletesIt()
    {
        // Arrange
        await using var alice = await fixture.RegisterAsync("Alice");
        await using var bob = await fixture.RegisterAsync("Bob");
        await using var carol = await fixture.RegisterAsync("Carol");
        await Screenshots.LightAndStillAsync(alice.Page, carol.Page);
        const string room = "community-garden";
        await alice.CreateRoomAsync(room);
        await bob.JoinPublicRoomAsync(room);
        await carol.JoinPublicRoomAsync(room);
        await bob.SendAsync("Cheap followers at spam.example, click now!!!");
        await alice.SendAsync("Welcome, both of you. Seeds are in the shed.");
        var folder = Screenshots.Folder();

        // Act
        await carol.MessageActionAsync("Cheap followers", "Report message");
        var reportDialog = carol.Page.GetByRole(AriaRole.Dialog, new() { Name = "Report this message" });
        await reportDialog.GetByRole(AriaRole.Radio, new() { Name = "Spam" }).CheckAsync();
        await reportDialog.GetByLabel("Anything to add (optional)").FillAsync("Advertising, posted in three rooms today.");
        await carol.Page.ScreenshotAsync(new() { Path = Path.Combine(folder, "report-dialog-desktop.png") });
        await reportDialog.GetByRole(AriaRole.Button, new() { Name = "Report", Exact = true }).ClickAsync();

        // Assert
        await Expect(reportDialog).ToHaveCountAsync(0);
        await Expect(carol.Page.GetByText("Reported. Thank you")).ToBeVisibleAsync();
        await Expect(alice.Page.GetByTestId("reports-badge")).ToHaveTextAsync("1");

        // Act
        await alice.Page.GetByTestId("reports-button").ClickAsync();
        var queue = alice.Page.GetByRole(AriaRole.Dialog, new() { Name = $"Reports in {room}" });
        var report = queue.GetByTestId("report");
        await Expect(report).ToContainTextAsync("Cheap followers at spam.example");
        await Expect(report).ToContainTextAsync("reported by Carol");
        await Expect(report).ToContainTextAsync("Advertising, posted in three rooms today.");
        await alice.Page.ScreenshotAsync(new() { Path = Path.Combine(folder, "reports-queue-desktop.png") });
        await report.GetByRole(AriaRole.Button, new() { Name = "Delete message" }).ClickAsync();

        // Assert
        await Expect(queue.GetByText("No open reports")).ToBeVisibleAsync();
        await Expect(alice.Page.GetByTestId("reports-badge")).ToHaveCountAsync(0);
        await Expect(bob.Page.GetByText("Cheap followers at spam.example")).ToHaveCountAsync(0);
        await Expect(carol.Page.GetByText("Cheap followers at spam.example")).ToHaveCountAsync(0);
        await Expect(carol.Message("Seeds are in the shed")).ToBeVisibleAsync();
    }
}
