using System.Globalization;

namespace Parley.Tests.Integration.AccessMatrix;

/// <summary>Who asks. <see cref="Outsider"/> is signed in but not in the conversation.</summary>
public enum Role
{
    Anonymous,
    Outsider,
    Member,
    Admin,
    Owner,

    /// <summary>
    /// A server administrator in none of the conversations. Unless a rule says otherwise (<see cref="Rule.SiteAdministrators"/>),
    /// they get exactly what an outsider gets: running the server gives no way into anyone's conversations.
    /// </summary>
    SiteAdmin,
}

/// <summary>What is asked about: a room of each visibility, a direct conversation, or nothing (<see cref="Any"/>: the endpoint takes no conversation).</summary>
public enum Target
{
    Public,
    Private,
    Password,
    Direct,
    Any,
}

/// <summary>
/// What one cell expects: a status and, for a refusal, its stable code. A cell that cannot exist (an admin of a
/// direct conversation) says why instead of inventing a role.
/// </summary>
public sealed record Outcome(int Status, string? Code = null, string? NotApplicableBecause = null)
{
    public bool Applies => NotApplicableBecause is null;

    public bool Succeeds => Status is >= 200 and < 300;

    public override string ToString() =>
        !Applies ? "n/a" : Code is null ? Status.ToString(CultureInfo.InvariantCulture) : $"{Status} {Code}";
}

/// <summary>The outcomes the table is written in.</summary>
public static class Expect
{
    public static readonly Outcome Ok = new(200);
    public static readonly Outcome Created = new(201);
    public static readonly Outcome NoContent = new(204);
    public static readonly Outcome Accepted = new(202);

    /// <summary>A hub connection was made (the WebSocket upgrade).</summary>
    public static readonly Outcome Connects = new(101);

    public static readonly Outcome SignedOut = new(401, "not_signed_in");
    public static readonly Outcome NotAMember = new(403, "not_a_member");
    public static readonly Outcome InsufficientRole = new(403, "insufficient_role");
    public static readonly Outcome PasswordRequired = new(403, "password_required");
    public static readonly Outcome CannotRemoveSelf = new(400, "cannot_remove_self");

    /// <summary>The answer for an id that does not exist; the runner also compares the detail with that answer.</summary>
    public static readonly Outcome RoomNotFound = new(404, "room_not_found");

    public static readonly Outcome OwnerCannotLeave = new(409, "owner_cannot_leave");

    public static readonly Outcome NoticeNotEditable = new(403, "notice_not_editable");
    public static readonly Outcome NoticeNotDeletable = new(403, "notice_not_deletable");

    public static readonly Outcome GifsDisabled = new(404, "gifs_disabled");

    /// <summary>A file one may not see, or an upload that is not one's own: the same as a file that does not exist.</summary>
    public static readonly Outcome FileNotFound = new(404, "file_not_found");

    public static readonly Outcome FileAlreadySent = new(409, "file_already_sent");

    public static readonly Outcome ValidationFailed = new(400, "validation_failed");

    /// <summary>Someone else's session, or one that does not exist: the same answer.</summary>
    public static readonly Outcome SessionNotFound = new(404, "session_not_found");

    /// <summary>A password reset link that is not (or no longer) good: the same answer for every caller.</summary>
    public static readonly Outcome InvalidToken = new(400, "invalid_token");

    public static readonly Outcome NotAnAdministrator = new(403, "not_an_administrator");

    public static Outcome NotApplicable(string because) => new(0, NotApplicableBecause: because);
}

/// <summary>What the owner, an admin and a plain member of a room get.</summary>
public sealed record MemberRoles(Outcome Owner, Outcome Admin, Outcome Member)
{
    public static MemberRoles All(Outcome outcome) => new(outcome, outcome, outcome);

    public static MemberRoles OwnerAndAdmins(Outcome outcome, Outcome otherwise) => new(outcome, outcome, otherwise);

    public static MemberRoles OwnerOnly(Outcome outcome, Outcome otherwise) => new(outcome, otherwise, otherwise);

    public Outcome Of(Role role) => role switch
    {
        Role.Owner => Owner,
        Role.Admin => Admin,
        Role.Member => Member,
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };
}

/// <summary>The expected outcome of every role on every target an endpoint takes, stated once as a rule.</summary>
public sealed record Rule(IReadOnlyList<Target> Targets, Func<Role, Target, Outcome> ExpectedOf)
{
    /// <summary>Whether <see cref="ExpectedOf"/> states the site administrator's outcomes itself; otherwise they are the outsider's.</summary>
    public bool StatesSiteAdmin { get; init; }

    public Outcome Expected(Role role, Target target) =>
        ExpectedOf(role == Role.SiteAdmin && !StatesSiteAdmin ? Role.Outsider : role, target);

    /// <summary>Whether a cell of this role is carried out as the outsider's would be (and changes state when theirs does).</summary>
    public bool ActsAsOutsider(Role role) => role == Role.Outsider || (role == Role.SiteAdmin && !StatesSiteAdmin);

    private static readonly Target[] Conversations = [Target.Public, Target.Private, Target.Password, Target.Direct];

    private static readonly Outcome NoRoomRolesInDirect = Expect.NotApplicable("a direct conversation has members only: no owner, no admins");

    /// <summary>Deliberately public: everyone alike, signed in or not.</summary>
    public static Rule Anyone(Outcome outcome) => new([Target.Any], (_, _) => outcome);

    /// <summary>The server's administration (/api/admin/…): administrators only; everyone else signed in is told they are not one.</summary>
    public static Rule SiteAdministrators(Outcome outcome) => new([Target.Any], (role, _) => role switch
    {
        Role.Anonymous => Expect.SignedOut,
        Role.SiteAdmin => outcome,
        _ => Expect.NotAnAdministrator,
    })
    { StatesSiteAdmin = true };

    /// <summary>The caller's own things: anyone signed in, nobody else.</summary>
    public static Rule SignedIn(Outcome outcome) => new([Target.Any], (role, _) => role == Role.Anonymous ? Expect.SignedOut : outcome);

    /// <summary>
    /// A room endpoint (/api/rooms/{id}…). A direct conversation's id is an id that does not exist, for everyone in
    /// it too. An outsider does not find a private room, and is told to join a public or password room (unless the
    /// endpoint is the preview or the join itself); members get what their role allows.
    /// </summary>
    public static Rule Room(MemberRoles members, Outcome? publicOutsider = null, Outcome? passwordOutsider = null) => new(Conversations, (role, target) => (role, target) switch
    {
        (Role.Anonymous, _) => Expect.SignedOut,
        (Role.Admin or Role.Owner, Target.Direct) => NoRoomRolesInDirect,
        (_, Target.Direct) => Expect.RoomNotFound,
        (Role.Outsider, Target.Private) => Expect.RoomNotFound,
        (Role.Outsider, Target.Public) => publicOutsider ?? Expect.NotAMember,
        (Role.Outsider, Target.Password) => passwordOutsider ?? Expect.NotAMember,
        _ => members.Of(role),
    });

    /// <summary>
    /// A conversation endpoint (/api/conversations/{id}…, the hub): rooms and direct conversations alike for their
    /// members. An outsider is told to join a public or password room; a private room or a direct conversation does
    /// not exist for them.
    /// </summary>
    public static Rule Conversation(Outcome members) => new(Conversations, (role, target) => (role, target) switch
    {
        (Role.Anonymous, _) => Expect.SignedOut,
        (Role.Admin or Role.Owner, Target.Direct) => NoRoomRolesInDirect,
        (Role.Outsider, Target.Public or Target.Password) => Expect.NotAMember,
        (Role.Outsider, Target.Private or Target.Direct) => Expect.RoomNotFound,
        _ => members,
    });

    /// <summary>
    /// Like <see cref="Conversation(Outcome)"/>, where a room's members get what their role allows and the member of a
    /// direct conversation gets <paramref name="direct"/> (there the member also wrote the place's message).
    /// </summary>
    public static Rule Conversation(MemberRoles rooms, Outcome direct) => new(Conversations, (role, target) => (role, target) switch
    {
        (Role.Anonymous, _) => Expect.SignedOut,
        (Role.Admin or Role.Owner, Target.Direct) => NoRoomRolesInDirect,
        (Role.Outsider, Target.Public or Target.Password) => Expect.NotAMember,
        (Role.Outsider, Target.Private or Target.Direct) => Expect.RoomNotFound,
        (_, Target.Direct) => direct,
        _ => rooms.Of(role),
    });

    /// <summary>
    /// A file in a conversation (/api/files/{id}…): its members get what <paramref name="rooms"/> and
    /// <paramref name="direct"/> say; anyone else gets the answer for a file that does not exist, whatever the
    /// conversation's visibility (a file is never previewed from outside).
    /// </summary>
    public static Rule File(MemberRoles rooms, Outcome direct) => new(Conversations, (role, target) => (role, target) switch
    {
        (Role.Anonymous, _) => Expect.SignedOut,
        (Role.Admin or Role.Owner, Target.Direct) => NoRoomRolesInDirect,
        (Role.Outsider, _) => Expect.FileNotFound,
        (_, Target.Direct) => direct,
        _ => rooms.Of(role),
    });

    /// <summary>An invite link (/api/invites/{code}…): a key to its room, whatever the room's visibility, for anyone signed in who holds it.</summary>
    public static Rule Invitation(Outcome holder) => new(Conversations, (role, target) => (role, target) switch
    {
        (_, Target.Direct) => Expect.NotApplicable("a direct conversation has no invite links"),
        (Role.Anonymous, _) => Expect.SignedOut,
        _ => holder,
    });
}
