namespace Parley.BrowserTests;

/// <summary>
/// Passkeys in a real Chromium with its virtual authenticator (DevTools WebAuthn domain: a platform authenticator
/// that holds discoverable credentials and verifies the user without a prompt). The page is loaded from localhost:
/// WebAuthn needs a secure context and a domain for the relying party, and an IP address such as 127.0.0.1 is none.
/// The photos (Preferences, the sign-in form) go to the test output normally, to docs/screenshots with PARLEY_SCREENSHOTS=1.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class PasskeyTests(BrowserFixture fixture)
{
    /// <summary>A passkey added in Preferences signs the person back in after signing out, without a username or password.</summary>
    [Fact]
    public async Task Passkey_AddedInPreferences_SignsInWithoutUsernameOrPassword()
    {
        // Arrange
        await using var alice = await fixture.OpenAsync(host: "localhost");
        await AddVirtualAuthenticatorAsync(alice.Page);
        await alice.RegisterAsync("Alice");
        await Screenshots.LightAndStillAsync(alice.Page);

        // Act: add a passkey
        await alice.Sidebar.GetByRole(AriaRole.Button, new() { Name = "Preferences" }).ClickAsync();
        var addForm = alice.Dialog.GetByRole(AriaRole.Form, new() { Name = "Add a passkey" });
        await addForm.GetByLabel("Current password").FillAsync(alice.Password);
        await addForm.GetByRole(AriaRole.Button, new() { Name = "Add a passkey" }).ClickAsync();

        // Assert: listed, named after where it was made
        var passkeys = alice.Dialog.GetByRole(AriaRole.List, new() { Name = "Passkeys" }).GetByTestId("passkey");
        await Expect(passkeys).ToHaveCountAsync(1);
        await Expect(passkeys.First).ToContainTextAsync("on Linux");
        await Expect(passkeys.First).ToContainTextAsync("not used yet");
        await Expect(addForm.GetByRole(AriaRole.Status)).ToContainTextAsync("added");
        await alice.Dialog.GetByRole(AriaRole.Heading, new() { Name = "Passkeys" }).ScrollIntoViewIfNeededAsync();
        await alice.Page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots.Folder(), "passkeys-desktop.png") });

        // Act: sign out, then in with the passkey
        await alice.Page.Keyboard.PressAsync("Escape");
        await alice.Sidebar.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        var withPasskey = alice.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" });
        await Expect(withPasskey).ToBeVisibleAsync();
        await alice.Page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots.Folder(), "passkey-sign-in-desktop.png") });
        await withPasskey.ClickAsync();

        // Assert: signed in as Alice, and the passkey shows it was used
        await Expect(alice.Sidebar).ToContainTextAsync(alice.DisplayName);
        await alice.Sidebar.GetByRole(AriaRole.Button, new() { Name = "Preferences" }).ClickAsync();
        await Expect(passkeys.First).ToContainTextAsync("last used");
    }

    /// <summary>Without the current password nothing is asked of the authenticator, and the form says why.</summary>
    [Fact]
    public async Task Passkey_AddWithAWrongPassword_IsRefusedWithASentence()
    {
        // Arrange
        await using var bob = await fixture.OpenAsync(host: "localhost");
        await AddVirtualAuthenticatorAsync(bob.Page);
        await bob.RegisterAsync("Bob");
        await bob.Sidebar.GetByRole(AriaRole.Button, new() { Name = "Preferences" }).ClickAsync();
        var addForm = bob.Dialog.GetByRole(AriaRole.Form, new() { Name = "Add a passkey" });

        // Act
        await addForm.GetByLabel("Current password").FillAsync("not the password");
        await addForm.GetByRole(AriaRole.Button, new() { Name = "Add a passkey" }).ClickAsync();

        // Assert
        await Expect(addForm).ToContainTextAsync("Your current password is not correct.");
        await Expect(bob.Dialog).ToContainTextAsync("You have no passkeys yet.");
    }

    private static async Task AddVirtualAuthenticatorAsync(IPage page)
    {
        var devTools = await page.Context.NewCDPSessionAsync(page);
        await devTools.SendAsync("WebAuthn.enable");
        await devTools.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });
    }
}
