using System.Net.Http.Json;
using Parley.Accounts;
using Parley.Rooms;

namespace Parley.Tests.Integration;

/// <summary>
/// Names people read — display names, room names, topics — through the API: refused when they carry characters that
/// disguise them, stored in one form, and unique among the rooms anyone can find or join by name.
/// </summary>
[Collection(SharedServer.Name)]
public sealed class NamesTests(ServerFixture fixture)
{
    private ParleyServer Server => fixture.Server;

    /// <summary>A display name that would render reversed ("live ‮gnp.exe" as "live exe.png") is refused on its field, and no account is made.</summary>
    [Fact]
    public async Task Register_DisplayNameWithRightToLeftOverride_IsRefusedOnTheDisplayNameField()
    {
        using var browser = BrowserSession.Create(Server);
        var username = ApiClient.UniqueName("rlo");

        using var response = await browser.PostAsync("/api/auth/register", new { username, email = $"{username}@example.com", password = "a long enough passphrase", displayName = "live \u202Egnp.exe" });

        var problem = await response.ReadProblemAsync();
        Assert.Equal((400, "validation_failed"), (problem.Status, problem.Code));
        var error = Assert.Single(Assert.Contains("displayName", problem.Errors));
        Assert.Contains("U+202E", error, StringComparison.Ordinal);
        Assert.Single(problem.Errors);
        using var anonymous = ApiClient.Anonymous(Server);
        using var signIn = await anonymous.PostAsJsonAsync("/api/auth/token", new { username, password = "a long enough passphrase" });
        Assert.Equal((401, "invalid_credentials"), await signIn.StatusAndCodeAsync());
    }

    /// <summary>A display name typed decomposed (e + combining accent) is stored composed, so it matches the same name typed otherwise.</summary>
    [Fact]
    public async Task Register_DecomposedDisplayName_IsStoredComposed()
    {
        using var user = await ApiClient.RegisterAsync(Server, ApiClient.UniqueName("nfd"), displayName: "Zoe\u0308 Ge\u0301rard");

        var me = await ApiClient.ReadAsync<MeDto>(user.GetAsync("/api/me"));

        Assert.Equal("Zo\u00EB G\u00E9rard", me.DisplayName);
    }

    /// <summary>Bidirectional controls and zero-width characters are refused in a new room's name and topic, on the field concerned.</summary>
    [Theory]
    [InlineData("name", "\u202Egnp.exe", "U+202E")]
    [InlineData("name", "ad\u200Bmins", "U+200B")]
    [InlineData("name", "\u2066general\u2069", "U+2066")]
    [InlineData("topic", "read \u202Etxt.exe", "U+202E")]
    [InlineData("topic", "hidden\u2060join", "U+2060")]
    public async Task CreateRoom_DisguisingCharacters_AreRefusedOnTheirField(string field, string text, string codePoint)
    {
        using var owner = await fixture.UserAsync("maker");
        var name = field == "name" ? text : ApiClient.UniqueName("room");
        var topic = field == "topic" ? text : null;

        using var response = await owner.PostAsync("/api/rooms", new { name, topic, visibility = "public" });

        var problem = await response.ReadProblemAsync();
        Assert.Equal((400, "validation_failed"), (problem.Status, problem.Code));
        Assert.Contains(codePoint, Assert.Single(Assert.Contains(field, problem.Errors)), StringComparison.Ordinal);
        Assert.Empty(await ApiClient.ReadAsync<List<RoomDto>>(owner.GetAsync("/api/rooms")));
    }

    /// <summary>The same characters are refused when renaming or changing the topic, and the room keeps its name and topic.</summary>
    [Theory]
    [InlineData("name", "\u202Egnp.exe", "U+202E")]
    [InlineData("name", "ad\u200Bmins", "U+200B")]
    [InlineData("topic", "read \u202Etxt.exe", "U+202E")]
    [InlineData("topic", "hidden\u200Bjoin", "U+200B")]
    public async Task UpdateRoom_DisguisingCharacters_AreRefusedAndTheRoomIsUnchanged(string field, string text, string codePoint)
    {
        using var owner = await fixture.UserAsync("renamer");
        var room = await owner.CreateRoomAsync(name: ApiClient.UniqueName("plain"), topic: "the topic");

        using var response = await owner.PatchAsync($"/api/rooms/{room.Id}", field == "name" ? new { name = text } : new { topic = text });

        var problem = await response.ReadProblemAsync();
        Assert.Equal((400, "validation_failed"), (problem.Status, problem.Code));
        Assert.Contains(codePoint, Assert.Single(Assert.Contains(field, problem.Errors)), StringComparison.Ordinal);
        var after = await ApiClient.ReadAsync<RoomDto>(owner.GetAsync($"/api/rooms/{room.Id}"));
        Assert.Equal((room.Name, "the topic"), (after.Name, after.Topic));
    }

    /// <summary>Room names and topics typed decomposed are stored composed, on creation and on rename.</summary>
    [Fact]
    public async Task Room_DecomposedNameAndTopic_AreStoredComposed()
    {
        using var owner = await fixture.UserAsync("composer");
        var tag = ApiClient.UniqueName("");

        var created = await owner.CreateRoomAsync(name: $"Cafe\u0301 {tag}", topic: "cre\u0300me bru\u0302le\u0301e");
        var renamed = await ApiClient.ReadAsync<RoomDto>(owner.PatchAsync($"/api/rooms/{created.Id}", new { name = $"Nai\u0308ve {tag}" }));

        Assert.Equal(($"Caf\u00E9 {tag}", "cr\u00E8me br\u00FBl\u00E9e"), (created.Name, created.Topic));
        Assert.Equal($"Na\u00EFve {tag}", renamed.Name);
        var stored = await ApiClient.ReadAsync<RoomDto>(owner.GetAsync($"/api/rooms/{created.Id}"));
        Assert.Equal(($"Na\u00EFve {tag}", "cr\u00E8me br\u00FBl\u00E9e"), (stored.Name, stored.Topic));
    }

    /// <summary>
    /// Two rooms people find or join by name cannot share one, whatever the case (non-ASCII letters too) or the
    /// composition; public and password rooms share one set of names.
    /// </summary>
    [Theory]
    [InlineData("public", "public", "Général", "GÉNÉRAL")]
    [InlineData("public", "public", "Général", "ge\u0301ne\u0301ral")]
    [InlineData("password", "password", "Straße", "STRAẞE")]
    [InlineData("public", "password", "Ελληνικά", "ΕΛΛΗΝΙΚΆ")]
    [InlineData("password", "public", "team chat", "Team  Chat")]
    public async Task CreateRoom_NameOfAnotherDiscoverableRoom_Is409NameTaken(string firstVisibility, string secondVisibility, string firstName, string secondName)
    {
        using var first = await fixture.UserAsync("first");
        using var second = await fixture.UserAsync("second");
        var tag = Guid.NewGuid().ToString("N")[..8];
        await first.CreateRoomAsync(firstVisibility, firstVisibility == "password" ? "open sesame" : null, name: $"{firstName} {tag}");

        using var response = await second.PostAsync("/api/rooms", new
        {
            name = $"{secondName} {tag.ToUpperInvariant()}",
            visibility = secondVisibility,
            password = secondVisibility == "password" ? "open sesame" : null,
        });

        Assert.Equal((409, "room_name_taken"), await response.StatusAndCodeAsync());
        Assert.Empty(await ApiClient.ReadAsync<List<RoomDto>>(second.GetAsync("/api/rooms")));
    }

    /// <summary>Private rooms are found by nobody, so they may share a name with each other and with a public room.</summary>
    [Fact]
    public async Task CreateRoom_PrivateRooms_MayShareAName()
    {
        using var owner = await fixture.UserAsync("private");
        var name = ApiClient.UniqueName("Général ");

        var publicRoom = await owner.CreateRoomAsync("public", name: name);
        var privateRoom = await owner.CreateRoomAsync("private", name: name);
        var anotherPrivateRoom = await owner.CreateRoomAsync("private", name: name.ToUpperInvariant());

        Assert.Equal(3, new[] { publicRoom.Id, privateRoom.Id, anotherPrivateRoom.Id }.Distinct().Count());
        Assert.Equal(RoomVisibility.Private, anotherPrivateRoom.Visibility);
    }

    /// <summary>Renaming a room onto the name of another public room is refused, and the room keeps its own name.</summary>
    [Fact]
    public async Task RenameRoom_OntoATakenName_Is409AndTheRoomIsUnchanged()
    {
        using var owner = await fixture.UserAsync("rename");
        var taken = ApiClient.UniqueName("Général ");
        await owner.CreateRoomAsync(name: taken);
        var room = await owner.CreateRoomAsync(name: ApiClient.UniqueName("mine"), topic: "kept");

        using var response = await owner.PatchAsync($"/api/rooms/{room.Id}", new { name = taken.ToUpperInvariant(), topic = "changed" });

        Assert.Equal((409, "room_name_taken"), await response.StatusAndCodeAsync());
        var after = await ApiClient.ReadAsync<RoomDto>(owner.GetAsync($"/api/rooms/{room.Id}"));
        Assert.Equal((room.Name, "kept"), (after.Name, after.Topic));
    }

    /// <summary>A private room whose name a public room has cannot become public (or password-protected) under it, and stays private.</summary>
    [Theory]
    [InlineData("public", null)]
    [InlineData("password", "open sesame")]
    public async Task MakeRoomDiscoverable_UnderATakenName_Is409AndTheRoomStaysPrivate(string visibility, string? password)
    {
        using var owner = await fixture.UserAsync("reveal");
        var name = ApiClient.UniqueName("Général ");
        await owner.CreateRoomAsync("public", name: name.ToUpperInvariant());
        var hidden = await owner.CreateRoomAsync("private", name: name);

        using var response = await owner.PatchAsync($"/api/rooms/{hidden.Id}", new { visibility, password });

        Assert.Equal((409, "room_name_taken"), await response.StatusAndCodeAsync());
        var after = await ApiClient.ReadAsync<RoomDto>(owner.GetAsync($"/api/rooms/{hidden.Id}"));
        Assert.Equal((name, RoomVisibility.Private), (after.Name, after.Visibility));
    }
}

/// <summary>
/// The server as it is deployed — its own process, with its own runtime settings — and not the test host, whose
/// globalization settings may differ: NFC needs the runtime's Unicode data, which invariant-globalization mode lacks.
/// </summary>
public sealed class NamesAsDeployedTests
{
    /// <summary>A decomposed display name is stored composed by the server process itself.</summary>
    [Fact]
    public async Task Register_DecomposedDisplayName_IsStoredComposedByTheServerProcess()
    {
        await using var server = await ServerProcess.LaunchAsync();
        using var user = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("deployed"), displayName: "Ge\u0301ne\u0301ral Zoe\u0308");

        var me = await ApiClient.ReadAsync<MeDto>(user.GetAsync("/api/me"));

        Assert.Equal("G\u00E9n\u00E9ral Zo\u00EB", me.DisplayName);
    }
}
