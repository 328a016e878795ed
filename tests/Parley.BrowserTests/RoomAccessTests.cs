namespace Parley.BrowserTests;

[Collection(SharedBrowser.Name)]
public sealed class RoomAccessTests(BrowserFixture fixture)
{
    /// <summary>A password room says plainly when the password is wrong, and lets the right one in.</summary>
    [Fact]
    public async Task PasswordRoom_RefusesAWrongPassword_AndAcceptsTheRightOne()
    {
        // Arrange
        await using var alice = await fixture.RegisterAsync("Alice");
        await using var bob = await fixture.RegisterAsync("Bob");
        var room = $"Vault {Guid.NewGuid():N}"[..14];
        var roomId = await alice.CreateRoomAsync(room, "Password", password: "open sesame");
        await bob.Sidebar.GetByRole(AriaRole.Button, new() { Name = "Join a room" }).ClickAsync();
        await bob.Dialog.GetByLabel("Room name, ID or link").FillAsync(roomId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await bob.Dialog.GetByRole(AriaRole.Button, new() { Name = "Join room" }).ClickAsync();

        // Act
        await bob.Dialog.GetByLabel("Room password").FillAsync("open says me");
        await bob.Dialog.GetByRole(AriaRole.Button, new() { Name = "Join room" }).ClickAsync();

        // Assert
        await Expect(bob.Dialog.GetByRole(AriaRole.Alert)).ToContainTextAsync("That password is not right");
        await Expect(bob.RoomLink(room)).ToHaveCountAsync(0);

        // Act
        await bob.Dialog.GetByLabel("Room password").FillAsync("open sesame");
        await bob.Dialog.GetByRole(AriaRole.Button, new() { Name = "Join room" }).ClickAsync();

        // Assert
        await Expect(bob.Conversation(room)).ToBeVisibleAsync();
        await Expect(bob.RoomLink(room)).ToBeVisibleAsync();
        await Expect(alice.Page.GetByTestId("member").Filter(new() { HasText = bob.DisplayName })).ToBeVisibleAsync();
    }

    /// <summary>An invite link works for someone who is not even signed in yet: sign up, then join.</summary>
    [Fact]
    public async Task InviteLink_OpenedSignedOut_LeadsThroughSignUpIntoTheRoom()
    {
        // Arrange
        await using var alice = await fixture.RegisterAsync("Alice");
        var room = $"Secret {Guid.NewGuid():N}"[..15];
        await alice.CreateRoomAsync(room, "Private");
        await alice.OpenSettingsAsync();
        await alice.Dialog.GetByRole(AriaRole.Button, new() { Name = "Create invite link" }).ClickAsync();
        var link = await alice.Dialog.GetByLabel("Invite link", new() { Exact = true }).InputValueAsync();
        var path = new Uri(link).PathAndQuery;

        // Act
        await using var bob = await fixture.OpenAsync(path);
        await Expect(bob.Page.GetByText("You have been invited to a room")).ToBeVisibleAsync();
        await bob.RegisterAsync("Bob");
        await Expect(bob.Page.GetByRole(AriaRole.Heading, new() { Name = room })).ToBeVisibleAsync();
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Join room" }).ClickAsync();

        // Assert
        await Expect(bob.Conversation(room)).ToBeVisibleAsync();
        await Expect(bob.Page).ToHaveURLAsync($"{fixture.Server.BaseAddress}rooms/{alice.OpenRoomId}");
        await Expect(alice.Dialog.GetByTestId("invite")).ToHaveCountAsync(1);
    }

    /// <summary>Deleting a room takes it off every member's screen at once, with a word for whoever had it open.</summary>
    [Fact]
    public async Task OwnerDeletesRoom_ItDisappearsLiveForTheOtherMember()
    {
        // Arrange
        await using var alice = await fixture.RegisterAsync("Alice");
        await using var bob = await fixture.RegisterAsync("Bob");
        var room = $"Temp {Guid.NewGuid():N}"[..13];
        await alice.CreateRoomAsync(room);
        await bob.JoinPublicRoomAsync(room);
        await Expect(bob.RoomLink(room)).ToBeVisibleAsync();

        // Act
        await alice.OpenSettingsAsync();
        await alice.Dialog.GetByRole(AriaRole.Button, new() { Name = "Delete room…" }).ClickAsync();
        await alice.Dialog.GetByRole(AriaRole.Button, new() { Name = "Delete for everyone" }).ClickAsync();

        // Assert
        await Expect(bob.RoomLink(room)).ToHaveCountAsync(0);
        await Expect(bob.Page.GetByText($"#{room} was deleted.")).ToBeVisibleAsync();
        await Expect(bob.Conversation(room)).ToHaveCountAsync(0);
        await Expect(alice.RoomLink(room)).ToHaveCountAsync(0);
        await Expect(alice.Page.GetByText($"#{room} was deleted.")).ToHaveCountAsync(0);
    }

    /// <summary>Settings changes reach everyone live: a rename shows in the other member's list and header.</summary>
    [Fact]
    public async Task AdminRenamesRoom_TheOtherMemberSeesTheNewNameLive()
    {
        // Arrange
        await using var alice = await fixture.RegisterAsync("Alice");
        await using var bob = await fixture.RegisterAsync("Bob");
        var room = $"Old {Guid.NewGuid():N}"[..12];
        var renamed = $"New {Guid.NewGuid():N}"[..12];
        await alice.CreateRoomAsync(room);
        await bob.JoinPublicRoomAsync(room);

        // Act
        await alice.OpenSettingsAsync();
        await alice.Dialog.GetByLabel("Room name").FillAsync(renamed);
        await alice.Dialog.GetByRole(AriaRole.Button, new() { Name = "Save details" }).ClickAsync();

        // Assert
        await Expect(bob.Conversation(renamed)).ToBeVisibleAsync();
        await Expect(bob.RoomLink(renamed)).ToBeVisibleAsync();
        await Expect(bob.Message($"{alice.DisplayName} renamed the room")).ToBeVisibleAsync();
    }

    /// <summary>
    /// Remove asks first (a click alone removes nobody, and Cancel keeps them); confirmed, the person removed loses
    /// the room from their screen at once, and is told why.
    /// </summary>
    [Fact]
    public async Task OwnerRemovesMember_AfterConfirming_TheRoomLeavesTheirScreenWithANotice()
    {
        // Arrange
        await using var alice = await fixture.RegisterAsync("Alice");
        await using var bob = await fixture.RegisterAsync("Bob");
        var room = $"Club {Guid.NewGuid():N}"[..13];
        await alice.CreateRoomAsync(room);
        await bob.JoinPublicRoomAsync(room);
        await alice.OpenSettingsAsync();
        var settings = alice.Page.GetByRole(AriaRole.Dialog, new() { Name = $"{room} settings" });
        var confirmation = alice.Page.GetByRole(AriaRole.Dialog, new() { Name = $"Remove {bob.DisplayName}?" });
        await settings.GetByRole(AriaRole.Button, new() { Name = $"Remove {bob.DisplayName}" }).ClickAsync();
        await Expect(confirmation).ToBeVisibleAsync();
        await confirmation.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(confirmation).ToHaveCountAsync(0);
        await Expect(bob.RoomLink(room)).ToBeVisibleAsync();
        await settings.GetByRole(AriaRole.Button, new() { Name = $"Remove {bob.DisplayName}" }).ClickAsync();

        // Act
        await confirmation.GetByRole(AriaRole.Button, new() { Name = "Remove", Exact = true }).ClickAsync();

        // Assert
        await Expect(bob.Page.GetByText($"You were removed from #{room}.")).ToBeVisibleAsync();
        await Expect(bob.RoomLink(room)).ToHaveCountAsync(0);
        await Expect(alice.Page.GetByTestId("member").Filter(new() { HasText = bob.DisplayName })).ToHaveCountAsync(0);
        await Expect(settings.GetByRole(AriaRole.Button, new() { Name = $"Remove {bob.DisplayName}" })).ToHaveCountAsync(0);
    }
}
