namespace Parley.BrowserTests;

/// <summary>
/// A conversation with images, a PDF and a video, the upload tray and the image viewer, photographed on a desktop
/// and a phone: into the test output normally, into docs/screenshots with PARLEY_SCREENSHOTS=1
/// (<c>PARLEY_SCREENSHOTS=1 dotnet test tests/Parley.BrowserTests --filter FullyQualifiedName~AttachmentScreenshots</c>).
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class AttachmentScreenshots(BrowserFixture fixture)
{
    /// <summary>Every kind of attachment shows on both screens, and the viewer opens over them.</summary>
    [Fact]
    public async Task Attachments_OnDesktopAndPhone_ShowAndArePhotographed()
    {
        await using var alice = await fixture.RegisterAsync("Alice");
        await using var bob = await fixture.RegisterAsync("Bob", phone: true);
        await alice.CreateRoomAsync("trip-planning");
        await bob.JoinPublicRoomAsync("trip-planning");
        var folder = Screenshots.Folder();
        await Screenshots.LightAndStillAsync(alice.Page, bob.Page);

        await bob.SendAsync("Did anyone take pictures at the viewpoint?");
        await alice.AttachAsync(TestFiles.Png("viewpoint.png", 1200, 600, seed: 1), TestFiles.Png("lake.png", 600, 800, seed: 2));
        await alice.WaitForUploadsAsync(2);
        await alice.SendAsync("A few from the top 🏔️");
        var release = await AttachmentTests.HoldUploadsAsync(alice.Page);
        await alice.AttachAsync(TestFiles.Pdf("itinerary.pdf", "Itinerary"), TestFiles.Png("map.png", 800, 500, seed: 3));
        await Expect(alice.Uploads.GetByRole(AriaRole.Progressbar)).ToHaveCountAsync(2);
        await alice.Composer.FillAsync("And the itinerary for next week");
        await alice.Page.Mouse.MoveAsync(0, 0);
        await alice.Page.ScreenshotAsync(new() { Path = Path.Combine(folder, "attachments-uploading-desktop.png") });
        release.SetResult();
        await alice.WaitForUploadsAsync(2);
        await alice.Composer.PressAsync("Enter");
        await alice.AttachAsync(await TestFiles.WebmAsync(alice.Page, "timelapse.webm"));
        await alice.WaitForUploadsAsync(1);
        await alice.SendAsync("Timelapse of the sunset");

        // Tall enough on the desktop for the whole conversation.
        await alice.Page.SetViewportSizeAsync(1280, 1320);
        foreach (var who in new[] { alice, bob })
        {
            var video = who.MessageWithText("Timelapse").Locator("video");
            await Expect(video).ToBeVisibleAsync();
            await video.EvaluateAsync("v => v.readyState >= 2 || new Promise(r => v.addEventListener('loadeddata', r, { once: true }))");
            await Expect(who.Page.Locator("[data-testid=attachment][data-kind=image] img")).ToHaveCountAsync(3);
            await who.Page.Locator("[data-testid=attachment][data-kind=image] img").Last.ScrollIntoViewIfNeededAsync();
            await who.Page.EvaluateAsync("() => Promise.all([...document.querySelectorAll('.attachments img')].map((img) => img.decode()))");
            await who.Messages.Last.ScrollIntoViewIfNeededAsync();
        }

        await alice.Page.Mouse.MoveAsync(0, 0);
        await alice.Page.ScreenshotAsync(new() { Path = Path.Combine(folder, "attachments-desktop.png") });
        await bob.Page.ScreenshotAsync(new() { Path = Path.Combine(folder, "attachments-phone.png") });

        // The tray on the phone, mid-upload; then taken back.
        var held = await AttachmentTests.HoldUploadsAsync(bob.Page);
        await bob.AttachAsync(TestFiles.Png("summit.png", 900, 600, seed: 4), TestFiles.Pdf("tickets.pdf", "Tickets"));
        await Expect(bob.Uploads.GetByRole(AriaRole.Progressbar)).ToHaveCountAsync(2);
        await bob.Composer.FillAsync("Mine are on the way");
        await bob.Page.ScreenshotAsync(new() { Path = Path.Combine(folder, "attachments-uploading-phone.png") });
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Remove summit.png" }).TapAsync();
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Remove tickets.pdf" }).TapAsync();
        await Expect(bob.Uploads).ToHaveCountAsync(0);
        await bob.Composer.FillAsync("");
        held.SetResult();

        await alice.Page.SetViewportSizeAsync(1280, 800);
        await ChatPage.AttachmentsOf(alice.MessageWithText("A few from the top")).First.ClickAsync();
        await alice.Viewer.GetByTestId("image-viewer-image").EvaluateAsync("img => img.decode()");
        await alice.Page.Mouse.MoveAsync(0, 0);
        await alice.Page.ScreenshotAsync(new() { Path = Path.Combine(folder, "image-viewer-desktop.png") });
        await ChatPage.AttachmentsOf(bob.MessageWithText("A few from the top")).Nth(1).TapAsync();
        await bob.Viewer.GetByTestId("image-viewer-image").EvaluateAsync("img => img.decode()");
        await bob.Page.ScreenshotAsync(new() { Path = Path.Combine(folder, "image-viewer-phone.png") });

        await Expect(alice.Viewer).ToBeVisibleAsync();
        Assert.True(File.Exists(Path.Combine(folder, "image-viewer-phone.png")));
    }
}
