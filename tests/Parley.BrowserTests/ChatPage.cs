using System.Text.RegularExpressions;

namespace Parley.BrowserTests;

/// <summary>One person's tab, driven the way they would use it: by labels, roles and visible text.</summary>
public sealed partial class ChatPage(IPage page) : IAsyncDisposable
{
    public IPage Page { get; } = page;

    public string Username { get; private set; } = "";

    public string DisplayName { get; private set; } = "";

    public string Password { get; private set; } = "";

    public ILocator Sidebar => Page.GetByRole(AriaRole.Navigation, new() { Name = "Conversations" });

    public ILocator Messages => Page.GetByTestId("message");

    public ILocator TypingLine => Page.GetByTestId("typing");

    public ILocator Composer => Page.GetByRole(AriaRole.Textbox, new() { NameRegex = MessageBoxName() });

    public ILocator Dialog => Page.GetByRole(AriaRole.Dialog);

    /// <summary>The open conversation of a room (header, messages, composer).</summary>
    public ILocator Conversation(string room) => Page.GetByRole(AriaRole.Region, new() { Name = room, Exact = true });

    public ILocator RoomLink(string name) => Sidebar.GetByRole(AriaRole.Link, new() { NameRegex = new Regex(Regex.Escape(name)) });

    /// <summary>The rows of one section of the conversation list ("Direct messages" or "Rooms"), top first.</summary>
    public ILocator ConversationRows(string section) => Sidebar.GetByRole(AriaRole.List, new() { Name = section, Exact = true }).GetByTestId("conversation");

    public ILocator UnreadBadge(string name) => RoomLink(name).GetByTestId("unread-badge");

    public ILocator Message(string text) => Messages.Filter(new() { HasText = text });

    /// <summary>The id in /rooms/{id}, for the room open now.</summary>
    public long OpenRoomId => long.Parse(RoomUrl().Match(Page.Url).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    public async Task RegisterAsync(string name)
    {
        Username = ApiClient.UniqueName(name.ToLowerInvariant());
        DisplayName = $"{name} {Username[^6..]}";
        Password = $"correct horse {Guid.NewGuid():N}";
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create an account" }).ClickAsync();
        await Page.GetByLabel("Username", new() { Exact = true }).FillAsync(Username);
        await Page.GetByLabel("Email").FillAsync($"{Username}@example.com");
        await Page.GetByLabel("Display name (optional)").FillAsync(DisplayName);
        await Page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(Sidebar).ToBeVisibleAsync();
    }

    /// <summary>Creates a room through the dialog and waits until it is open; returns its id.</summary>
    public async Task<long> CreateRoomAsync(string name, string visibility = "Public", string? password = null)
    {
        await Sidebar.GetByRole(AriaRole.Button, new() { Name = "New room" }).ClickAsync();
        await Dialog.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await Dialog.GetByRole(AriaRole.Radio, new() { NameRegex = new Regex($"^{visibility}") }).CheckAsync();
        if (password is not null)
        {
            await Dialog.GetByLabel("Room password").FillAsync(password);
        }

        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Create room" }).ClickAsync();
        await Expect(Conversation(name)).ToBeVisibleAsync();
        return OpenRoomId;
    }

    public async Task JoinPublicRoomAsync(string name)
    {
        await Sidebar.GetByRole(AriaRole.Button, new() { Name = "Browse rooms" }).ClickAsync();
        await Dialog.GetByLabel("Search by name").FillAsync(name);
        await Dialog.GetByRole(AriaRole.Button, new() { Name = $"Join {name}" }).ClickAsync();
        await Expect(Conversation(name)).ToBeVisibleAsync();
    }

    /// <summary>Starts (or opens) a direct conversation through the New message dialog, picking each person by name.</summary>
    public async Task StartDirectMessageAsync(params ChatPage[] people)
    {
        await Sidebar.GetByRole(AriaRole.Button, new() { Name = "New message" }).ClickAsync();
        var to = Dialog.GetByRole(AriaRole.Combobox, new() { Name = "To" });
        foreach (var person in people)
        {
            await to.FillAsync(person.DisplayName);
            await Dialog.GetByRole(AriaRole.Option, new() { NameRegex = new Regex(Regex.Escape(person.Username)) }).ClickAsync();
            await Expect(Dialog.GetByRole(AriaRole.Button, new() { Name = $"Remove {person.DisplayName}" })).ToBeVisibleAsync();
        }

        await Dialog.GetByRole(AriaRole.Button, new() { NameRegex = StartConversation() }).ClickAsync();
        await Expect(Dialog).ToHaveCountAsync(0);
    }

    /// <summary>The same person over HTTP and the hub, for what a test wants done faster than through the UI.</summary>
    public Task<ApiClient> ApiAsync(ParleyServer server) => ApiClient.SignInAsync(server, Username, Password);

    public async Task SignInAsync(string username, string password)
    {
        await Page.GetByLabel("Username or email").FillAsync(username);
        await Page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
    }

    public async Task SendAsync(string text)
    {
        await Composer.FillAsync(text);
        await Composer.PressAsync("Enter");
    }

    public async Task OpenSettingsAsync()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Settings" }).ClickAsync();
        await Expect(Dialog).ToBeVisibleAsync();
    }

    public Task<bool> ScriptRanAsync() => Page.EvaluateAsync<bool>("() => window.__xss !== undefined");

    public async ValueTask DisposeAsync() => await Page.Context.CloseAsync();

    [GeneratedRegex("^Start (group )?conversation$")]
    private static partial Regex StartConversation();

    [GeneratedRegex("^Message ")]
    private static partial Regex MessageBoxName();

    [GeneratedRegex(@"/rooms/(\d+)$")]
    private static partial Regex RoomUrl();
}
