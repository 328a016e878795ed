using Microsoft.EntityFrameworkCore;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;

namespace Parley.Access;

/// <summary>
/// The only way in to a conversation. Every endpoint and hub method that reads or changes a conversation asks here
/// first and gets a grant (or a view, or an invitation) that the actions and queries take as their argument. The
/// rules live here once: a room endpoint knows nothing of direct conversations (their ids are answered as ids that do
/// not exist); a private room is invisible to whoever is not in it ("does not exist" and "you may not know" are the
/// same answer); a public or password room may be seen from outside, to join it, but not read.
/// </summary>
public sealed class ConversationAccess(MembershipCache memberships, Blocks blocks, SiteAccess site, ParleyDb db, TimeProvider clock)
{
    public static readonly ApiError RoomNotFound = ApiError.NotFound("room_not_found", "This room does not exist or you are not a member of it.");

    /// <summary>The same code as <see cref="RoomNotFound"/>: endpoints for both kinds do not say which kind an id is.</summary>
    public static readonly ApiError ConversationNotFound = ApiError.NotFound("room_not_found", "This conversation does not exist or you are not in it.");

    public static readonly ApiError NotAMember = ApiError.Forbidden("not_a_member", "Join this room to read and send its messages.");

    public static readonly ApiError BannedFromRoom = ApiError.Forbidden("banned_from_room", "You were banned from this room.");

    public static readonly ApiError ReportNotFound = ApiError.NotFound("report_not_found", "This report does not exist or is not yours to handle.");

    public static ApiError TimedOut(DateTime until) =>
        ApiError.Forbidden("timed_out", $"You are timed out in this room until {until:yyyy-MM-dd HH:mm} UTC: you can read, but not write, react or edit until then.");

    public static readonly ApiError InviteNotFound = ApiError.NotFound("invite_not_found", "This invite link is invalid, has expired, was used up or was revoked.");

    /// <summary>A member of any conversation, room or direct, to read it or act in it as a member.</summary>
    public async Task<Result<ConversationGrant>> ConversationAsync(long userId, long conversationId)
    {
        var conversation = await memberships.GetAsync(conversationId);
        if (conversation.RoleOf(userId) is { } role)
        {
            return new ConversationGrant(userId, conversationId, conversation.Kind, role);
        }

        return IsVisibleFromOutside(conversation) ? NotAMember : ConversationNotFound;
    }

    /// <summary>
    /// The author of messages in a conversation, member or not any more: only so that deleting an account can delete
    /// its messages everywhere it wrote, through the same path (and the same live updates) as deleting one by hand.
    /// </summary>
    public async Task<Result<ConversationGrant>> AuthorAsync(long userId, long conversationId)
    {
        var conversation = await memberships.GetAsync(conversationId);
        if (!await db.Messages.AnyAsync(m => m.ConversationId == conversationId && m.AuthorId == userId))
        {
            return ConversationNotFound;
        }

        return new ConversationGrant(userId, conversationId, conversation.Kind, conversation.RoleOf(userId) ?? MemberRole.Member);
    }

    /// <summary>
    /// A member who may also write here (send, type, upload, edit, react, pin): in a direct conversation, nobody
    /// involved has blocked the other; in a room, the member is not timed out.
    /// </summary>
    public async Task<Result<ConversationGrant>> ConversationToWriteAsync(long userId, long conversationId)
    {
        var grant = await ConversationAsync(userId, conversationId);
        if (grant.Value is { Kind: ConversationKind.Room } && (await memberships.GetAsync(conversationId)).TimedOutUntil(userId, clock.GetUtcNow().UtcDateTime) is { } until)
        {
            return TimedOut(until);
        }

        if (grant.Value is { Kind: ConversationKind.Direct } direct)
        {
            var others = (await memberships.GetAsync(conversationId)).Roles.Keys.Where(id => id != userId).ToList();
            if (await blocks.CheckCanMessageAsync(userId, others) is { } blocked)
            {
                return blocked;
            }

            return direct;
        }

        return grant;
    }

    /// <summary>A member of a room. A direct conversation's id is answered exactly as an id that does not exist.</summary>
    public async Task<Result<ConversationGrant>> RoomAsync(long userId, long roomId)
    {
        var view = await SeeRoomAsync(userId, roomId);
        return !view.IsSuccess ? view.Error! : view.Value!.Member is { } member ? member : NotAMember;
    }

    /// <summary>Like <see cref="RoomAsync(long, long)"/>, and the member's role must allow the action.</summary>
    public async Task<Result<ConversationGrant>> RoomAsync(long userId, long roomId, Func<MemberRole, bool> allowed, string whoMay)
    {
        var grant = await RoomAsync(userId, roomId);
        if (grant.Value is { } member && !allowed(member.Role))
        {
            return ApiError.Forbidden("insufficient_role", $"Only {whoMay} can do this.");
        }

        return grant;
    }

    /// <summary>
    /// A room as the caller may see it: from inside as a member, or from outside when it is public or password-protected
    /// (to preview and join it). A private room is seen only by its members.
    /// </summary>
    public async Task<Result<RoomView>> SeeRoomAsync(long userId, long roomId)
    {
        var room = await memberships.GetAsync(roomId);
        if (!IsRoom(room))
        {
            return RoomNotFound;
        }

        if (room.RoleOf(userId) is { } role)
        {
            return new RoomView(userId, roomId, room.Visibility, new ConversationGrant(userId, roomId, ConversationKind.Room, role));
        }

        if (!IsVisibleFromOutside(room))
        {
            return RoomNotFound;
        }

        return await IsBannedAsync(userId, roomId) ? BannedFromRoom : new RoomView(userId, roomId, room.Visibility, member: null);
    }

    /// <summary>
    /// A room found by its name, as <see cref="SeeRoomAsync"/> sees it. Only public and password rooms are found by
    /// name (their names are unique, compared as <see cref="NameText.Key"/>; a leading "#" may be typed or not): a
    /// private room's name, a direct conversation and a name no room has all get <see cref="RoomNotFound"/>, so that
    /// nobody learns from an answer that a private room of that name exists.
    /// </summary>
    public async Task<Result<RoomView>> SeeRoomByNameAsync(long userId, string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return ApiError.Validation(new ValidationErrors().Add("name", "Give the name of the room to join."));
        }

        var typed = name.Trim();
        // Far longer than any room name (RoomRules allows 80 characters): nothing to look up.
        if (typed.Length > 1000)
        {
            return RoomNotFound;
        }

        var roomId = await FindDiscoverableRoomAsync(NameText.Key(typed));
        if (roomId is null && typed.StartsWith('#'))
        {
            roomId = await FindDiscoverableRoomAsync(NameText.Key(typed[1..]));
        }

        return roomId is { } id ? await SeeRoomAsync(userId, id) : RoomNotFound;
    }

    /// <summary>An invite link is a key to one room, whatever its visibility, while it is usable.</summary>
    public async Task<Result<RoomInvitation>> InvitationAsync(long userId, string code)
    {
        if (string.IsNullOrEmpty(code) || code.Length > RoomInvitation.MaxCodeLength)
        {
            return InviteNotFound;
        }

        var invite = await db.Invites.Where(i => i.Code == code).Select(i => new { i.Id, i.ConversationId, i.RevokedAt, i.ExpiresAt, i.MaxUses, i.Uses }).FirstOrDefaultAsync();
        var now = clock.GetUtcNow().UtcDateTime;
        if (invite is null || invite.RevokedAt is not null || invite.ExpiresAt <= now || invite.Uses >= invite.MaxUses)
        {
            return InviteNotFound;
        }

        var room = await memberships.GetAsync(invite.ConversationId);
        if (!IsRoom(room))
        {
            return InviteNotFound;
        }

        var role = room.RoleOf(userId);
        if (role is null && await IsBannedAsync(userId, invite.ConversationId))
        {
            // The link shows the room exists, so the refusal may say why.
            return BannedFromRoom;
        }

        var member = role is null ? null : new ConversationGrant(userId, invite.ConversationId, ConversationKind.Room, role.Value);
        return new RoomInvitation(userId, invite.ConversationId, invite.Id, code, member);
    }

    /// <summary>
    /// Any room, whatever its visibility, for a server administrator to act on as its owner would (delete it, hand it
    /// over): the grant names the room's owner, so the room's own rules and notices apply unchanged. The
    /// administrator's grant is the proof; it gives no way to read the room.
    /// </summary>
    public async Task<Result<ConversationGrant>> RoomAsItsOwnerAsync(AdministratorGrant administrator, long roomId)
    {
        var room = await memberships.GetAsync(roomId);
        if (!IsRoom(room))
        {
            return ConversationNotFound;
        }

        var ownerId = await db.Memberships.Where(m => m.ConversationId == roomId && m.Role == MemberRole.Owner).Select(m => (long?)m.UserId).FirstOrDefaultAsync();
        return new ConversationGrant(ownerId ?? administrator.UserId, roomId, ConversationKind.Room, MemberRole.Owner);
    }

    /// <summary>
    /// A report the caller may handle: a server administrator any report, wherever it was made (the report carries a
    /// copy of the message, so they need not be in the conversation); a room's owner and admins the reports made in
    /// their room. Anyone else gets <see cref="ReportNotFound"/>, as for a report that does not exist.
    /// </summary>
    public async Task<Result<ReportGrant>> ReportAsync(long userId, long reportId)
    {
        var report = await db.Reports.Where(r => r.Id == reportId).Select(r => new { r.Id, r.ConversationId, r.MessageId }).FirstOrDefaultAsync();
        if (report is null)
        {
            return ReportNotFound;
        }

        var conversation = await memberships.GetAsync(report.ConversationId);
        var role = conversation.RoleOf(userId);
        var roomModerator = IsRoom(conversation) && role >= MemberRole.Admin;
        var siteAdministrator = (await site.AdministratorAsync(userId)).IsSuccess;
        if (!roomModerator && !siteAdministrator)
        {
            return ReportNotFound;
        }

        var member = role is null ? null : new ConversationGrant(userId, report.ConversationId, conversation.Kind, role.Value);
        return new ReportGrant(userId, report.Id, report.ConversationId, report.MessageId, roomModerator ? member : null, siteAdministrator);
    }

    private Task<bool> IsBannedAsync(long userId, long roomId) => db.RoomBans.AnyAsync(b => b.ConversationId == roomId && b.UserId == userId);

    private Task<long?> FindDiscoverableRoomAsync(string nameKey) =>
        db.Conversations
            .Where(c => c.Kind == ConversationKind.Room && c.Visibility != RoomVisibility.Private && c.NameKey == nameKey)
            .Select(c => (long?)c.Id)
            .FirstOrDefaultAsync();

    private static bool IsRoom(ConversationMembers conversation) => conversation is { Exists: true, Kind: ConversationKind.Room };

    /// <summary>The one statement of "private is invisible": outsiders may know of public and password rooms only.</summary>
    private static bool IsVisibleFromOutside(ConversationMembers conversation) =>
        IsRoom(conversation) && conversation.Visibility != RoomVisibility.Private;
}

/// <summary>
/// Proof that <see cref="ConversationAccess"/> let this user in to this conversation as a member: who, which
/// conversation, which kind, which role. Actions and queries on a conversation take one, so a path that skipped the
/// check does not compile; only <see cref="ConversationAccess"/> makes them (ArchitectureTests holds it to that).
/// A class with read-only properties, not a record, so that no <c>with</c> can forge one from another.
/// </summary>
public sealed class ConversationGrant
{
    internal ConversationGrant(long userId, long conversationId, ConversationKind kind, MemberRole role)
    {
        UserId = userId;
        ConversationId = conversationId;
        Kind = kind;
        Role = role;
    }

    public long UserId { get; }

    public long ConversationId { get; }

    public ConversationKind Kind { get; }

    public MemberRole Role { get; }

    public override string ToString() => $"user {UserId} in {Kind} {ConversationId} as {Role}";
}

/// <summary>A room seen by someone who may see it: its member (<see cref="Member"/>) or, for a public or password room, anyone signed in.</summary>
public sealed class RoomView
{
    internal RoomView(long userId, long roomId, RoomVisibility visibility, ConversationGrant? member)
    {
        UserId = userId;
        RoomId = roomId;
        Visibility = visibility;
        Member = member;
    }

    public long UserId { get; }

    public long RoomId { get; }

    public RoomVisibility Visibility { get; }

    /// <summary>The caller's grant when they are a member already; null when they look from outside.</summary>
    public ConversationGrant? Member { get; }
}

/// <summary>A usable invite link held by a user: it lets them preview and join its room.</summary>
public sealed class RoomInvitation
{
    /// <summary>Codes are 22 characters (128 random bits, base64url); anything far longer is not one.</summary>
    public const int MaxCodeLength = 64;

    internal RoomInvitation(long userId, long roomId, long inviteId, string code, ConversationGrant? member)
    {
        UserId = userId;
        RoomId = roomId;
        InviteId = inviteId;
        Code = code;
        Member = member;
    }

    public long UserId { get; }

    public long RoomId { get; }

    public long InviteId { get; }

    public string Code { get; }

    /// <summary>The holder's grant when they are in the room already.</summary>
    public ConversationGrant? Member { get; }
}

/// <summary>
/// A report its holder may handle (<see cref="ConversationAccess.ReportAsync"/>): as the room's owner or admin
/// (<see cref="RoomModerator"/>, which also lets them ban and time out in that room), as a server administrator, or both.
/// </summary>
public sealed class ReportGrant
{
    internal ReportGrant(long userId, long reportId, long conversationId, long messageId, ConversationGrant? roomModerator, bool siteAdministrator)
    {
        UserId = userId;
        ReportId = reportId;
        ConversationId = conversationId;
        MessageId = messageId;
        RoomModerator = roomModerator;
        SiteAdministrator = siteAdministrator;
    }

    public long UserId { get; }

    public long ReportId { get; }

    public long ConversationId { get; }

    public long MessageId { get; }

    /// <summary>The holder's grant as the room's owner or admin; null when they act as a server administrator only.</summary>
    public ConversationGrant? RoomModerator { get; }

    public bool SiteAdministrator { get; }
}
