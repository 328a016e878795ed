namespace Parley.BrowserTests;

/// <summary>Signing up on a server whose administrator set registration to invite-only, or closed it.</summary>
[Collection(SharedBrowser.Name)]
public sealed class InviteCodeSignUpTests(BrowserFixture fixture)
{
    /// <summary>
    /// An administrator's sign-up link (/?invite=CODE) opens the form with the invite code filled in; a wrong code
    /// is explained at its field, the link's code creates the account and counts one use.
    /// </summary>
    [Fact]
    public async Task SignUp_WithAnAdministratorsInviteLink_CreatesTheAccount()
    {
        // Arrange
        await using var server = await ParleyServer.StartAsync();
        using var admin = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("founder"));
        await ApiClient.EnsureSuccessAsync(await admin.PutAsync("/api/admin/settings", new { registrationMode = "inviteOnly" }));
        var code = (await ApiClient.ReadAsync<Administration.InviteCodeDto>(admin.PostAsync("/api/admin/invite-codes", new { maxUses = 1, note = "for Nia" }))).Code;
        await using var visitor = await fixture.OpenAsync($"/?invite={code}", server: server);
        var username = ApiClient.UniqueName("nia");
        var inviteCode = visitor.Page.GetByLabel("Invite code");

        // Act
        await Expect(inviteCode).ToHaveValueAsync(code);
        await inviteCode.FillAsync("WRNG-CODE-HERE");
        await visitor.Page.GetByLabel("Username", new() { Exact = true }).FillAsync(username);
        await visitor.Page.GetByLabel("Email").FillAsync($"{username}@example.com");
        await visitor.Page.GetByLabel("Password", new() { Exact = true }).FillAsync($"correct horse {Guid.NewGuid():N}");
        await visitor.Page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

        // Assert
        await Expect(inviteCode).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("This invite code is not valid"));
        await Expect(visitor.Sidebar).ToHaveCountAsync(0);

        // Act
        await inviteCode.FillAsync(code);
        await visitor.Page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

        // Assert
        await Expect(visitor.Sidebar).ToBeVisibleAsync();
        var listed = Assert.Single(await ApiClient.ReadAsync<List<Administration.InviteCodeDto>>(admin.GetAsync("/api/admin/invite-codes")));
        Assert.Equal((1, Administration.InviteCodeStatus.UsedUp), (listed.Uses, listed.Status));
    }

    /// <summary>On a closed server the sign-up form is replaced by a sentence saying so, instead of fields that cannot succeed.</summary>
    [Fact]
    public async Task SignUp_WhileRegistrationIsClosed_SaysSo()
    {
        // Arrange
        await using var server = await ParleyServer.StartAsync();
        using var admin = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("founder"));
        await ApiClient.EnsureSuccessAsync(await admin.PutAsync("/api/admin/settings", new { registrationMode = "closed" }));
        await using var visitor = await fixture.OpenAsync(server: server);

        // Act
        await visitor.Page.GetByRole(AriaRole.Button, new() { Name = "Create an account" }).ClickAsync();

        // Assert
        await Expect(visitor.Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Registration is closed on this server. Ask its administrator for an account.");
        await Expect(visitor.Page.GetByLabel("Username", new() { Exact = true })).ToHaveCountAsync(0);
    }
}
