namespace Parley.BrowserTests;

[Collection(SharedBrowser.Name)]
public sealed class AccountDeletionTests(BrowserFixture fixture)
{
    /// <summary>
    /// Deleting one's account from Preferences takes the password, then lands on the sign-in screen saying so; the
    /// people who were in a room with them see their messages signed "Deleted user", live.
    /// </summary>
    [Fact]
    public async Task DeleteAccount_FromPreferences_SignsOut_AndOthersSeeDeletedUser()
    {
        // Arrange
        await using var alice = await fixture.RegisterAsync("Alice");
        await using var bob = await fixture.RegisterAsync("Bob");
        var room = $"Farewell {Guid.NewGuid():N}"[..14];
        await alice.CreateRoomAsync(room);
        await bob.JoinPublicRoomAsync(room);
        await bob.SendAsync("it was nice here");
        await Expect(alice.Message("it was nice here")).ToContainTextAsync(bob.DisplayName);

        // Act
        await bob.Sidebar.GetByRole(AriaRole.Button, new() { Name = "Preferences" }).ClickAsync();
        await bob.Dialog.GetByRole(AriaRole.Button, new() { Name = "Delete my account…" }).ClickAsync();
        var form = bob.Dialog.GetByRole(AriaRole.Form, new() { Name = "Delete account" });
        await Expect(form.Locator("xpath=..")).ToContainTextAsync("signed “Deleted user”");
        await form.GetByLabel("Current password").FillAsync("not the password");
        await form.GetByRole(AriaRole.Button, new() { Name = "Delete my account permanently" }).ClickAsync();
        await Expect(form).ToContainTextAsync("Your password is not correct");
        await form.GetByLabel("Current password").FillAsync(bob.Password);
        await form.GetByRole(AriaRole.Button, new() { Name = "Delete my account permanently" }).ClickAsync();

        // Assert
        await Expect(bob.Page.GetByText("Your account was deleted.")).ToBeVisibleAsync();
        await Expect(bob.Sidebar).ToHaveCountAsync(0);
        await Expect(alice.Message("it was nice here")).ToContainTextAsync("Deleted user");
        await Expect(alice.Message("it was nice here")).Not.ToContainTextAsync(bob.DisplayName);
    }
}
