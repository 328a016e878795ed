using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Parley.Accounts;
using Parley.Conversations;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;
using Parley.Messages;
using Parley.Realtime;

namespace Parley.Rooms;

/// <summary>
/// Every change to rooms and their members. Each method checks (who asks, may they, is the input valid), then
/// persists, then publishes the event and writes the room's notice through the message writer.
/// </summary>
public sealed class RoomActions(
    ParleyDb db,
    ConversationAccess access,
    MembershipCache memberships,
    RoomQueries queries,
    MessageWriter writer,
    IEventBus bus,
    IPasswordHasher<Conversation> passwords,
    IMemoryCache cache,
    TimeProvider clock)
{
    /// <summary>Wrong room passwords allowed per person and room in <see cref="PasswordGuessWindow"/>: plenty for typos, useless for guessing.</summary>
    public const int MaxPasswordGuesses = 10;

    private static readonly TimeSpan PasswordGuessWindow = TimeSpan.FromMinutes(10);

    public static readonly ApiError InviteNotFound = ApiError.NotFound("invite_not_found", "This invite link is invalid, has expired, was used up or was revoked.");

    private static readonly ApiError MemberNotFound = ApiError.NotFound("member_not_found", "This person is not a member of the room.");

    public async Task<Result<RoomDto>> CreateAsync(long userId, CreateRoomRequest request)
    {
        var errors = new ValidationErrors();
        if (RoomRules.CheckName(request.Name) is { } nameError)
        {
            errors.Add("name", nameError);
        }

        if (RoomRules.CheckTopic(request.Topic) is { } topicError)
        {
            errors.Add("topic", topicError);
        }

        if (request.Visibility is not { } visibility || !Enum.IsDefined(visibility))
        {
            errors.Add("visibility", "Choose who can join: \"public\", \"private\" or \"password\".");
        }
        else
        {
            CheckPasswordFor(visibility, request.Password, hasPassword: false, errors);
        }

        if (!errors.IsEmpty)
        {
            return ApiError.Validation(errors, "The room was not created: " + errors.Summary());
        }

        var now = Now();
        var room = new Conversation
        {
            Kind = ConversationKind.Room,
            Name = request.Name!.Trim(),
            Topic = NullIfBlank(request.Topic),
            Visibility = request.Visibility!.Value,
            CreatedById = userId,
            CreatedAt = now,
        };
        if (room.Visibility == RoomVisibility.Password)
        {
            room.PasswordHash = passwords.HashPassword(room, request.Password!);
        }

        room.Members.Add(new Membership { UserId = userId, Role = MemberRole.Owner, JoinedAt = now });
        db.Conversations.Add(room);
        await db.SaveChangesAsync();

        var owner = await queries.GetMemberAsync(room.Id, userId);
        await bus.PublishAsync(new MemberJoined(room.Id, owner!, MemberCount: 1));
        await NoticeAsync(room.Id, owner!.User, "created the room");
        return await queries.GetAsync(userId, room.Id);
    }

    public async Task<Result<RoomDto>> UpdateAsync(long userId, long roomId, UpdateRoomRequest request)
    {
        var role = await access.RequireMemberAsync(userId, roomId);
        if (!role.IsSuccess)
        {
            return role.Error!;
        }

        var changesDetails = request.Name is not null || request.Topic is not null;
        var changesAccess = request.Visibility is not null || request.Password is not null;
        if (changesDetails && !RoomRules.CanEditDetails(role.Value))
        {
            return ApiError.Forbidden("insufficient_role", "Only the room's owner or admins can rename it or change its topic.");
        }

        if (changesAccess && !RoomRules.CanChangeAccess(role.Value))
        {
            return ApiError.Forbidden("insufficient_role", "Only the room's owner can change who may join it.");
        }

        var room = await db.Conversations.AsTracking().FirstAsync(c => c.Id == roomId);
        var errors = new ValidationErrors();
        if (request.Name is not null && RoomRules.CheckName(request.Name) is { } nameError)
        {
            errors.Add("name", nameError);
        }

        if (RoomRules.CheckTopic(request.Topic) is { } topicError)
        {
            errors.Add("topic", topicError);
        }

        if (request.Visibility is { } requested && !Enum.IsDefined(requested))
        {
            errors.Add("visibility", "Choose who can join: \"public\", \"private\" or \"password\".");
        }
        else if (changesAccess)
        {
            CheckPasswordFor(request.Visibility ?? room.Visibility, request.Password, hasPassword: room.PasswordHash is not null, errors);
        }

        if (!errors.IsEmpty)
        {
            return ApiError.Validation(errors, "The room was not changed: " + errors.Summary());
        }

        var notices = new List<string>();
        if (request.Name is not null && request.Name.Trim() != room.Name)
        {
            room.Name = request.Name.Trim();
            notices.Add($"renamed the room to “{room.Name}”");
        }

        if (request.Topic is not null && NullIfBlank(request.Topic) != room.Topic)
        {
            room.Topic = NullIfBlank(request.Topic);
            notices.Add(room.Topic is null ? "removed the topic" : $"changed the topic to “{room.Topic}”");
        }

        if (request.Visibility is { } visibility && visibility != room.Visibility)
        {
            room.Visibility = visibility;
            notices.Add(visibility switch
            {
                RoomVisibility.Public => "made the room public",
                RoomVisibility.Private => "made the room private (invite only)",
                _ => "made the room password-protected",
            });
        }

        room.PasswordHash = room.Visibility != RoomVisibility.Password ? null
            : request.Password is not null ? passwords.HashPassword(room, request.Password)
            : room.PasswordHash;
        await db.SaveChangesAsync();

        await bus.PublishAsync(new RoomUpdated(new RoomUpdatedEvent(room.Id, room.Name, room.Topic, room.Visibility)));
        if (notices.Count > 0)
        {
            var actor = (await queries.GetMemberAsync(roomId, userId))!.User;
            foreach (var notice in notices)
            {
                await NoticeAsync(roomId, actor, notice);
            }
        }

        return await queries.GetAsync(userId, roomId);
    }

    public async Task<Result<bool>> DeleteAsync(long userId, long roomId)
    {
        var role = await access.RequireAsync(userId, roomId, RoomRules.CanDelete, "the room's owner");
        if (!role.IsSuccess)
        {
            return role.Error!;
        }

        var memberIds = (await memberships.GetAsync(roomId)).Roles.Keys.ToList();
        // Messages, memberships and invites go with it (ON DELETE CASCADE).
        await db.Conversations.Where(c => c.Id == roomId).ExecuteDeleteAsync();
        await bus.PublishAsync(new RoomDeleted(roomId, memberIds));
        return true;
    }

    public async Task<Result<RoomDto>> JoinAsync(long userId, long roomId, JoinRoomRequest? request)
    {
        var room = await db.Conversations
            .Where(c => c.Id == roomId && c.Kind == ConversationKind.Room)
            .Select(c => new { c.Visibility, c.PasswordHash })
            .FirstOrDefaultAsync();
        if (room is null)
        {
            return ConversationAccess.RoomNotFound;
        }

        if (await memberships.GetRoleAsync(roomId, userId) is not null)
        {
            return await queries.GetAsync(userId, roomId);
        }

        if (room.Visibility == RoomVisibility.Private)
        {
            return ConversationAccess.RoomNotFound;
        }

        if (room.Visibility == RoomVisibility.Password)
        {
            if (string.IsNullOrEmpty(request?.Password))
            {
                return ApiError.Forbidden("password_required", "This room is password-protected: enter its password to join.");
            }

            var guessesKey = $"room-password-guesses:{roomId}:{userId}";
            var guesses = cache.TryGetValue(guessesKey, out int count) ? count : 0;
            if (guesses >= MaxPasswordGuesses)
            {
                return ApiError.TooManyRequests("too_many_guesses", "Too many wrong passwords for this room. Wait 10 minutes and try again.");
            }

            if (passwords.VerifyHashedPassword(new Conversation(), room.PasswordHash!, request.Password) == PasswordVerificationResult.Failed)
            {
                cache.Set(guessesKey, guesses + 1, PasswordGuessWindow);
                return ApiError.Forbidden("wrong_password", "That password is not right. Check it with the person who shared the room.");
            }
        }

        return await AddMemberAsync(userId, roomId);
    }

    public async Task<Result<bool>> LeaveAsync(long userId, long roomId)
    {
        var role = await access.RequireMemberAsync(userId, roomId);
        if (!role.IsSuccess)
        {
            return role.Error!;
        }

        if (role.Value == MemberRole.Owner)
        {
            return ApiError.Conflict("owner_cannot_leave", "You own this room: make another member the owner, or delete the room, before you leave.");
        }

        var member = (await queries.GetMemberAsync(roomId, userId))!;
        await RemoveMembershipAsync(roomId, member.User, MemberLeftReason.Left);
        await NoticeAsync(roomId, member.User, "left the room");
        return true;
    }

    public async Task<Result<bool>> RemoveMemberAsync(long userId, long roomId, long targetId)
    {
        var role = await access.RequireMemberAsync(userId, roomId);
        if (!role.IsSuccess)
        {
            return role.Error!;
        }

        if (targetId == userId)
        {
            return ApiError.BadRequest("cannot_remove_self", "To leave the room yourself, use leave.");
        }

        if (!RoomRules.CanEditDetails(role.Value))
        {
            return ApiError.Forbidden("insufficient_role", "Only the room's owner or admins can remove members.");
        }

        var target = await queries.GetMemberAsync(roomId, targetId);
        if (target is null)
        {
            return MemberNotFound;
        }

        if (!RoomRules.CanRemove(role.Value, target.Role))
        {
            return ApiError.Forbidden("insufficient_role", "You can only remove members whose role is below yours.");
        }

        var actor = (await queries.GetMemberAsync(roomId, userId))!.User;
        await RemoveMembershipAsync(roomId, target.User, MemberLeftReason.Removed);
        await NoticeAsync(roomId, actor, $"removed {target.User.DisplayName} from the room");
        return true;
    }

    public async Task<Result<MemberDto>> ChangeRoleAsync(long userId, long roomId, long targetId, ChangeRoleRequest request)
    {
        var role = await access.RequireAsync(userId, roomId, RoomRules.CanChangeRoles, "the room's owner");
        if (!role.IsSuccess)
        {
            return role.Error!;
        }

        if (request.Role is not { } newRole || !Enum.IsDefined(newRole))
        {
            return ApiError.Validation(new ValidationErrors().Add("role", "Choose a role: \"member\", \"admin\" or \"owner\"."));
        }

        if (targetId == userId)
        {
            return ApiError.BadRequest("cannot_change_own_role", "Make another member the owner rather than changing your own role.");
        }

        var target = await db.Memberships.AsTracking().FirstOrDefaultAsync(m => m.ConversationId == roomId && m.UserId == targetId);
        if (target is null)
        {
            return MemberNotFound;
        }

        if (target.Role == newRole)
        {
            return (await queries.GetMemberAsync(roomId, targetId))!;
        }

        target.Role = newRole;
        if (newRole == MemberRole.Owner)
        {
            // One owner per room: handing it over makes the previous owner an admin, in the same transaction.
            var self = await db.Memberships.AsTracking().FirstAsync(m => m.ConversationId == roomId && m.UserId == userId);
            self.Role = MemberRole.Admin;
        }

        await db.SaveChangesAsync();

        var updatedTarget = (await queries.GetMemberAsync(roomId, targetId))!;
        var actor = (await queries.GetMemberAsync(roomId, userId))!;
        await bus.PublishAsync(new MemberUpdated(roomId, updatedTarget));
        if (newRole == MemberRole.Owner)
        {
            await bus.PublishAsync(new MemberUpdated(roomId, actor));
        }

        await NoticeAsync(roomId, actor.User, newRole switch
        {
            MemberRole.Owner => $"made {updatedTarget.User.DisplayName} the owner",
            MemberRole.Admin => $"made {updatedTarget.User.DisplayName} an admin",
            _ => $"made {updatedTarget.User.DisplayName} a member",
        });
        return updatedTarget;
    }

    public async Task<Result<InviteDto>> CreateInviteAsync(long userId, long roomId, CreateInviteRequest request, string baseUrl)
    {
        var role = await access.RequireAsync(userId, roomId, RoomRules.CanManageInvites, "the room's owner or admins");
        if (!role.IsSuccess)
        {
            return role.Error!;
        }

        var errors = new ValidationErrors()
            .AddIf(request.ExpiresInHours is < 1 or > 24 * 365, "expiresInHours", "An invite expires after 1 hour to 365 days (8760 hours), or never when left out.")
            .AddIf(request.MaxUses is < 1 or > 10_000, "maxUses", "An invite can be used 1 to 10000 times, or without limit when left out.");
        if (!errors.IsEmpty)
        {
            return ApiError.Validation(errors);
        }

        var now = Now();
        var invite = new RoomInvite
        {
            Code = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16)),
            ConversationId = roomId,
            CreatedById = userId,
            CreatedAt = now,
            ExpiresAt = request.ExpiresInHours is { } hours ? now.AddHours(hours) : null,
            MaxUses = request.MaxUses,
        };
        db.Invites.Add(invite);
        await db.SaveChangesAsync();
        return ToDto(invite, baseUrl);
    }

    public async Task<Result<List<InviteDto>>> ListInvitesAsync(long userId, long roomId, string baseUrl)
    {
        var role = await access.RequireAsync(userId, roomId, RoomRules.CanManageInvites, "the room's owner or admins");
        if (!role.IsSuccess)
        {
            return role.Error!;
        }

        var invites = await db.Invites.Where(i => i.ConversationId == roomId && i.RevokedAt == null).OrderByDescending(i => i.Id).ToListAsync();
        var now = Now();
        return invites.Where(i => i.IsUsable(now)).Select(i => ToDto(i, baseUrl)).ToList();
    }

    public async Task<Result<bool>> RevokeInviteAsync(long userId, long roomId, string code)
    {
        var role = await access.RequireAsync(userId, roomId, RoomRules.CanManageInvites, "the room's owner or admins");
        if (!role.IsSuccess)
        {
            return role.Error!;
        }

        var now = Now();
        var revoked = await db.Invites
            .Where(i => i.ConversationId == roomId && i.Code == code && i.RevokedAt == null)
            .ExecuteUpdateAsync(i => i.SetProperty(x => x.RevokedAt, now));
        return revoked == 0 ? InviteNotFound : true;
    }

    public async Task<Result<InvitePreviewDto>> PreviewInviteAsync(long userId, string code)
    {
        var invite = await db.Invites.FirstOrDefaultAsync(i => i.Code == code);
        if (invite is null || !invite.IsUsable(Now()))
        {
            return InviteNotFound;
        }

        var room = await db.Conversations
            .Where(c => c.Id == invite.ConversationId)
            .Select(c => new { c.Id, c.Name, c.Topic, MemberCount = c.Members.Count, IsMember = c.Members.Any(m => m.UserId == userId) })
            .FirstAsync();
        return new InvitePreviewDto(code, room.Id, room.Name, room.Topic, room.MemberCount, room.IsMember);
    }

    public async Task<Result<RoomDto>> AcceptInviteAsync(long userId, string code)
    {
        var invite = await db.Invites.FirstOrDefaultAsync(i => i.Code == code);
        var now = Now();
        if (invite is null || !invite.IsUsable(now))
        {
            return InviteNotFound;
        }

        if (await memberships.GetRoleAsync(invite.ConversationId, userId) is not null)
        {
            return await queries.GetAsync(userId, invite.ConversationId);
        }

        // Count the use atomically, so two people racing for the last use cannot both get in.
        var claimed = await db.Invites
            .Where(i => i.Id == invite.Id && i.RevokedAt == null && (i.ExpiresAt == null || i.ExpiresAt > now) && (i.MaxUses == null || i.Uses < i.MaxUses))
            .ExecuteUpdateAsync(i => i.SetProperty(x => x.Uses, x => x.Uses + 1));
        return claimed == 0 ? InviteNotFound : await AddMemberAsync(userId, invite.ConversationId);
    }

    private async Task<Result<RoomDto>> AddMemberAsync(long userId, long roomId)
    {
        // The room's past is there to read, not unread: a newcomer starts with nothing new.
        var newest = await db.Messages.Where(m => m.ConversationId == roomId).MaxAsync(m => (long?)m.Id) ?? 0;
        db.Memberships.Add(new Membership { ConversationId = roomId, UserId = userId, Role = MemberRole.Member, JoinedAt = Now(), LastReadMessageId = newest });
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // Joined twice at once (two tabs): the other request did the work.
            if (await memberships.GetRoleAsync(roomId, userId) is null && !await db.Memberships.AnyAsync(m => m.ConversationId == roomId && m.UserId == userId))
            {
                throw;
            }

            return await queries.GetAsync(userId, roomId);
        }

        var member = (await queries.GetMemberAsync(roomId, userId))!;
        await bus.PublishAsync(new MemberJoined(roomId, member, await queries.CountMembersAsync(roomId)));
        await NoticeAsync(roomId, member.User, "joined the room");
        return await queries.GetAsync(userId, roomId);
    }

    private async Task RemoveMembershipAsync(long roomId, UserSummary user, MemberLeftReason reason)
    {
        await db.Memberships.Where(m => m.ConversationId == roomId && m.UserId == user.Id).ExecuteDeleteAsync();
        await bus.PublishAsync(new MemberLeft(roomId, user, reason, await queries.CountMembersAsync(roomId)));
    }

    /// <summary>A system message in the room's history, written through the same path as everyone's messages.</summary>
    private Task<MessageDto> NoticeAsync(long roomId, UserSummary actor, string what) =>
        writer.WriteAsync(new NewMessage(roomId, actor.Id, MessageKind.System, $"{actor.DisplayName} {what}"));

    private static void CheckPasswordFor(RoomVisibility visibility, string? password, bool hasPassword, ValidationErrors errors)
    {
        if (visibility == RoomVisibility.Password)
        {
            if (password is not null || !hasPassword)
            {
                if (RoomRules.CheckPassword(password) is { } passwordError)
                {
                    errors.Add("password", passwordError);
                }
            }
        }
        else if (!string.IsNullOrEmpty(password))
        {
            errors.Add("password", "Only a password-protected room takes a password.");
        }
    }

    private static InviteDto ToDto(RoomInvite invite, string baseUrl) =>
        new(invite.Code, $"{baseUrl}/invite/{invite.Code}", invite.ConversationId, invite.CreatedAt, invite.ExpiresAt, invite.MaxUses, invite.Uses);

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
