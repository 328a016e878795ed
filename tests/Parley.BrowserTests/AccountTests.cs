using System.Text.RegularExpressions;

namespace Parley.BrowserTests;

[Collection(SharedBrowser.Name)]
public sealed class AccountTests(BrowserFixture fixture)
{
    /// <summary>The rules are shown before anyone breaks them, and each broken one is reported at its field.</summary>
    [Fact]
    public async Task SignUp_WithInvalidFields_ShowsEachErrorAtItsField()
    {
        // Arrange
        await using var visitor = await fixture.OpenAsync();
        await visitor.Page.GetByRole(AriaRole.Button, new() { Name = "Create an account" }).ClickAsync();
        await Expect(visitor.Page.GetByRole(AriaRole.List, new() { Name = "Password rules" })).ToContainTextAsync("At least 10 characters");

        // Act
        await visitor.Page.GetByLabel("Username", new() { Exact = true }).FillAsync("ab");
        await visitor.Page.GetByLabel("Email").FillAsync($"{ApiClient.UniqueName()}@example.com");
        await visitor.Page.GetByLabel("Password", new() { Exact = true }).FillAsync("short");
        await visitor.Page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

        // Assert
        await Expect(visitor.Page.GetByLabel("Username", new() { Exact = true })).ToHaveAccessibleDescriptionAsync(new Regex("3 to 32 characters long"));
        await Expect(visitor.Page.GetByLabel("Password", new() { Exact = true })).ToHaveAccessibleDescriptionAsync(new Regex(@"Use at least 10 characters \(you have 5\)"));
        await Expect(visitor.Page.GetByLabel("Email")).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(visitor.Sidebar).ToHaveCountAsync(0);
    }

    /// <summary>Signing in says what went wrong in the server's words; signing out and in again works.</summary>
    [Fact]
    public async Task SignIn_AfterSigningOut_ExplainsAWrongPassword_AndAcceptsTheRightOne()
    {
        // Arrange
        await using var alice = await fixture.RegisterAsync("Alice");
        await alice.Sidebar.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        // Act
        await alice.SignInAsync(alice.Username, "not the password");

        // Assert
        await Expect(alice.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The username or password is incorrect.");

        // Act
        await alice.SignInAsync($"{alice.Username}@example.com", alice.Password);

        // Assert
        await Expect(alice.Sidebar).ToContainTextAsync(alice.DisplayName);
    }

    /// <summary>Signing out ends the session everywhere: another tab notices through its live connection.</summary>
    [Fact]
    public async Task SignOut_InOneTab_SendsTheOtherTabToSignIn()
    {
        // Arrange
        await using var alice = await fixture.RegisterAsync("Alice");
        var otherTab = await alice.Page.Context.NewPageAsync();
        await otherTab.GotoAsync("/");
        await Expect(otherTab.GetByRole(AriaRole.Navigation, new() { Name = "Conversations" })).ToBeVisibleAsync();

        // Act
        await alice.Sidebar.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        // Assert
        await Expect(otherTab.GetByText("Your session has ended. Sign in again.")).ToBeVisibleAsync();
        await Expect(otherTab.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true })).ToBeVisibleAsync();
    }
}
