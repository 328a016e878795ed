using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Parley.Access;
using Parley.Audit;
using Parley.Events;
using Parley.Files;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;
using Parley.Messages;

namespace Parley.Rooms;

/// <summary>
/// Every change to rooms and their members. Each method takes what <see cref="ConversationAccess"/> granted (who,
/// which room, which role), checks what the role and input allow, persists, then publishes the event and writes
/// the room's notice through the message writer.
/// </summary>
public sealed class RoomActions(
    ParleyDb db,
    RoomQueries queries,
    MessageWriter writer,
    IEventBus bus,
    IPasswordHasher<Conversation> passwords,
    UserRateLimiter limits,
    TimeProvider clock,
    FileRemoval files,
    AuditLog audit)
{
    public static readonly ApiError NameTaken = ApiError.Conflict("room_name_taken", "A public or password-protected room already has this name. Choose another.");

    private static readonly ApiError MemberNotFound = ApiError.NotFound("member_not_found", "This person is not a member of the room.");

    private static readonly ApiError OwnershipChanged = ApiError.Conflict("ownership_changed", "The room's ownership changed meanwhile. Reload and try again.");

    public async Task<Result<RoomDto>> CreateAsync(long userId, CreateRoomRequest request)
    {
        var errors = new ValidationErrors();
        var nameError = RoomRules.CheckName(request.Name, out var name);
        errors.AddIf(nameError is not null, "name", nameError!);
        var topicError = RoomRules.CheckTopic(request.Topic, out var topic);
        errors.AddIf(topicError is not null, "topic", topicError!);

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
            Name = name,
            NameKey = NameText.Key(name),
            Topic = topic,
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
        if (!await TrySaveNameAsync())
        {
            return NameTaken;
        }

        var owner = (await queries.GetMemberAsync(room.Id, userId))!;
        await bus.PublishAsync(new MemberJoined(room.Id, owner, MemberCount: 1));
        await NoticeAsync(room.Id, owner.User, "created the room");
        return await queries.GetForMemberAsync(userId, room.Id);
    }

    public async Task<Result<RoomDto>> UpdateAsync(ConversationGrant grant, UpdateRoomRequest request)
    {
        var changesDetails = request.Name is not null || request.Topic is not null;
        var changesAccess = request.Visibility is not null || request.Password is not null;
        if (changesDetails && !RoomRules.CanEditDetails(grant.Role))
        {
            return ApiError.Forbidden("insufficient_role", "Only the room's owner or admins can rename it or change its topic.");
        }

        if (changesAccess && !RoomRules.CanChangeAccess(grant.Role))
        {
            return ApiError.Forbidden("insufficient_role", "Only the room's owner can change who may join it.");
        }

        var room = await db.Conversations.AsTracking().FirstAsync(c => c.Id == grant.ConversationId);
        var errors = new ValidationErrors();
        var name = room.Name;
        if (request.Name is not null && RoomRules.CheckName(request.Name, out name) is { } nameError)
        {
            errors.Add("name", nameError);
        }

        var topicError = RoomRules.CheckTopic(request.Topic, out var topic);
        errors.AddIf(topicError is not null, "topic", topicError!);

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
        if (name != room.Name)
        {
            room.Name = name;
            room.NameKey = NameText.Key(name);
            notices.Add($"renamed the room to “{room.Name}”");
        }

        if (request.Topic is not null && topic != room.Topic)
        {
            room.Topic = topic;
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
        if (!await TrySaveNameAsync())
        {
            return NameTaken;
        }

        await bus.PublishAsync(new RoomUpdated(new RoomUpdatedEvent(room.Id, room.Name, room.Topic, room.Visibility)));
        if (notices.Count > 0)
        {
            var actor = (await queries.GetMemberAsync(grant.ConversationId, grant.UserId))!.User;
            foreach (var notice in notices)
            {
                await NoticeAsync(grant.ConversationId, actor, notice);
            }
        }

        return await queries.GetForMemberAsync(grant.UserId, grant.ConversationId);
    }

    public async Task<Result<bool>> DeleteAsync(ConversationGrant grant)
    {
        if (!RoomRules.CanDelete(grant.Role))
        {
            return ApiError.Forbidden("insufficient_role", "Only the room's owner can delete it.");
        }

        var memberIds = await db.Memberships.Where(m => m.ConversationId == grant.ConversationId).Select(m => m.UserId).ToListAsync();
        var storedFiles = await FileRemoval.KeysOfConversationAsync(db, grant.ConversationId, CancellationToken.None);
        // Messages, memberships, invites and files go with it (ON DELETE CASCADE); the files' bytes right after. An
        // upload finishing meanwhile cannot record its row any more, and removes its own bytes.
        await db.Conversations.Where(c => c.Id == grant.ConversationId).ExecuteDeleteAsync();
        await files.DeleteBlobsAsync(storedFiles);
        await bus.PublishAsync(new RoomDeleted(grant.ConversationId, memberIds));
        return true;
    }

    /// <summary>Joins a room seen from outside: a public one as it is, a password one with its password.</summary>
    public async Task<Result<RoomDto>> JoinAsync(RoomView room, JoinRoomRequest? request)
    {
        if (room.Member is not null)
        {
            return await queries.GetForMemberAsync(room.UserId, room.RoomId);
        }

        if (await limits.TryTakeAsync(UserLimit.JoinsAndLeaves, room.UserId) is { } tooFast)
        {
            return tooFast;
        }

        if (room.Visibility == RoomVisibility.Password)
        {
            if (string.IsNullOrEmpty(request?.Password))
            {
                return ApiError.Forbidden("password_required", "This room is password-protected: enter its password to join.");
            }

            if (TextLength.Of(request.Password) > RoomRules.MaxPasswordLength)
            {
                return ApiError.Validation(new ValidationErrors().Add("password", $"A room password is at most {RoomRules.MaxPasswordLength} characters."));
            }

            // The attempt is counted before the password is checked, so no burst of parallel guesses gets more than the limit.
            if (await limits.TryTakeAsync(UserLimit.RoomPasswordGuesses, room.UserId, room.RoomId) is { } tooManyGuesses)
            {
                return tooManyGuesses;
            }

            var hash = await db.Conversations.Where(c => c.Id == room.RoomId).Select(c => c.PasswordHash).FirstOrDefaultAsync();
            if (hash is null || passwords.VerifyHashedPassword(new Conversation(), hash, request.Password) == PasswordVerificationResult.Failed)
            {
                return ApiError.Forbidden("wrong_password", "That password is not right. Check it with the person who shared the room.");
            }
        }

        return await AddMemberAsync(room.UserId, room.RoomId);
    }

    public async Task<Result<bool>> LeaveAsync(ConversationGrant grant)
    {
        if (grant.Role == MemberRole.Owner)
        {
            return ApiError.Conflict("owner_cannot_leave", "You own this room: make another member the owner, or delete the room, before you leave.");
        }

        if (await limits.TryTakeAsync(UserLimit.JoinsAndLeaves, grant.UserId) is { } tooFast)
        {
            return tooFast;
        }

        var member = await queries.GetMemberAsync(grant.ConversationId, grant.UserId);
        if (member is null)
        {
            return true; // left already, from another tab
        }

        if (await RemoveMembershipAsync(grant.ConversationId, member.User, MemberLeftReason.Left))
        {
            await NoticeAsync(grant.ConversationId, member.User, "left the room");
        }

        return true;
    }

    /// <summary>
    /// Removes a member (the owner anyone, admins plain members), at once and live. A removal for a ban
    /// (<see cref="MemberLeftReason.Banned"/>) says so in the room's notice; the ban itself is recorded by its caller.
    /// </summary>
    public async Task<Result<bool>> RemoveMemberAsync(ConversationGrant grant, long targetId, AuditActor actor, MemberLeftReason reason = MemberLeftReason.Removed)
    {
        if (targetId == grant.UserId)
        {
            return ApiError.BadRequest("cannot_remove_self", "To leave the room yourself, use leave.");
        }

        if (!RoomRules.CanEditDetails(grant.Role))
        {
            return ApiError.Forbidden("insufficient_role", "Only the room's owner or admins can remove members.");
        }

        var target = await queries.GetMemberAsync(grant.ConversationId, targetId);
        if (target is null)
        {
            return MemberNotFound;
        }

        if (!RoomRules.CanRemove(grant.Role, target.Role))
        {
            return ApiError.Forbidden("insufficient_role", "You can only remove members whose role is below yours.");
        }

        var remover = (await queries.GetMemberAsync(grant.ConversationId, grant.UserId))!.User;
        if (await RemoveMembershipAsync(grant.ConversationId, target.User, reason))
        {
            var verb = reason == MemberLeftReason.Banned ? "banned" : "removed";
            await NoticeAsync(grant.ConversationId, remover, $"{verb} {target.User.DisplayName} from the room");
            if (reason == MemberLeftReason.Removed)
            {
                await audit.RecordAsync(AuditActions.MemberRemoved, actor, AuditTarget.User(target.User.Id, target.User.Username), $"Removed from room {grant.ConversationId}");
            }
        }

        return true;
    }

    public async Task<Result<MemberDto>> ChangeRoleAsync(ConversationGrant grant, long targetId, ChangeRoleRequest request)
    {
        if (!RoomRules.CanChangeRoles(grant.Role))
        {
            return ApiError.Forbidden("insufficient_role", "Only the room's owner can change members' roles.");
        }

        if (request.Role is not { } newRole || !Enum.IsDefined(newRole))
        {
            return ApiError.Validation(new ValidationErrors().Add("role", "Choose a role: \"member\", \"admin\" or \"owner\"."));
        }

        if (targetId == grant.UserId)
        {
            return ApiError.BadRequest("cannot_change_own_role", "Make another member the owner rather than changing your own role.");
        }

        var roomId = grant.ConversationId;
        var target = await queries.GetMemberAsync(roomId, targetId);
        if (target is null)
        {
            return MemberNotFound;
        }

        if (target.Role == newRole)
        {
            return target;
        }

        // Conditional updates in one transaction: each says what it expects to find, so of two hand-overs racing, the
        // second finds its caller no longer the owner and changes nothing. The one-owner index backs this up.
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            if (newRole == MemberRole.Owner)
            {
                var handedOver = await db.Memberships
                    .Where(m => m.ConversationId == roomId && m.UserId == grant.UserId && m.Role == MemberRole.Owner)
                    .ExecuteUpdateAsync(m => m.SetProperty(x => x.Role, MemberRole.Admin));
                if (handedOver == 0)
                {
                    return OwnershipChanged;
                }
            }
            else if (!await db.Memberships.AnyAsync(m => m.ConversationId == roomId && m.UserId == grant.UserId && m.Role == MemberRole.Owner))
            {
                return OwnershipChanged;
            }

            var changed = await db.Memberships
                .Where(m => m.ConversationId == roomId && m.UserId == targetId && m.Role != MemberRole.Owner)
                .ExecuteUpdateAsync(m => m.SetProperty(x => x.Role, newRole));
            if (changed == 0)
            {
                return MemberNotFound;
            }

            await transaction.CommitAsync();
        }

        var updatedTarget = (await queries.GetMemberAsync(roomId, targetId))!;
        var actor = (await queries.GetMemberAsync(roomId, grant.UserId))!;
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

    public async Task<Result<InviteDto>> CreateInviteAsync(ConversationGrant grant, CreateInviteRequest request, Uri baseUrl)
    {
        if (!RoomRules.CanManageInvites(grant.Role))
        {
            return ApiError.Forbidden("insufficient_role", "Only the room's owner or admins can manage invite links.");
        }

        var errors = new ValidationErrors()
            .AddIf(request.ExpiresInHours is < 1 or > 24 * 365, "expiresInHours", "An invite expires after 1 hour to 365 days (8760 hours), or never when left out.")
            .AddIf(request.MaxUses is < 1 or > 10_000, "maxUses", "An invite can be used 1 to 10000 times, or without limit when left out.");
        if (!errors.IsEmpty)
        {
            return ApiError.Validation(errors);
        }

        if (await limits.TryTakeAsync(UserLimit.InvitesCreated, grant.UserId) is { } tooFast)
        {
            return tooFast;
        }

        var now = Now();
        var invite = new RoomInvite
        {
            Code = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16)),
            ConversationId = grant.ConversationId,
            CreatedById = grant.UserId,
            CreatedAt = now,
            ExpiresAt = request.ExpiresInHours is { } hours ? now.AddHours(hours) : null,
            MaxUses = request.MaxUses,
        };
        db.Invites.Add(invite);
        await db.SaveChangesAsync();
        return ToDto(invite, baseUrl);
    }

    public async Task<Result<List<InviteDto>>> ListInvitesAsync(ConversationGrant grant, Uri baseUrl)
    {
        if (!RoomRules.CanManageInvites(grant.Role))
        {
            return ApiError.Forbidden("insufficient_role", "Only the room's owner or admins can manage invite links.");
        }

        var invites = await db.Invites.Where(i => i.ConversationId == grant.ConversationId && i.RevokedAt == null).OrderByDescending(i => i.Id).ToListAsync();
        var now = Now();
        return invites.Where(i => i.IsUsable(now)).Select(i => ToDto(i, baseUrl)).ToList();
    }

    public async Task<Result<bool>> RevokeInviteAsync(ConversationGrant grant, string code)
    {
        if (!RoomRules.CanManageInvites(grant.Role))
        {
            return ApiError.Forbidden("insufficient_role", "Only the room's owner or admins can manage invite links.");
        }

        var now = Now();
        var revoked = await db.Invites
            .Where(i => i.ConversationId == grant.ConversationId && i.Code == code && i.RevokedAt == null)
            .ExecuteUpdateAsync(i => i.SetProperty(x => x.RevokedAt, now));
        return revoked == 0 ? ConversationAccess.InviteNotFound : true;
    }

    public async Task<InvitePreviewDto> PreviewInviteAsync(RoomInvitation invitation)
    {
        var room = await db.Conversations
            .Where(c => c.Id == invitation.RoomId)
            .Select(c => new { c.Id, c.Name, c.Topic, MemberCount = c.Members.Count })
            .FirstAsync();
        return new InvitePreviewDto(invitation.Code, room.Id, room.Name, room.Topic, room.MemberCount, invitation.Member is not null);
    }

    public async Task<Result<RoomDto>> AcceptInviteAsync(RoomInvitation invitation)
    {
        if (invitation.Member is not null)
        {
            return await queries.GetForMemberAsync(invitation.UserId, invitation.RoomId);
        }

        if (await limits.TryTakeAsync(UserLimit.JoinsAndLeaves, invitation.UserId) is { } tooFast)
        {
            return tooFast;
        }

        // Count the use atomically, so two people racing for the last use cannot both get in.
        var now = Now();
        var claimed = await db.Invites
            .Where(i => i.Id == invitation.InviteId && i.RevokedAt == null && (i.ExpiresAt == null || i.ExpiresAt > now) && (i.MaxUses == null || i.Uses < i.MaxUses))
            .ExecuteUpdateAsync(i => i.SetProperty(x => x.Uses, x => x.Uses + 1));
        return claimed == 0 ? ConversationAccess.InviteNotFound : await AddMemberAsync(invitation.UserId, invitation.RoomId);
    }

    /// <summary>
    /// A new account joins a default room (<see cref="DefaultRooms"/>): as its owner while the room has none (the
    /// server made it before any account existed), otherwise as a member. The server does this, not the person, so
    /// their join limit is not taken.
    /// </summary>
    public async Task JoinDefaultRoomAsync(long userId, long roomId)
    {
        var hasOwner = await db.Memberships.AnyAsync(m => m.ConversationId == roomId && m.Role == MemberRole.Owner);
        await AddMemberAsync(userId, roomId, hasOwner ? MemberRole.Member : MemberRole.Owner);
    }

    private async Task<Result<RoomDto>> AddMemberAsync(long userId, long roomId, MemberRole role = MemberRole.Member)
    {
        // The room's past is there to read, not unread: a newcomer starts with nothing new.
        var newest = await db.Messages.Where(m => m.ConversationId == roomId).MaxAsync(m => (long?)m.Id) ?? 0;
        db.Memberships.Add(new Membership { ConversationId = roomId, UserId = userId, Role = role, JoinedAt = Now(), LastReadMessageId = newest });
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            db.ChangeTracker.Clear();
            if (!await db.Memberships.AnyAsync(m => m.ConversationId == roomId && m.UserId == userId))
            {
                // Two first accounts at once: the one-owner index let the other one own the room.
                if (role == MemberRole.Owner)
                {
                    return await AddMemberAsync(userId, roomId, MemberRole.Member);
                }

                throw;
            }

            // Joined twice at once (two tabs): the other request did the work.
            return await queries.GetForMemberAsync(userId, roomId);
        }

        var member = (await queries.GetMemberAsync(roomId, userId))!;
        await bus.PublishAsync(new MemberJoined(roomId, member, await queries.CountMembersAsync(roomId)));
        await NoticeAsync(roomId, member.User, "joined the room");
        return await queries.GetForMemberAsync(userId, roomId);
    }

    /// <summary>True when this call removed the membership (not another request a moment earlier).</summary>
    private async Task<bool> RemoveMembershipAsync(long roomId, UserSummary user, MemberLeftReason reason)
    {
        var removed = await db.Memberships.Where(m => m.ConversationId == roomId && m.UserId == user.Id && m.Role != MemberRole.Owner).ExecuteDeleteAsync();
        if (removed > 0)
        {
            await bus.PublishAsync(new MemberLeft(roomId, user, reason, await queries.CountMembersAsync(roomId)));
        }

        return removed > 0;
    }

    /// <summary>
    /// Takes an account that is being deleted out of a room. A room it owns passes to the longest-serving admin, else
    /// the longest-serving member, with a notice; a room with nobody else in it is deleted. No rate limit: the server
    /// does this once per room, however many rooms the account was in.
    /// </summary>
    public async Task LeaveForDeletedAccountAsync(ConversationGrant grant, UserSummary user)
    {
        var roomId = grant.ConversationId;
        if (grant.Role == MemberRole.Owner)
        {
            var successor = await db.Memberships
                .Where(m => m.ConversationId == roomId && m.UserId != user.Id)
                .OrderByDescending(m => m.Role)
                .ThenBy(m => m.JoinedAt)
                .Select(m => (long?)m.UserId)
                .FirstOrDefaultAsync();
            if (successor is not { } successorId)
            {
                await DeleteAsync(grant);
                return;
            }

            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                await db.Memberships.Where(m => m.ConversationId == roomId && m.UserId == user.Id).ExecuteUpdateAsync(m => m.SetProperty(x => x.Role, MemberRole.Member));
                await db.Memberships.Where(m => m.ConversationId == roomId && m.UserId == successorId).ExecuteUpdateAsync(m => m.SetProperty(x => x.Role, MemberRole.Owner));
                await transaction.CommitAsync();
            }

            var newOwner = (await queries.GetMemberAsync(roomId, successorId))!;
            await bus.PublishAsync(new MemberUpdated(roomId, newOwner));
            await NoticeAsync(roomId, newOwner.User, "is now the owner: the previous owner deleted their account");
        }

        await RemoveMembershipAsync(roomId, user, MemberLeftReason.Left);
    }

    /// <summary>Saves; false when the one-name rule refused it (another discoverable room has the name).</summary>
    private async Task<bool> TrySaveNameAsync()
    {
        try
        {
            await db.SaveChangesAsync();
            return true;
        }
        catch (DbUpdateException ex) when (IsDuplicateName(ex))
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    private static bool IsDuplicateName(DbUpdateException ex) => ex.IsUniqueViolation("IX_Conversations_DiscoverableRoomName");

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

    private static InviteDto ToDto(RoomInvite invite, Uri baseUrl) =>
        new(invite.Code, new Uri(baseUrl, $"invite/{invite.Code}").ToString(), invite.ConversationId, invite.CreatedAt, invite.ExpiresAt, invite.MaxUses, invite.Uses);

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
