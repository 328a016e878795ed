namespace Parley.BrowserTests;

/// <summary>
/// The admin console's dashboard (desktop and phone) and users page: into the test output normally, into
/// docs/screenshots with PARLEY_SCREENSHOTS=1
/// (<c>PARLEY_SCREENSHOTS=1 dotnet test tests/Parley.BrowserTests --filter FullyQualifiedName~AdminConsoleScreenshots</c>).
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class AdminConsoleScreenshots(BrowserFixture fixture)
{
    /// <summary>The dashboard draws both charts with today's numbers, and the users page shows an account with its actions.</summary>
    [Fact]
    public async Task AdminConsole_DashboardAndUsers_ShowAndArePhotographed()
    {
        await using var server = await ParleyServer.StartAsync();
        await using var admin = await fixture.RegisterAsync("Ada", server: server);
        await using var bob = await fixture.RegisterAsync("Bob", server: server);
        await admin.CreateRoomAsync("townhall");
        await bob.JoinPublicRoomAsync("townhall");
        await bob.SendAsync("Morning all!");
        await admin.SendAsync("Morning Bob, the new server is up.");
        await using var phone = await fixture.OpenAsync(server: server, phone: true);
        await phone.SignInAsync(admin.Username, admin.Password);
        await Expect(phone.Sidebar).ToBeVisibleAsync();
        var folder = Screenshots.Folder();
        await Screenshots.LightAndStillAsync(admin.Page, phone.Page);

        await admin.Page.GetByRole(AriaRole.Link, new() { Name = "Admin console" }).ClickAsync();
        var charts = admin.Page.Locator(".admin-chart canvas");
        await Expect(charts).ToHaveCountAsync(2);
        await Expect(admin.Page.Locator(".admin-stat").Filter(new() { HasText = "Messages" })).ToContainTextAsync("2");
        await admin.Page.ScreenshotAsync(new() { Path = Path.Combine(folder, "admin-dashboard-desktop.png") });

        await phone.Page.GotoAsync("/admin");
        await Expect(phone.Page.Locator(".admin-chart canvas")).ToHaveCountAsync(2);
        // At phone size the page is taller than the screen: the tab bar must keep its height all the same.
        var tabs = await phone.Page.GetByRole(AriaRole.Navigation, new() { Name = "Admin console" }).BoundingBoxAsync();
        Assert.True(tabs is { Height: > 30 }, $"The tab bar is {tabs?.Height} px high at phone size.");
        await phone.Page.ScreenshotAsync(new() { Path = Path.Combine(folder, "admin-dashboard-phone.png") });

        await admin.Page.GetByRole(AriaRole.Link, new() { Name = "Users", Exact = true }).ClickAsync();
        await admin.Page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape("@" + bob.Username)) }).ClickAsync();
        await Expect(admin.Page.Locator(".admin-detail")).ToContainTextAsync("Active sessions");
        await admin.Page.ScreenshotAsync(new() { Path = Path.Combine(folder, "admin-users-desktop.png") });
    }
}
