namespace Parley.BrowserTests;

[Collection(SharedBrowser.Name)]
public sealed class RoomsByNameAndPinsTests(BrowserFixture fixture)
{
    /// <summary>
    /// People join by typing a room's name as they remember it ("#garden …" in any case), and any member can pass the
    /// room on by its link (its id beside it); a password room asks for its password only once it turns out to need one.
    /// </summary>
    [Fact]
    public async Task JoinARoom_ByTypingItsName_CopyItsLink_AndAPasswordRoomAsksForItsPassword()
    {
        // Arrange
        using var alice = await ApiClient.RegisterAsync(fixture.Server, ApiClient.UniqueName("alice"));
        var garden = await alice.CreateRoomAsync(name: $"Garden {Guid.NewGuid():N}"[..15]);
        var vault = await alice.CreateRoomAsync("password", "open sesame", name: $"Vault {Guid.NewGuid():N}"[..14]);
        await using var bob = await fixture.RegisterAsync("Bob");

        // Act
        await bob.Sidebar.GetByRole(AriaRole.Button, new() { Name = "Join a room" }).ClickAsync();
        await bob.Dialog.GetByLabel("Room name, ID or link").FillAsync("#" + garden.Name.ToLowerInvariant());
        await bob.Dialog.GetByRole(AriaRole.Button, new() { Name = "Join room" }).ClickAsync();

        // Assert
        await Expect(bob.Conversation(garden.Name)).ToBeVisibleAsync();
        await Expect(bob.RoomLink(garden.Name)).ToBeVisibleAsync();
        Assert.Equal(garden.Id, bob.OpenRoomId);

        // Act
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Conversation options" }).ClickAsync();
        await bob.Page.GetByRole(AriaRole.Menuitem, new() { Name = $"Copy link · room ID {garden.Id}" }).ClickAsync();

        // Assert
        await Expect(bob.Page.GetByText($"{fixture.Server.BaseAddress}rooms/{garden.Id}")).ToBeVisibleAsync();

        // Act
        await bob.Sidebar.GetByRole(AriaRole.Button, new() { Name = "Join a room" }).ClickAsync();
        await bob.Dialog.GetByLabel("Room name, ID or link").FillAsync(vault.Name);
        await bob.Dialog.GetByRole(AriaRole.Button, new() { Name = "Join room" }).ClickAsync();
        await bob.Dialog.GetByLabel("Room password").FillAsync("open sesame");
        await bob.Dialog.GetByRole(AriaRole.Button, new() { Name = "Join room" }).ClickAsync();

        // Assert
        await Expect(bob.Conversation(vault.Name)).ToBeVisibleAsync();
        await Expect(bob.RoomLink(vault.Name)).ToBeVisibleAsync();
    }

    /// <summary>
    /// Pinning on one device puts the conversation at the top on the user's other device at once, and it stays
    /// there after a reload; hiding one takes it off every device until a new message brings it back.
    /// </summary>
    [Fact]
    public async Task PinOnOneDevice_PutsItAtTheTopOnTheOther_AndHiddenComesBackWithANewMessage()
    {
        // Arrange
        await using var desktop = await fixture.RegisterAsync("Alice");
        using var aliceApi = await desktop.ApiAsync(fixture.Server);
        using var bob = await ApiClient.RegisterAsync(fixture.Server, ApiClient.UniqueName("bob"));
        var older = await bob.CreateRoomAsync(name: $"Older {Guid.NewGuid():N}"[..14]);
        var newer = await bob.CreateRoomAsync(name: $"Newer {Guid.NewGuid():N}"[..14]);
        await aliceApi.JoinAsync(older.Id);
        await aliceApi.JoinAsync(newer.Id);
        await using var phone = await fixture.OpenAsync();
        await phone.SignInAsync(desktop.Username, desktop.Password);
        await Expect(phone.ConversationRows("Rooms").First).ToContainTextAsync(newer.Name);
        await Expect(desktop.ConversationRows("Rooms").First).ToContainTextAsync(newer.Name);

        // Act
        await desktop.Sidebar.GetByRole(AriaRole.Button, new() { Name = $"Options for {older.Name}" }).ClickAsync();
        await desktop.Sidebar.GetByRole(AriaRole.Menuitem, new() { Name = "Pin to top" }).ClickAsync();

        // Assert
        await Expect(phone.ConversationRows("Pinned")).ToHaveCountAsync(1);
        await Expect(phone.ConversationRows("Pinned").First).ToContainTextAsync(older.Name);
        await Expect(phone.ConversationRows("Rooms")).ToHaveCountAsync(1);
        await Expect(phone.ConversationRows("Rooms").First).ToContainTextAsync(newer.Name);

        // Act
        await phone.Page.ReloadAsync();

        // Assert
        await Expect(phone.ConversationRows("Pinned").First).ToContainTextAsync(older.Name);

        // Act
        await phone.Sidebar.GetByRole(AriaRole.Button, new() { Name = $"Options for {newer.Name}" }).ClickAsync();
        await phone.Sidebar.GetByRole(AriaRole.Menuitem, new() { Name = "Hide until a new message" }).ClickAsync();

        // Assert
        await Expect(desktop.RoomLink(newer.Name)).ToHaveCountAsync(0);
        await Expect(phone.RoomLink(newer.Name)).ToHaveCountAsync(0);

        // Act
        await using (var bobHub = await bob.ConnectHubAsync())
        {
            await bobHub.InvokeAsync("SendMessage", new { roomId = newer.Id, text = "Back on your list" });
        }

        // Assert
        await Expect(desktop.RoomLink(newer.Name)).ToContainTextAsync("Back on your list");
        await Expect(phone.RoomLink(newer.Name)).ToContainTextAsync("Back on your list");
    }
}
