namespace Parley.BrowserTests;

[Collection(SharedBrowser.Name)]
public sealed class SessionsTests(BrowserFixture fixture)
{
    /// <summary>Signing a browser out from the sessions list elsewhere sends that browser straight to the sign-in screen.</summary>
    [Fact]
    public async Task SessionsList_SigningAnotherBrowserOut_SendsItToSignIn()
    {
        // Arrange
        await using var laptop = await fixture.RegisterAsync("Alice");
        await using var phone = await fixture.OpenAsync();
        await phone.SignInAsync(laptop.Username, laptop.Password);
        await Expect(phone.Sidebar).ToContainTextAsync(laptop.DisplayName);

        // Act
        await laptop.Sidebar.GetByRole(AriaRole.Button, new() { Name = "Preferences" }).ClickAsync();
        var sessions = laptop.Dialog.GetByRole(AriaRole.List, new() { Name = "Sessions" }).GetByTestId("session");
        await Expect(sessions).ToHaveCountAsync(2);
        await Expect(sessions.Filter(new() { HasText = "This device" })).ToHaveCountAsync(1);
        await laptop.Dialog.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Sign out .+ on Linux$") }).ClickAsync();

        // Assert
        await Expect(phone.Page.GetByText("Your session has ended. Sign in again.")).ToBeVisibleAsync();
        await Expect(phone.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true })).ToBeVisibleAsync();
        await Expect(sessions).ToHaveCountAsync(1);
        await Expect(laptop.Sidebar).ToContainTextAsync(laptop.DisplayName);
    }

    /// <summary>"Download my data" saves a zip of the account straight from the Preferences dialog.</summary>
    [Fact]
    public async Task YourData_Download_SavesAZipOfTheAccount()
    {
        // Arrange
        await using var alice = await fixture.RegisterAsync("Alice");
        await alice.Sidebar.GetByRole(AriaRole.Button, new() { Name = "Preferences" }).ClickAsync();

        // Act
        var download = await alice.Page.RunAndWaitForDownloadAsync(() => alice.Dialog.GetByRole(AriaRole.Link, new() { Name = "Download my data" }).ClickAsync());

        // Assert
        Assert.Equal("parley-data.zip", download.SuggestedFilename);
        using var zip = System.IO.Compression.ZipFile.OpenRead(await download.PathAsync());
        using var account = await System.Text.Json.JsonDocument.ParseAsync(zip.GetEntry("account.json")!.Open());
        Assert.Equal(alice.Username, account.RootElement.GetProperty("username").GetString());
    }
}
