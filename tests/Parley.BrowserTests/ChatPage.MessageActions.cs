namespace Parley.BrowserTests;

/// <summary>Driving the actions of one message: its toolbar (desktop), its sheet (touch), its reactions.</summary>
public sealed partial class ChatPage
{
    /// <summary>The message whose own text (not a reply's quote of it) contains <paramref name="text"/>.</summary>
    public ILocator MessageWithText(string text) =>
        Messages.Filter(new() { Has = Page.Locator(".message-text").Filter(new() { HasText = text }) });

    /// <summary>Points at the message and presses one button of its toolbar ("Edit", "Reply", "React with 👍"…).</summary>
    public async Task MessageActionAsync(string text, string action)
    {
        var message = MessageWithText(text);
        var button = message.GetByRole(AriaRole.Toolbar, new() { Name = "Message actions" })
            .GetByRole(AriaRole.Button, new() { Name = action, Exact = true });
        // The toolbar shows while the pointer is over the message. When something moves the message from under it
        // meanwhile (an editor closing, a reaction row appearing above), point at it again, as a person would: the
        // click is refused before it happens, so it is never made twice.
        for (var attempt = 1; ; attempt++)
        {
            await message.HoverAsync();
            try
            {
                await button.ClickAsync(new() { Timeout = 2_000 });
                return;
            }
            catch (TimeoutException) when (attempt < 5)
            {
            }
        }
    }

    /// <summary>The chip of one emoji under a message.</summary>
    public ILocator Reaction(string text, string emoji) =>
        MessageWithText(text).GetByTestId("reactions").GetByRole(AriaRole.Button, new() { NameRegex = new(@"^" + System.Text.RegularExpressions.Regex.Escape(emoji) + " ") });

    public async Task<long> MessageIdAsync(string text) =>
        long.Parse((await MessageWithText(text).GetAttributeAsync("data-message-id"))!, System.Globalization.CultureInfo.InvariantCulture);
}
