using System.Text.Json;
using System.Text.RegularExpressions;

namespace Parley.BrowserTests;

/// <summary>Files in conversations: attaching (button, drop, paste), the upload tray, and what the other person sees.</summary>
[Collection(SharedBrowser.Name)]
public sealed partial class AttachmentTests(BrowserFixture fixture)
{
    /// <summary>
    /// Images go with a message's text after a visible upload (Send waits for it); the other person, on a phone,
    /// sees each in a box of its own shape and steps through them full size by key and by swipe; Escape closes the
    /// viewer and gives focus back.
    /// </summary>
    [Fact]
    public async Task Images_SentWithText_OtherSeesTheirShapesAndBrowsesThemInTheViewer()
    {
        // Arrange
        await using var alice = await fixture.RegisterAsync("Alice");
        await using var bob = await fixture.RegisterAsync("Bob", phone: true);
        var room = $"Photos {Guid.NewGuid():N}"[..15];
        await alice.CreateRoomAsync(room);
        await bob.JoinPublicRoomAsync(room);
        var release = await HoldUploadsAsync(alice.Page);

        // Act
        await alice.AttachAsync(TestFiles.Png("wide.png", 600, 300, seed: 1), TestFiles.Png("tall.png", 200, 400, seed: 2));
        await Expect(alice.Upload("wide.png").GetByRole(AriaRole.Progressbar)).ToHaveAttributeAsync("aria-valuenow", DigitsOnly());
        await alice.Composer.FillAsync("Holiday photos");
        await Expect(alice.SendButton).ToBeDisabledAsync();
        release.SetResult();
        await alice.WaitForUploadsAsync(2);
        await alice.Composer.PressAsync("Enter");

        // Assert: in the list, boxes of the images' shapes (side by side on the desktop, one above the other on
        // the phone), thumbnails loaded.
        await Expect(alice.MessageWithText("Holiday photos")).ToHaveAttributeAsync("data-status", "sent");
        var own = ChatPage.AttachmentsOf(alice.MessageWithText("Holiday photos"));
        Assert.Equal(2.0, await AspectAsync(own.Nth(0)), 1);
        Assert.Equal(0.5, await AspectAsync(own.Nth(1)), 1);
        var images = ChatPage.AttachmentsOf(bob.MessageWithText("Holiday photos"));
        await Expect(images).ToHaveCountAsync(2);
        await Expect(images.Nth(0).Locator("img")).ToHaveAttributeAsync("alt", "wide.png");
        Assert.Equal(2.0, await AspectAsync(images.Nth(0)), 1);
        Assert.Equal(0.5, await AspectAsync(images.Nth(1)), 1);
        Assert.True(await images.Nth(1).Locator("img").EvaluateAsync<bool>("img => img.decode().then(() => img.naturalWidth > 0)"));
        await Expect(alice.Uploads).ToHaveCountAsync(0);

        // Act: the viewer.
        await images.Nth(0).TapAsync();
        var full = bob.Viewer.GetByTestId("image-viewer-image");
        await Expect(full).ToHaveAttributeAsync("alt", "wide.png");
        Assert.True(await full.EvaluateAsync<bool>("img => img.decode().then(() => img.naturalWidth === 600)"));
        await bob.Page.Keyboard.PressAsync("ArrowRight");
        await Expect(full).ToHaveAttributeAsync("alt", "tall.png");
        await bob.Page.Keyboard.PressAsync("ArrowLeft");
        await Expect(full).ToHaveAttributeAsync("alt", "wide.png");
        await SwipeAsync(bob.Viewer.Locator(".image-viewer-stage"), fromX: 320, toX: 60);
        await Expect(full).ToHaveAttributeAsync("alt", "tall.png");
        await Expect(bob.Viewer.GetByRole(AriaRole.Link, new() { Name = "Download" })).ToHaveAttributeAsync("download", "tall.png");
        await bob.Page.Keyboard.PressAsync("Escape");

        // Assert
        await Expect(bob.Viewer).ToHaveCountAsync(0);
        await Expect(images.Nth(0)).ToBeFocusedAsync();
    }

    /// <summary>
    /// A PDF sent without text shows the other person its name, type, size and icon, downloads as an attachment, and
    /// previews as "📎 name" in their conversation list; a video plays inline.
    /// </summary>
    [Fact]
    public async Task PdfAndVideo_Sent_OtherDownloadsThePdfAndPlaysTheVideoInline()
    {
        // Arrange
        await using var alice = await fixture.RegisterAsync("Alice", phone: true);
        await using var bob = await fixture.RegisterAsync("Bob");
        var room = $"Papers {Guid.NewGuid():N}"[..15];
        await alice.CreateRoomAsync(room);
        await bob.JoinPublicRoomAsync(room);
        var pdf = TestFiles.Pdf("minutes.pdf", "Minutes of the meeting");
        var video = await TestFiles.WebmAsync(alice.Page, "demo.webm");

        // Act
        await alice.AttachAsync(pdf);
        await alice.WaitForUploadsAsync(1);
        await alice.SendButton.TapAsync();

        // Assert
        var card = bob.Page.Locator("[data-testid=attachment][data-kind=document]");
        await Expect(card).ToContainTextAsync("minutes.pdf");
        await Expect(card).ToContainTextAsync($"PDF · {pdf.Buffer.Length} bytes");
        await Expect(card.Locator("svg.file-type-icon")).ToBeVisibleAsync();
        await Expect(card).ToHaveAttributeAsync("download", "minutes.pdf");
        var download = await bob.Page.EvaluateAsync<JsonElement>(
            """
            async (url) => {
              const response = await fetch(url);
              const body = await response.arrayBuffer();
              return { status: response.status, disposition: response.headers.get("content-disposition"), length: body.byteLength };
            }
            """,
            await card.GetAttributeAsync("href"));
        Assert.Equal(200, download.GetProperty("status").GetInt32());
        Assert.StartsWith("attachment", download.GetProperty("disposition").GetString(), StringComparison.Ordinal);
        Assert.Equal(pdf.Buffer.Length, download.GetProperty("length").GetInt32());
        await Expect(bob.RoomLink(room)).ToContainTextAsync("📎 minutes.pdf");

        // Act
        await alice.AttachAsync(video);
        await alice.WaitForUploadsAsync(1);
        await alice.SendAsync("the demo, recorded just now");

        // Assert
        var player = bob.MessageWithText("the demo").Locator("video");
        await Expect(player).ToBeVisibleAsync();
        var duration = await player.EvaluateAsync<double>(
            """
            (video) => new Promise((resolve, reject) => {
              const ready = () => resolve(video.duration);
              if (video.readyState >= 1) ready();
              video.addEventListener("loadedmetadata", ready, { once: true });
              video.addEventListener("error", () => reject(new Error("the video did not load")), { once: true });
            })
            """);
        Assert.True(duration > 0, $"duration {duration}");
    }

    /// <summary>A file dropped on the conversation (under a visible drop zone) and an image pasted into the composer both go with the next message.</summary>
    [Fact]
    public async Task DropAndPaste_EachAttachAFile_BothGoWithTheMessage()
    {
        // Arrange
        await using var alice = await fixture.RegisterAsync("Alice");
        await alice.CreateRoomAsync($"Drops {Guid.NewGuid():N}"[..14]);
        var list = alice.Page.GetByRole(AriaRole.Log);

        // Act: drag a file over the messages, then let go.
        await list.EvaluateAsync(
            """
            (list) => {
              const files = new DataTransfer();
              files.items.add(new File(["notes from the meeting\n"], "notes.txt", { type: "text/plain" }));
              window.__dragged = files;
              for (const type of ["dragenter", "dragover"]) list.dispatchEvent(new DragEvent(type, { dataTransfer: files, bubbles: true, cancelable: true }));
            }
            """);
        await Expect(alice.Page.GetByTestId("drop-zone")).ToBeVisibleAsync();
        await list.EvaluateAsync("list => list.dispatchEvent(new DragEvent('drop', { dataTransfer: window.__dragged, bubbles: true, cancelable: true }))");
        await Expect(alice.Page.GetByTestId("drop-zone")).ToHaveCountAsync(0);

        // Act: paste an image.
        await alice.Composer.EvaluateAsync(
            """
            (composer, base64) => {
              const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
              const clipboard = new DataTransfer();
              clipboard.items.add(new File([bytes], "image.png", { type: "image/png" }));
              composer.dispatchEvent(new ClipboardEvent("paste", { clipboardData: clipboard, bubbles: true, cancelable: true }));
            }
            """,
            Convert.ToBase64String(TestFiles.Png("pasted.png", 120, 80).Buffer));
        await alice.WaitForUploadsAsync(2);
        await Expect(alice.Composer).ToHaveValueAsync("");
        await alice.SendButton.ClickAsync();

        // Assert
        var sent = ChatPage.AttachmentsOf(alice.Messages.Last);
        await Expect(sent).ToHaveCountAsync(2);
        await Expect(sent.Nth(0)).ToHaveAttributeAsync("data-kind", "text");
        await Expect(sent.Nth(0)).ToContainTextAsync("notes.txt");
        await Expect(sent.Nth(1)).ToHaveAttributeAsync("data-kind", "image");
        await Expect(alice.Messages.Last).ToHaveAttributeAsync("data-status", "sent");
        await Expect(alice.Messages.Last.Locator(".message-text")).ToHaveCountAsync(0);
    }

    /// <summary>
    /// A file over the size limit is refused before it uploads; one over the quota gets the server's refusal with
    /// Retry (which asks again) and Remove; neither lets the message go.
    /// </summary>
    [Fact]
    public async Task Upload_OverTheLimits_ShowsWhyWithRetryAndRemove()
    {
        // Arrange
        await using var server = await ParleyServer.StartAsync(new Dictionary<string, string>
        {
            ["Parley:Files:MaxFileBytes"] = "500000",
            ["Parley:Files:QuotaBytesPerUser"] = "1000",
        });
        await using var alice = await fixture.RegisterAsync("Alice", server: server);
        await alice.CreateRoomAsync($"Limits {Guid.NewGuid():N}"[..15]);
        var photo = TestFiles.Png("photo.png", 160, 120);
        Assert.InRange(photo.Buffer.Length, 1001, 500_000);

        // Act
        await alice.AttachAsync(new FilePayload { Name = "huge.txt", MimeType = "text/plain", Buffer = new byte[600_000] });
        var refused = await alice.Page.RunAndWaitForResponseAsync(
            () => alice.AttachAsync(photo),
            response => response.Url.Contains("/files?", StringComparison.Ordinal) && response.Request.Method == "POST");

        // Assert
        var huge = alice.Upload("huge.txt");
        await Expect(huge).ToHaveAttributeAsync("data-code", "file_too_large");
        await Expect(huge.GetByRole(AriaRole.Alert)).ToContainTextAsync("larger than the 488 KB this server accepts");
        Assert.Equal(409, refused.Status);
        var problem = await refused.JsonAsync();
        var over = alice.Upload("photo.png");
        await Expect(over).ToHaveAttributeAsync("data-code", "quota_exceeded");
        await Expect(over.GetByRole(AriaRole.Alert)).ToContainTextAsync(problem!.Value.GetProperty("detail").GetString()!);
        await Expect(alice.SendButton).ToBeDisabledAsync();

        // Act: retry asks the server again.
        var retried = await alice.Page.RunAndWaitForResponseAsync(
            () => over.GetByRole(AriaRole.Button, new() { Name = "Retry" }).ClickAsync(),
            response => response.Url.Contains("/files?", StringComparison.Ordinal) && response.Request.Method == "POST");
        Assert.Equal(409, retried.Status);
        await Expect(over).ToHaveAttributeAsync("data-status", "failed");
        await over.GetByRole(AriaRole.Button, new() { Name = "Remove photo.png" }).ClickAsync();
        await huge.GetByRole(AriaRole.Button, new() { Name = "Remove huge.txt" }).ClickAsync();

        // Assert
        await Expect(alice.Uploads).ToHaveCountAsync(0);
        await Expect(alice.SendButton).ToBeDisabledAsync();
    }

    /// <summary>
    /// Removing a file while it uploads stops the upload and takes it out of the tray; removing a finished one
    /// deletes it on the server, so it no longer counts against the quota.
    /// </summary>
    [Fact]
    public async Task Upload_RemovedMidwayOrAfter_LeavesTheTrayAndTheServer()
    {
        // Arrange
        await using var alice = await fixture.RegisterAsync("Alice");
        await alice.CreateRoomAsync($"Cancel {Guid.NewGuid():N}"[..15]);
        var release = await HoldUploadsAsync(alice.Page);
        var aborted = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        alice.Page.RequestFailed += (_, request) =>
        {
            if (request.Url.Contains("/files?", StringComparison.Ordinal))
            {
                aborted.TrySetResult(request.Failure);
            }
        };

        // Act
        await alice.AttachAsync(TestFiles.Png("slow.png", 300, 200));
        await Expect(alice.Upload("slow.png").GetByRole(AriaRole.Progressbar)).ToBeVisibleAsync();
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Remove slow.png" }).ClickAsync();

        // Assert
        await Expect(alice.Uploads).ToHaveCountAsync(0);
        Assert.Contains("ABORTED", await aborted.Task.WaitAsync(TimeSpan.FromSeconds(10)), StringComparison.Ordinal);
        await Expect(alice.SendButton).ToBeDisabledAsync();
        release.SetResult();
        await alice.Page.UnrouteAllAsync(new() { Behavior = UnrouteBehavior.IgnoreErrors });

        // Act: one that finished.
        await alice.AttachAsync(TestFiles.Png("done.png", 300, 200));
        await alice.WaitForUploadsAsync(1);
        Assert.True(await UsedBytesAsync(alice.Page) > 0);
        var deleted = await alice.Page.RunAndWaitForResponseAsync(
            () => alice.Page.GetByRole(AriaRole.Button, new() { Name = "Remove done.png" }).ClickAsync(),
            response => response.Request.Method == "DELETE" && response.Url.Contains("/api/files/", StringComparison.Ordinal));

        // Assert
        Assert.Equal(204, deleted.Status);
        await Expect(alice.Uploads).ToHaveCountAsync(0);
        Assert.Equal(0, await UsedBytesAsync(alice.Page));
    }

    /// <summary>Holds every upload from <paramref name="page"/> until the returned source is set, so the tray can be seen mid-upload.</summary>
    internal static async Task<TaskCompletionSource> HoldUploadsAsync(IPage page)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync(UploadUrl(), async route =>
        {
            await release.Task;
            try
            {
                await route.ContinueAsync();
            }
            catch (PlaywrightException)
            {
                // Cancelled while held: there is nothing left to continue.
            }
        });
        return release;
    }

    private static async Task<double> AspectAsync(ILocator element)
    {
        await Expect(element).ToBeVisibleAsync();
        var box = await element.BoundingBoxAsync() ?? throw new InvalidOperationException("not laid out");
        return box.Width / box.Height;
    }

    /// <summary>A finger moving sideways across <paramref name="target"/> (touch pointer events, as a phone sends them).</summary>
    private static async Task SwipeAsync(ILocator target, int fromX, int toX) =>
        await target.EvaluateAsync(
            """
            (element, [fromX, toX]) => {
              const fire = (type, x) => element.dispatchEvent(new PointerEvent(type, { pointerType: "touch", isPrimary: true, clientX: x, clientY: 400, bubbles: true }));
              fire("pointerdown", fromX);
              fire("pointermove", (fromX + toX) / 2);
              fire("pointerup", toX);
            }
            """,
            new[] { fromX, toX });

    private static Task<long> UsedBytesAsync(IPage page) =>
        page.EvaluateAsync<long>("async () => (await (await fetch('/api/files/usage')).json()).usedBytes");

    [GeneratedRegex(@"/api/conversations/\d+/files\?")]
    private static partial Regex UploadUrl();

    [GeneratedRegex(@"^\d+$")]
    private static partial Regex DigitsOnly();
}
