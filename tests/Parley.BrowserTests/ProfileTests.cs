namespace Parley.BrowserTests;

[Collection(SharedBrowser.Name)]
public sealed class ProfileTests(BrowserFixture fixture)
{
    /// <summary>
    /// A picture chosen, framed (by keyboard) and saved in the profile dialog replaces the initials beside the
    /// person's earlier message and in the member list of someone else on a phone, without a reload; a new display
    /// name reaches them the same way.
    /// </summary>
    [Fact]
    public async Task ProfileChanges_ShowLiveForARoomMateOnAPhone()
    {
        // Arrange
        await using var alice = await fixture.RegisterAsync("Alice");
        await using var bob = await fixture.RegisterAsync("Bob", phone: true);
        var room = $"Faces {Guid.NewGuid():N}"[..14];
        var roomId = await alice.CreateRoomAsync(room);
        await alice.SendAsync("hello from alice");
        using var bobApi = await bob.ApiAsync(fixture.Server);
        await bobApi.JoinAsync(roomId);
        await bob.RoomLink(room).TapAsync();
        var alicesMessage = bob.Message("hello from alice");
        var messageAvatar = alicesMessage.Locator(".message-gutter .avatar");
        await Expect(messageAvatar).ToHaveAttributeAsync("data-avatar", "initials");

        // Act: Alice frames a 400×300 picture with the keyboard and saves it.
        await alice.Sidebar.GetByRole(AriaRole.Button, new() { NameRegex = new("edit your profile") }).ClickAsync();
        var profile = alice.Page.GetByRole(AriaRole.Dialog, new() { Name = "Profile" });
        await profile.GetByLabel("Picture file").SetInputFilesAsync(new FilePayload
        {
            Name = "me.png",
            MimeType = "image/png",
            Buffer = PngImage.Create(400, 300, (x, y) => ((byte)(x / 2), (byte)(y / 2), 160)),
        });
        var cropper = profile.GetByTestId("avatar-cropper");
        await cropper.FocusAsync();
        await cropper.PressAsync("+");
        await cropper.PressAsync("ArrowLeft");
        await profile.GetByRole(AriaRole.Button, new() { Name = "Save picture" }).ClickAsync();

        // Assert: Bob's phone shows the picture beside the message sent before it, at twice its drawn size.
        await Expect(profile.Locator(".avatar-lg img")).ToHaveJSPropertyAsync("naturalWidth", 256);
        await Expect(messageAvatar).ToHaveAttributeAsync("data-avatar", "picture");
        await Expect(messageAvatar.Locator("img")).ToHaveJSPropertyAsync("naturalWidth", 128);
        await bob.Page.Locator("button[aria-controls='member-panel']").TapAsync();
        var aliceInMembers = bob.Page.GetByTestId("member").Filter(new() { HasText = alice.Username });
        await Expect(aliceInMembers.Locator(".avatar img")).ToHaveJSPropertyAsync("naturalWidth", 64);

        // Act: a new display name and a status.
        await profile.GetByRole(AriaRole.Textbox, new() { Name = "Display name" }).FillAsync("Alice Liddell");
        await profile.GetByRole(AriaRole.Textbox, new() { Name = "Status" }).FillAsync("Down the rabbit hole");
        await profile.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();

        // Assert
        await Expect(profile.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved.");
        await Expect(aliceInMembers.Locator(".member-display")).ToHaveTextAsync("Alice Liddell");
        await Expect(aliceInMembers.GetByTestId("member-status")).ToHaveTextAsync("Down the rabbit hole");
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Close members" }).TapAsync();
        await Expect(alicesMessage.Locator(".message-author")).ToHaveTextAsync("Alice Liddell");
        await Expect(alice.Sidebar.Locator(".me-display")).ToHaveTextAsync("Alice Liddell");
    }
}
