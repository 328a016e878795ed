namespace Parley.BrowserTests;

[Collection(SharedBrowser.Name)]
public sealed class PasswordTests(BrowserFixture fixture)
{
    /// <summary>
    /// A forgotten password is recovered through the mail the test SMTP server catches: the link sets a new password,
    /// which then signs in; the old one no longer does, and another browser signed in to the account is signed out.
    /// </summary>
    [Fact]
    public async Task ForgotPassword_ThroughTheMailedLink_NewPasswordSignsInAndOtherSessionsEnd()
    {
        // Arrange
        await using var smtp = await SmtpServer.StartAsync();
        await using var server = await ParleyServer.StartAsync(smtp.Settings);
        await using var laptop = await fixture.RegisterAsync("Alice", server: server);
        await using var phone = await fixture.OpenAsync(server: server);
        var email = $"{laptop.Username}@example.com";
        const string newPassword = "my new and memorable passphrase";

        // Act: ask for a link from the sign-in screen of a browser that is signed out.
        await phone.Page.GetByRole(AriaRole.Button, new() { Name = "Forgot password?" }).ClickAsync();
        await phone.Page.GetByLabel("Email").FillAsync(email);
        await phone.Page.GetByRole(AriaRole.Button, new() { Name = "Send reset link" }).ClickAsync();

        // Assert
        await Expect(phone.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("If an account has this address");

        // Act: open the mailed link and choose a new password.
        var mail = await smtp.WaitForMessageAsync(email);
        var link = new Uri(System.Text.RegularExpressions.Regex.Match(mail.TextBody ?? "", @"https?://\S+").Value);
        await phone.Page.GotoAsync(link.PathAndQuery);
        await Expect(phone.Page.GetByRole(AriaRole.List, new() { Name = "Password rules" })).ToContainTextAsync("At least 10 characters");
        await phone.Page.GetByLabel("New password", new() { Exact = true }).FillAsync(newPassword);
        await phone.Page.GetByRole(AriaRole.Button, new() { Name = "Set new password" }).ClickAsync();

        // Assert: sent to sign in, where the new password works.
        await Expect(phone.Page.GetByText("Your password was changed")).ToBeVisibleAsync();
        await phone.SignInAsync(laptop.Username, newPassword);
        await Expect(phone.Sidebar).ToBeVisibleAsync();

        // Assert: the laptop's session ended, and the old password no longer signs in.
        await Expect(laptop.Page.GetByText("Your session has ended. Sign in again.")).ToBeVisibleAsync();
        await laptop.SignInAsync(laptop.Username, laptop.Password);
        await Expect(laptop.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The username or password is incorrect.");
    }

    /// <summary>
    /// The password is changed in Preferences with the current one; with "sign out other sessions", another browser
    /// signed in to the account is sent to sign in, while this one stays.
    /// </summary>
    [Fact]
    public async Task ChangePassword_InPreferences_SignsOutTheOtherBrowser()
    {
        // Arrange
        await using var laptop = await fixture.RegisterAsync("Bob");
        await using var phone = await fixture.OpenAsync();
        await phone.SignInAsync(laptop.Username, laptop.Password);
        await Expect(phone.Sidebar).ToBeVisibleAsync();
        await laptop.Page.GetByRole(AriaRole.Button, new() { Name = "Preferences" }).ClickAsync();
        var form = laptop.Dialog.GetByRole(AriaRole.Form, new() { Name = "Change password" });

        // Act: a wrong current password first.
        await form.GetByLabel("Current password").FillAsync("not my password");
        await form.GetByLabel("New password").FillAsync("another fine passphrase");
        await form.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();

        // Assert
        await Expect(form.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Your current password is not correct.");

        // Act
        await form.GetByLabel("Current password").FillAsync(laptop.Password);
        await Expect(form.GetByLabel("Sign out other sessions")).ToBeCheckedAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();

        // Assert
        await Expect(form.GetByRole(AriaRole.Status)).ToHaveTextAsync("Password changed. Your other sessions were signed out.");
        await Expect(phone.Page.GetByText("Your session has ended. Sign in again.")).ToBeVisibleAsync();
        await Expect(laptop.Sidebar).ToBeVisibleAsync();
    }

    /// <summary>
    /// With verification required, sign-up says to open the mailed link, sign-in is refused with a way to get a new
    /// link, and once the link is opened the account signs in.
    /// </summary>
    [Fact]
    public async Task SignUp_VerificationRequired_TheMailedLinkOpensTheAccount()
    {
        // Arrange
        await using var smtp = await SmtpServer.StartAsync();
        await using var server = await ParleyServer.StartAsync(new Dictionary<string, string>(smtp.Settings) { ["Parley:Accounts:EmailVerification"] = "required" });
        await using var visitor = await fixture.OpenAsync(server: server);
        var username = ApiClient.UniqueName("verifier");
        var email = $"{username}@example.com";
        const string password = "a passphrase to verify with";

        // Act
        await visitor.Page.GetByRole(AriaRole.Button, new() { Name = "Create an account" }).ClickAsync();
        await visitor.Page.GetByLabel("Username", new() { Exact = true }).FillAsync(username);
        await visitor.Page.GetByLabel("Email").FillAsync(email);
        await visitor.Page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await visitor.Page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

        // Assert
        await Expect(visitor.Page.GetByText($"Open the link we mailed to {email}")).ToBeVisibleAsync();
        await visitor.SignInAsync(username, password);
        await Expect(visitor.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Verify your email address first");
        await Expect(visitor.Page.GetByRole(AriaRole.Button, new() { Name = "Send a new verification link" })).ToBeVisibleAsync();

        // Act
        var mail = await smtp.WaitForMessageAsync(email);
        var link = new Uri(System.Text.RegularExpressions.Regex.Match(mail.TextBody ?? "", @"https?://\S+").Value);
        await visitor.Page.GotoAsync(link.PathAndQuery);

        // Assert
        await Expect(visitor.Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Your email address is verified.");
        await visitor.Page.GetByRole(AriaRole.Button, new() { Name = "Continue to Parley" }).ClickAsync();
        await visitor.SignInAsync(username, password);
        await Expect(visitor.Sidebar).ToBeVisibleAsync();
    }
}
