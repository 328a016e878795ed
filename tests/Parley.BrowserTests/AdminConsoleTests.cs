using System.Text.RegularExpressions;

namespace Parley.BrowserTests;

/// <summary>The admin console in the web app: only for administrators, and what it does is seen at once elsewhere.</summary>
[Collection(SharedBrowser.Name)]
public sealed class AdminConsoleTests(BrowserFixture fixture)
{
    /// <summary>
    /// An administrator deactivates someone signed in in another browser: that browser is sent to the sign-in screen
    /// and cannot sign in again, and the administrator's open room shows them go offline live (issue 13).
    /// </summary>
    [Fact]
    public async Task Deactivate_UserSignedInElsewhere_IsSignedOut_AndGoesOfflineInTheMemberList()
    {
        // Arrange: on a fresh server the first account is its administrator.
        await using var server = await ParleyServer.StartAsync();
        await using var admin = await fixture.RegisterAsync("Ada", server: server);
        await using var bob = await fixture.RegisterAsync("Bob", server: server);
        await admin.CreateRoomAsync("townhall");
        await bob.JoinPublicRoomAsync("townhall");
        var bobInMembers = admin.Page.GetByRole(AriaRole.Complementary, new() { Name = "Members" }).GetByTestId("member").Filter(new() { HasText = bob.Username });
        await Expect(bobInMembers).ToHaveAttributeAsync("data-presence", "online");
        // The console in a second tab of the administrator's browser, the room staying open in the first.
        var console = await admin.Page.Context.NewPageAsync();
        await console.GotoAsync("/");
        await console.GetByRole(AriaRole.Link, new() { Name = "Admin console" }).ClickAsync();
        await console.GetByRole(AriaRole.Link, new() { Name = "Users", Exact = true }).ClickAsync();

        // Act
        await console.GetByLabel("Search accounts").FillAsync(bob.Username);
        await console.GetByLabel("Search accounts").PressAsync("Enter");
        await console.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(Regex.Escape("@" + bob.Username)) }).ClickAsync();
        await console.GetByRole(AriaRole.Button, new() { Name = "Deactivate", Exact = true }).ClickAsync();
        await console.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Deactivate", Exact = true }).ClickAsync();

        // Assert
        await Expect(console.GetByRole(AriaRole.Complementary).GetByRole(AriaRole.Status)).ToHaveTextAsync("Deactivated and signed out everywhere.");
        await Expect(bobInMembers).ToHaveAttributeAsync("data-presence", "offline");
        await Expect(bob.Page.GetByText("Your session has ended. Sign in again.")).ToBeVisibleAsync();
        await bob.SignInAsync(bob.Username, bob.Password);
        await Expect(bob.Page.GetByText("This account has been deactivated by a server administrator.")).ToBeVisibleAsync();
    }

    /// <summary>Someone who is not an administrator has no way in: no link to the console, and /admin is a page not found.</summary>
    [Fact]
    public async Task AdminConsole_ForSomeoneNotAnAdministrator_IsNotFound()
    {
        // On a server whose first account (its administrator) is someone else.
        await using var server = await ParleyServer.StartAsync();
        using (await ApiClient.RegisterAsync(server, ApiClient.UniqueName("founder")))
        {
        }

        await using var user = await fixture.RegisterAsync("Carol", server: server);

        await user.Page.GotoAsync("/admin/users");

        await Expect(user.Page.GetByRole(AriaRole.Heading, new() { Name = "Page not found" })).ToBeVisibleAsync();
        await Expect(user.Page.GetByRole(AriaRole.Link, new() { Name = "Admin console" })).ToHaveCountAsync(0);
    }
}
