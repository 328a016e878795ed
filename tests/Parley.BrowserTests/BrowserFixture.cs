namespace Parley.BrowserTests;

/// <summary>
/// One server and one Chromium for the whole suite; each simulated person gets a fresh browser context (their own
/// cookies and storage), as two people on two machines would.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>
    /// A name Chromium resolves to this machine that is not "localhost": a page loaded from it over plain HTTP is not a
    /// secure context, as when Parley is served on a LAN address.
    /// </summary>
    public const string LanHost = "parley.test";

    private IPlaywright? _playwright;

    public ParleyServer Server { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await ParleyServer.StartAsync();
        // The server's first account is its administrator: registered here, so that no test's person becomes one
        // (and gets the admin console's link) by chance of order.
        using (await ApiClient.RegisterAsync(Server, ApiClient.UniqueName("siteadmin")))
        {
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
                $"--host-resolver-rules=MAP {LanHost} 127.0.0.1",
                // A microphone for voice messages: Chromium's built-in tone instead of a device, granted without a prompt.
                // Only pages that ask for the microphone notice either.
                "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
            ],
        });
    }

    /// <summary>
    /// A new person with their own browser context (a desktop's, or a touch phone's with <paramref name="phone"/>), on
    /// the sign-in screen (or <paramref name="path"/>);
    /// <paramref name="prepare"/> runs on the page before anything loads. The page is loaded from the suite's server
    /// (or <paramref name="server"/>) at its loopback address, unless <paramref name="host"/> names another
    /// (<see cref="LanHost"/>).
    /// </summary>
    public async Task<ChatPage> OpenAsync(string path = "/", Func<IPage, Task>? prepare = null, string? host = null, ParleyServer? server = null, bool phone = false)
    {
        var address = (server ?? Server).BaseAddress;
        var baseAddress = host is null ? address : new UriBuilder(address) { Host = host }.Uri;
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            // A phone: its screen, and a touch screen where nothing hovers.
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 800 },
            HasTouch = phone,
            IsMobile = phone,
            Locale = "en-GB",
        });
        context.SetDefaultTimeout(10_000);
        var page = await context.NewPageAsync();
        if (prepare is not null)
        {
            await prepare(page);
        }

        await page.GotoAsync(path);
        return new ChatPage(page);
    }

    /// <summary>A new person who has just created an account through the sign-up form.</summary>
    public async Task<ChatPage> RegisterAsync(string name, Func<IPage, Task>? prepare = null, string? host = null, ParleyServer? server = null, bool phone = false)
    {
        var chat = await OpenAsync(prepare: prepare, host: host, server: server, phone: phone);
        await chat.RegisterAsync(name);
        return chat;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await Server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SharedBrowser : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
