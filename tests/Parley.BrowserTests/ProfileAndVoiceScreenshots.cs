namespace Parley.BrowserTests;

/// <summary>
/// Profile pictures beside messages and in the lists, a voice message, and the profile dialog, on a desktop and a
/// phone: into the test output normally, into docs/screenshots with PARLEY_SCREENSHOTS=1
/// (<c>PARLEY_SCREENSHOTS=1 dotnet test tests/Parley.BrowserTests --filter FullyQualifiedName~ProfileAndVoiceScreenshots</c>).
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class ProfileAndVoiceScreenshots(BrowserFixture fixture)
{
    /// <summary>Both people's pictures show on both screens, with a voice message ready to play.</summary>
    [Fact]
    public async Task PicturesAndVoice_OnDesktopAndPhone_ShowAndArePhotographed()
    {
        await using var alice = await fixture.RegisterAsync("Alice");
        await alice.Page.Context.GrantPermissionsAsync(["microphone"]);
        await using var bob = await fixture.RegisterAsync("Bob", phone: true);
        using var aliceApi = await alice.ApiAsync(fixture.Server);
        using var bobApi = await bob.ApiAsync(fixture.Server);
        await PutPictureAsync(aliceApi, (x, y) => ((byte)(240 - (y / 2)), (byte)(120 + (x / 4)), 90));
        await PutPictureAsync(bobApi, (x, y) => (60, (byte)(110 + (y / 3)), (byte)(200 - (x / 4))));
        var room = await aliceApi.CreateRoomAsync(name: $"Band {Guid.NewGuid():N}"[..12]);
        await bobApi.JoinAsync(room.Id);
        var folder = Screenshots.Folder();
        await Screenshots.LightAndStillAsync(alice.Page, bob.Page);
        await alice.Page.ReloadAsync(); // the pictures were set over the API: show them from the start
        await alice.RoomLink(room.Name).ClickAsync();
        await bob.RoomLink(room.Name).TapAsync();

        await bob.SendAsync("Can you hum the chorus for me?");
        await Expect(alice.Message("Can you hum the chorus for me?")).ToBeVisibleAsync();
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Record voice message" }).ClickAsync();
        var recorder = alice.Page.GetByRole(AriaRole.Group, new() { Name = "Voice message" });
        await Expect(recorder.GetByRole(AriaRole.Timer)).ToHaveTextAsync("0:02", new() { Timeout = 15_000 });
        await recorder.GetByRole(AriaRole.Button, new() { Name = "Stop" }).ClickAsync();
        await Expect(recorder.GetByTestId("voice-duration")).ToBeVisibleAsync();
        await alice.Page.ScreenshotAsync(new() { Path = Path.Combine(folder, "voice-preview-desktop.png") });
        await recorder.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        var player = bob.Messages.Last.GetByTestId("voice-player");
        await Expect(player.GetByTestId("voice-duration")).ToBeVisibleAsync();
        await Expect(bob.Messages.Last.Locator(".message-gutter .avatar")).ToHaveAttributeAsync("data-avatar", "picture");
        await Expect(alice.Messages.Last.GetByTestId("voice-player")).ToBeVisibleAsync();
        await alice.Page.Mouse.MoveAsync(0, 0);
        await alice.Page.ScreenshotAsync(new() { Path = Path.Combine(folder, "voice-and-pictures-desktop.png") });
        await bob.Page.ScreenshotAsync(new() { Path = Path.Combine(folder, "voice-and-pictures-phone.png") });

        await alice.Sidebar.GetByRole(AriaRole.Button, new() { NameRegex = new("edit your profile") }).ClickAsync();
        var profile = alice.Page.GetByRole(AriaRole.Dialog, new() { Name = "Profile" });
        await Expect(profile.Locator(".avatar-lg img")).ToHaveJSPropertyAsync("naturalWidth", 256);
        await alice.Page.ScreenshotAsync(new() { Path = Path.Combine(folder, "profile-dialog-desktop.png") });
        Assert.True(File.Exists(Path.Combine(folder, "voice-and-pictures-phone.png")));
    }

    private static async Task PutPictureAsync(ApiClient person, Func<int, int, (byte R, byte G, byte B)> pixel)
    {
        using var response = await person.Http.PutAsync("/api/me/avatar", new ByteArrayContent(PngImage.Create(320, 320, pixel)));
        response.EnsureSuccessStatusCode();
    }
}
