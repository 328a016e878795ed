using Parley.Rooms;
using Parley.Tests.Integration.Files;

namespace Parley.Tests.Integration.AccessMatrix;

/// <summary>
/// A conversation the table's cells ask about: its id, a message in it, an invite link to it (rooms only), and the
/// member that {userId} names by default (a plain member of a room; the other side of a direct conversation).
/// </summary>
public sealed record Place(Target Kind, long Id, long MessageId, string? InviteCode, ApiClient Subject)
{
    /// <summary>What someone types to find it by name: a room's name; for a direct conversation, the other person's username.</summary>
    public string Name { get; init; } = "";

    /// <summary>An image sent in a message here: by the owner in a room, by the member in a direct conversation.</summary>
    public string FileId { get; init; } = "";

    /// <summary>An upload here by the subject, not sent yet: nobody else's to see, cancel or attach.</summary>
    public string ForeignUploadId { get; init; } = "";

    /// <summary>The visibility as the API spells it; a direct conversation is as private as it gets.</summary>
    public string Visibility => Kind switch
    {
        Target.Public => "public",
        Target.Password => "password",
        _ => "private",
    };
}

/// <summary>One cell being carried out: who asks, about which place (none for an endpoint without a conversation).</summary>
public sealed record Cell(AccessScene Scene, Role Role, Target Target, Place? Place, ApiClient? Actor);

/// <summary>What the server answered: a status, and for a refusal its code and detail.</summary>
public sealed record Observed(int Status, string? Code = null, string? Detail = null)
{
    public override string ToString() => Code is null ? $"{Status}" : $"{Status} {Code} ({Detail})";
}

/// <summary>
/// The people and conversations every cell is asked against: one owner, one admin, two plain members (one of them
/// the subject of removals and role changes) and an outsider; a public, a private and a password room they share in
/// those roles, and a direct conversation between the member and someone else. Cells that change what others would
/// see get a fresh place of the same kind (<see cref="NewPlaceAsync"/>), with the same people in the same roles.
/// </summary>
public sealed class AccessScene : IAsyncDisposable
{
    /// <summary>An id no conversation has: what every hidden conversation must look like.</summary>
    public const long MissingId = 9_000_000_001;

    /// <summary>A name no room has: what every room that cannot be found by name must look like.</summary>
    public const string MissingName = "matrix room that does not exist";

    public const string RoomPassword = "matrix-password";

    private readonly List<ApiClient> _people;
    private readonly Dictionary<Target, Place> _places = [];

    private AccessScene(ParleyServer server, IReadOnlyList<ApiClient> people, HubClient memberHub)
    {
        Server = server;
        _people = [.. people];
        (Owner, Admin, Member, OtherMember, Outsider, Stranger, Blockee, SiteAdmin) = (people[0], people[1], people[2], people[3], people[4], people[5], people[6], people[7]);
        MemberHub = memberHub;
    }

    public ParleyServer Server { get; }

    public ApiClient Owner { get; }

    public ApiClient Admin { get; }

    public ApiClient Member { get; }

    public ApiClient OtherMember { get; }

    public ApiClient Outsider { get; }

    /// <summary>Someone in none of the places, whom anyone may open a direct conversation with.</summary>
    public ApiClient Stranger { get; }

    /// <summary>Someone in none of the places, whom anyone may block and unblock.</summary>
    public ApiClient Blockee { get; }

    /// <summary>A server administrator in none of the places.</summary>
    public ApiClient SiteAdmin { get; }

    /// <summary>The member's live connection, to write into direct conversations.</summary>
    public HubClient MemberHub { get; }

    /// <summary>How many places were made for cells that change state.</summary>
    public int FreshPlaces { get; private set; }

    /// <summary>How many sessions were opened for cells that end one.</summary>
    public int FreshSessions { get; private set; }

    public static async Task<AccessScene> CreateAsync(ParleyServer server)
    {
        string[] names = ["owner", "admin", "member", "other", "outsider", "stranger", "blockee", "siteadmin"];
        var people = await Task.WhenAll(names.Select(name => ApiClient.RegisterAsync(server, ApiClient.UniqueName(name))));
        await server.SetAdministratorAsync(people[7].Username);
        var scene = new AccessScene(server, people, await people[2].ConnectHubAsync());
        foreach (var kind in new[] { Target.Public, Target.Private, Target.Password })
        {
            scene._places[kind] = await scene.NewRoomAsync(kind);
        }

        scene._places[Target.Direct] = await scene.NewDirectAsync(scene.OtherMember);
        scene.FreshPlaces = 0;
        return scene;
    }

    /// <summary>The shared place of this kind, for cells that change nothing.</summary>
    public Place PlaceOf(Target kind) => _places[kind];

    /// <summary>Who plays the role; null when nobody is signed in.</summary>
    public ApiClient? Actor(Role role) => role switch
    {
        Role.Anonymous => null,
        Role.Outsider => Outsider,
        Role.Member => Member,
        Role.Admin => Admin,
        Role.Owner => Owner,
        Role.SiteAdmin => SiteAdmin,
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    /// <summary>A new place of this kind, the same people in the same roles.</summary>
    public async Task<Place> NewPlaceAsync(Target kind)
    {
        FreshPlaces++;
        if (kind != Target.Direct)
        {
            return await NewRoomAsync(kind);
        }

        // One direct conversation per pair of people: a new one needs someone new on the other side.
        var peer = await ApiClient.RegisterAsync(Server, ApiClient.UniqueName("peer"));
        _people.Add(peer);
        return await NewDirectAsync(peer);
    }

    /// <summary>A second session of the same person, for a cell that ends its session.</summary>
    public async Task<ApiClient> NewSessionAsync(ApiClient person)
    {
        FreshSessions++;
        var session = await ApiClient.SignInAsync(Server, person.Username, person.Password);
        _people.Add(session);
        return session;
    }

    public async ValueTask DisposeAsync()
    {
        await MemberHub.DisposeAsync();
        _people.ForEach(p => p.Dispose());
    }

    private async Task<Place> NewRoomAsync(Target kind)
    {
        var visibility = kind.ToString().ToLowerInvariant();
        var room = await Owner.CreateRoomAsync(visibility, password: kind == Target.Password ? RoomPassword : null, name: ApiClient.UniqueName("matrix"));
        // Sent before anyone joins, so the room's newest message stays a notice.
        var image = await Owner.UploadOkAsync(room.Id, FileCalls.Png(), "matrix.png");
        await using (var ownerHub = await Owner.ConnectHubAsync())
        {
            await ownerHub.SendFilesAsync(room.Id, "matrix", image.Id);
        }

        var invite = await ApiClient.ReadAsync<InviteDto>(Owner.PostAsync($"/api/rooms/{room.Id}/invites"));
        foreach (var person in new[] { Admin, Member, OtherMember })
        {
            await (kind switch
            {
                Target.Public => person.JoinAsync(room.Id),
                Target.Password => person.JoinAsync(room.Id, RoomPassword),
                _ => ApiClient.ReadAsync<RoomDto>(person.PostAsync($"/api/invites/{invite.Code}/accept")),
            });
        }

        await ApiClient.ReadAsync<MemberDto>(Owner.PutAsync($"/api/rooms/{room.Id}/members/{Admin.Id}/role", new { role = "admin" }));
        var newest = (await Owner.MessagesAsync(room.Id)).Messages[^1];
        var foreign = await OtherMember.UploadOkAsync(room.Id, FileCalls.Text(), "other.txt");
        return new Place(kind, room.Id, newest.Id, invite.Code, OtherMember) { Name = room.Name, FileId = image.Id, ForeignUploadId = foreign.Id };
    }

    private async Task<Place> NewDirectAsync(ApiClient peer)
    {
        var direct = await Member.OpenDirectAsync(peer.Username);
        var image = await Member.UploadOkAsync(direct.Id, FileCalls.Png(), "matrix.png");
        var message = await MemberHub.SendFilesAsync(direct.Id, "matrix", image.Id);
        var foreign = await peer.UploadOkAsync(direct.Id, FileCalls.Text(), "other.txt");
        return new Place(Target.Direct, direct.Id, message.Id, InviteCode: null, peer) { Name = peer.Username, FileId = image.Id, ForeignUploadId = foreign.Id };
    }
}
