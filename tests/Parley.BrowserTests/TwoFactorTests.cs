namespace Parley.BrowserTests;

/// <summary>
/// Two-factor sign-in as a person sets it up and uses it; the setup screen is photographed into the test output, or
/// into docs/screenshots with PARLEY_SCREENSHOTS=1.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class TwoFactorTests(BrowserFixture fixture)
{
    /// <summary>
    /// Set up in Preferences with the QR code's key and a code from the app, two-factor shows its recovery codes once;
    /// after signing out, the password leads to the code step, and the app's next code signs in.
    /// </summary>
    [Fact]
    public async Task TwoFactor_EnableInPreferences_ThenSignInWithACode()
    {
        // Arrange
        await using var alice = await fixture.RegisterAsync("Alice");
        await Screenshots.LightAndStillAsync(alice.Page);
        await alice.Sidebar.GetByRole(AriaRole.Button, new() { Name = "Preferences" }).ClickAsync();

        // Act: set up
        await alice.Dialog.GetByRole(AriaRole.Button, new() { Name = "Set up two-factor authentication" }).ClickAsync();
        var confirm = alice.Dialog.GetByRole(AriaRole.Form, new() { Name = "Confirm your password" });
        await confirm.GetByLabel("Current password").FillAsync(alice.Password);
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        var setup = alice.Dialog.GetByRole(AriaRole.Form, new() { Name = "Set up two-factor authentication" });
        var qrCode = setup.GetByRole(AriaRole.Img, new() { Name = "QR code with the key for your authenticator app" });
        await Expect(qrCode).ToHaveJSPropertyAsync("complete", true);
        Assert.True(await qrCode.EvaluateAsync<int>("img => img.naturalWidth") > 0);
        var app = new Authenticator(await setup.GetByTestId("two-factor-key").InnerTextAsync());
        await setup.ScrollIntoViewIfNeededAsync();
        await alice.Page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots.Folder(), "two-factor-setup-desktop.png") });
        await setup.GetByLabel("Code from the app").FillAsync(app.Code());
        await setup.GetByRole(AriaRole.Button, new() { Name = "Turn on two-factor" }).ClickAsync();

        // Assert: recovery codes shown once, then on
        await Expect(alice.Dialog.GetByTestId("recovery-codes").GetByRole(AriaRole.Listitem)).ToHaveCountAsync(10);
        await alice.Dialog.GetByRole(AriaRole.Button, new() { Name = "I saved them" }).ClickAsync();
        await Expect(alice.Dialog.GetByTestId("two-factor-status")).ToContainTextAsync("10 recovery codes left");
        await Expect(alice.Dialog.GetByTestId("recovery-codes")).ToHaveCountAsync(0);

        // Act: sign out and in again
        await alice.Page.Keyboard.PressAsync("Escape");
        await alice.Sidebar.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await alice.SignInAsync(alice.Username, alice.Password);
        var code = alice.Page.GetByLabel("Enter the 6-digit code from your authenticator app");
        await Expect(code).ToHaveAttributeAsync("autocomplete", "one-time-code");
        await Expect(alice.Sidebar).ToHaveCountAsync(0);
        await code.FillAsync(app.Code(1));
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();

        // Assert
        await Expect(alice.Sidebar).ToContainTextAsync(alice.DisplayName);
    }
}
