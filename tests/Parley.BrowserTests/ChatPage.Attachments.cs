namespace Parley.BrowserTests;

/// <summary>Attaching files in the composer and finding them in messages.</summary>
public sealed partial class ChatPage
{
    public ILocator AttachButton => Page.GetByRole(AriaRole.Button, new() { Name = "Attach files" });

    public ILocator SendButton => Page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true });

    /// <summary>The files in the composer's tray, waiting to go with the next message.</summary>
    public ILocator Uploads => Page.GetByTestId("upload");

    public ILocator Upload(string name) => Uploads.Filter(new() { HasText = name });

    /// <summary>The files shown in a message (images, players, cards).</summary>
    public static ILocator AttachmentsOf(ILocator message) => message.GetByTestId("attachment");

    public ILocator Viewer => Page.GetByTestId("image-viewer");

    /// <summary>Chooses files through the attach button's file picker, as a person would.</summary>
    public async Task AttachAsync(params FilePayload[] files)
    {
        var chooser = await Page.RunAndWaitForFileChooserAsync(() => AttachButton.ClickAsync());
        await chooser.SetFilesAsync(files);
    }

    /// <summary>Waits until every file in the tray has uploaded.</summary>
    public async Task WaitForUploadsAsync(int count)
    {
        await Expect(Uploads).ToHaveCountAsync(count);
        await Expect(Page.Locator("[data-testid=upload][data-status=done]")).ToHaveCountAsync(count);
    }
}
