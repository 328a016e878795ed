using Parley.Rooms;

namespace Parley.Tests.Integration;

/// <summary>Default rooms (Parley:DefaultRooms), each test on its own server: the shared one has none, so other tests can count rooms.</summary>
public sealed class DefaultRoomsTests
{
    private static readonly Dictionary<string, string> WithGeneral = new() { ["Parley:DefaultRooms:0"] = "general" };

    /// <summary>
    /// A new server starts with #general, a public room: the first account to register owns it (someone must be able
    /// to moderate it), everyone after joins it as a member, and everyone finds it in their list at once.
    /// </summary>
    [Fact]
    public async Task FirstStart_CreatesGeneral_TheFirstAccountOwnsIt_AndEveryNewAccountJoinsIt()
    {
        await using var server = await ParleyServer.StartAsync(WithGeneral);

        using var first = await ApiClient.RegisterAsync(server);
        using var second = await ApiClient.RegisterAsync(server);

        var general = Assert.Single(await first.ConversationsAsync());
        Assert.Equal(("general", RoomVisibility.Public, MemberRole.Owner), (general.Name, general.Visibility, general.Role));
        var seenBySecond = Assert.Single(await second.ConversationsAsync());
        Assert.Equal((general.Id, MemberRole.Member), (seenBySecond.Id, seenBySecond.Role));
        Assert.Equal([first.Id, second.Id], (await first.MembersAsync(general.Id)).Select(m => m.User.Id).Order());
    }

    /// <summary>Starting again finds #general where it is: no second one, and later accounts join the same room.</summary>
    [Fact]
    public async Task Restart_KeepsOneGeneral_ThatLaterAccountsJoin()
    {
        await using var server = await ParleyServer.StartAsync(WithGeneral);
        using var first = await ApiClient.RegisterAsync(server);
        var general = Assert.Single(await first.ConversationsAsync());

        await server.StopAsync();
        await server.StartAsync();
        using var later = await ApiClient.RegisterAsync(server);

        Assert.Equal(general.Id, Assert.Single(await later.ConversationsAsync()).Id);
        var found = await ApiClient.ReadAsync<List<RoomDto>>(later.GetAsync("/api/rooms/public?q=general"));
        Assert.Equal((general.Id, 2), (Assert.Single(found).Id, found[0].MemberCount));
    }

    /// <summary>
    /// A server that already has accounts when default rooms are turned on: the created room belongs to the first
    /// account registered (the one who set the server up), existing accounts are not pulled in, new ones join.
    /// </summary>
    [Fact]
    public async Task TurnedOnLater_TheFirstAccountOwnsTheNewRoom_AndOnlyNewAccountsJoin()
    {
        await using var before = await ParleyServer.StartAsync();
        using var first = await ApiClient.RegisterAsync(before);
        using var existing = await ApiClient.RegisterAsync(before);
        await before.StopAsync();

        await using var after = await ParleyServer.StartAsync(WithGeneral, dataDirectory: before.DataDirectory);
        using var newcomer = await ApiClient.RegisterAsync(after);

        using var firstAgain = await ApiClient.SignInAsync(after, first.Username, first.Password);
        using var existingAgain = await ApiClient.SignInAsync(after, existing.Username, existing.Password);
        var general = Assert.Single(await firstAgain.ConversationsAsync());
        Assert.Equal(("general", MemberRole.Owner), (general.Name, general.Role));
        Assert.Empty(await existingAgain.ConversationsAsync());
        var joined = Assert.Single(await newcomer.ConversationsAsync());
        Assert.Equal((general.Id, MemberRole.Member), (joined.Id, joined.Role));
    }

    /// <summary>
    /// Every named room is created and joined; a name a public room has already is that room (not a second one),
    /// and a name taken by a password-protected room is not joined: default rooms are open to everyone.
    /// </summary>
    [Fact]
    public async Task SeveralNames_ExistingPublicRoomIsUsed_PasswordRoomIsNotJoined()
    {
        await using var before = await ParleyServer.StartAsync();
        using var owner = await ApiClient.RegisterAsync(before);
        var lobby = await owner.CreateRoomAsync(name: "Lobby");
        await owner.CreateRoomAsync("password", "staff-only", name: "Staff");
        await before.StopAsync();

        await using var after = await ParleyServer.StartAsync(
            new Dictionary<string, string> { ["Parley:DefaultRooms:0"] = "general", ["Parley:DefaultRooms:1"] = "lobby", ["Parley:DefaultRooms:2"] = "staff" },
            dataDirectory: before.DataDirectory);
        using var newcomer = await ApiClient.RegisterAsync(after);

        var joined = await newcomer.ConversationsAsync();
        Assert.Equal(["Lobby", "general"], joined.Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Equal(lobby.Id, joined.Single(c => c.Name == "Lobby").Id);
        Assert.All(joined, c => Assert.Equal(MemberRole.Member, c.Role));
    }
}
