using Microsoft.EntityFrameworkCore;
using Parley.Access;
using Parley.Audit;
using Parley.Events;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;
using Parley.Rooms;

namespace Parley.Moderation;

/// <summary>
/// Bans and timeouts in a room, by its owner and admins under the same role rules as removing a member. A ban
/// removes the member at once and keeps them out (ConversationAccess refuses every way in); a timeout lets them
/// read but not write until it ends by itself or is lifted. Every change is audited.
/// </summary>
public sealed class RoomModeration(
    ParleyDb db,
    RoomActions rooms,
    RoomQueries queries,
    IEventBus bus,
    UserRateLimiter limits,
    AuditLog audit,
    TimeProvider clock)
{
    private static readonly ApiError OnlyModerators = ApiError.Forbidden("insufficient_role", "Only the room's owner or admins can ban members and time them out.");

    private static readonly ApiError BelowYou = ApiError.Forbidden("insufficient_role", "You can only ban or time out members whose role is below yours.");

    private static readonly ApiError NotYourself = ApiError.BadRequest("cannot_moderate_self", "You cannot ban or time out yourself.");

    private static readonly ApiError UserNotFound = ApiError.NotFound("user_not_found", "There is no such user.");

    private static readonly ApiError MemberNotFound = ApiError.NotFound("member_not_found", "This person is not a member of the room.");

    private static readonly ApiError BanNotFound = ApiError.NotFound("ban_not_found", "This person is not banned from the room.");

    /// <summary>
    /// Bans someone: a member (removed at once, live) or someone who left already (the author of a reported
    /// message, say). Banning again changes only the reason.
    /// </summary>
    public async Task<Result<BanDto>> BanAsync(ConversationGrant grant, BanRequest request, AuditActor actor)
    {
        if (Refusal(grant) is { } refused)
        {
            return refused;
        }

        var errors = ModerationRules.CheckBan(request, out var reason);
        if (!errors.IsEmpty)
        {
            return ApiError.Validation(errors, "Nobody was banned: " + errors.Summary());
        }

        var targetId = request.UserId!.Value;
        if (targetId == grant.UserId)
        {
            return NotYourself;
        }

        var user = await db.Users.Where(u => u.Id == targetId).Select(u => new UserSummary(u.Id, u.UserName!, u.DisplayName, u.AvatarVersion)).FirstOrDefaultAsync();
        if (user is null)
        {
            return UserNotFound;
        }

        var member = await queries.GetMemberAsync(grant.ConversationId, targetId);
        if (member is not null && !ModerationRules.CanModerate(grant.Role, member.Role))
        {
            return BelowYou;
        }

        if (await limits.TryTakeAsync(UserLimit.Moderation, grant.UserId) is { } tooFast)
        {
            return tooFast;
        }

        // The ban first, then the removal: a join racing the two finds the ban already there.
        var now = clock.GetUtcNow().UtcDateTime;
        var ban = await db.RoomBans.AsTracking().FirstOrDefaultAsync(b => b.ConversationId == grant.ConversationId && b.UserId == targetId);
        if (ban is null)
        {
            ban = new RoomBan { ConversationId = grant.ConversationId, UserId = targetId, BannedAt = now };
            db.RoomBans.Add(ban);
        }

        ban.BannedById = grant.UserId;
        ban.Reason = reason;
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // Banned twice at once: the other request's ban stands.
            db.ChangeTracker.Clear();
        }

        if (member is not null)
        {
            var removed = await rooms.RemoveMemberAsync(grant, targetId, actor, MemberLeftReason.Banned);
            if (!removed.IsSuccess && removed.Error!.Code != "member_not_found")
            {
                return removed.Error!;
            }
        }

        await audit.RecordAsync(AuditActions.MemberBanned, actor, AuditTarget.User(user.Id, user.Username),
            $"From room {grant.ConversationId}{(reason is null ? "" : ". Reason: " + reason)}");
        var bannedBy = await db.Users.Where(u => u.Id == grant.UserId).Select(u => u.DisplayName).FirstOrDefaultAsync();
        return new BanDto(user, ban.BannedAt, bannedBy, reason);
    }

    public async Task<Result<bool>> UnbanAsync(ConversationGrant grant, long targetId, AuditActor actor)
    {
        if (Refusal(grant) is { } refused)
        {
            return refused;
        }

        if (await limits.TryTakeAsync(UserLimit.Moderation, grant.UserId) is { } tooFast)
        {
            return tooFast;
        }

        var userName = await db.Users.Where(u => u.Id == targetId).Select(u => u.UserName).FirstOrDefaultAsync();
        var lifted = await db.RoomBans.Where(b => b.ConversationId == grant.ConversationId && b.UserId == targetId).ExecuteDeleteAsync();
        if (lifted == 0)
        {
            return BanNotFound;
        }

        await audit.RecordAsync(AuditActions.MemberUnbanned, actor, AuditTarget.User(targetId, userName), $"From room {grant.ConversationId}");
        return true;
    }

    public async Task<Result<List<BanDto>>> ListBansAsync(ConversationGrant grant)
    {
        if (Refusal(grant) is { } refused)
        {
            return refused;
        }

        return await db.RoomBans
            .Where(b => b.ConversationId == grant.ConversationId)
            .OrderByDescending(b => b.BannedAt)
            .Select(b => new BanDto(
                db.Users.Where(u => u.Id == b.UserId).Select(u => new UserSummary(u.Id, u.UserName!, u.DisplayName, u.AvatarVersion)).First(),
                b.BannedAt,
                db.Users.Where(u => u.Id == b.BannedById).Select(u => u.DisplayName).FirstOrDefault(),
                b.Reason))
            .ToListAsync();
    }

    /// <summary>Times a member out for some minutes from now (a new timeout replaces the one they have); the room's members see it.</summary>
    public async Task<Result<MemberDto>> TimeOutAsync(ConversationGrant grant, long targetId, TimeoutRequest request, AuditActor actor)
    {
        if (Refusal(grant) is { } refused)
        {
            return refused;
        }

        var errors = ModerationRules.CheckTimeout(request);
        if (!errors.IsEmpty)
        {
            return ApiError.Validation(errors);
        }

        if (targetId == grant.UserId)
        {
            return NotYourself;
        }

        var member = await queries.GetMemberAsync(grant.ConversationId, targetId);
        if (member is null)
        {
            return MemberNotFound;
        }

        if (!ModerationRules.CanModerate(grant.Role, member.Role))
        {
            return BelowYou;
        }

        if (await limits.TryTakeAsync(UserLimit.Moderation, grant.UserId) is { } tooFast)
        {
            return tooFast;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var until = now.AddMinutes(request.Minutes!.Value);
        var timeout = await db.RoomTimeouts.AsTracking().FirstOrDefaultAsync(t => t.ConversationId == grant.ConversationId && t.UserId == targetId);
        if (timeout is null)
        {
            timeout = new RoomTimeout { ConversationId = grant.ConversationId, UserId = targetId };
            db.RoomTimeouts.Add(timeout);
        }

        timeout.Until = until;
        timeout.CreatedAt = now;
        timeout.TimedOutById = grant.UserId;
        await db.SaveChangesAsync();

        var updated = (await queries.GetMemberAsync(grant.ConversationId, targetId))!;
        // The event also drops the access cache's copy of the room, so the timeout holds from the next send on.
        await bus.PublishAsync(new MemberUpdated(grant.ConversationId, updated));
        await audit.RecordAsync(AuditActions.MemberTimedOut, actor, AuditTarget.User(targetId, member.User.Username),
            $"In room {grant.ConversationId} for {request.Minutes} minutes, until {until:yyyy-MM-dd HH:mm} UTC");
        return updated;
    }

    public async Task<Result<MemberDto>> LiftTimeoutAsync(ConversationGrant grant, long targetId, AuditActor actor)
    {
        if (Refusal(grant) is { } refused)
        {
            return refused;
        }

        if (targetId == grant.UserId)
        {
            // A timed-out admin waits like anyone else.
            return NotYourself;
        }

        var member = await queries.GetMemberAsync(grant.ConversationId, targetId);
        if (member is null)
        {
            return MemberNotFound;
        }

        if (!ModerationRules.CanModerate(grant.Role, member.Role))
        {
            return BelowYou;
        }

        if (await limits.TryTakeAsync(UserLimit.Moderation, grant.UserId) is { } tooFast)
        {
            return tooFast;
        }

        var lifted = await db.RoomTimeouts.Where(t => t.ConversationId == grant.ConversationId && t.UserId == targetId).ExecuteDeleteAsync();
        var updated = (await queries.GetMemberAsync(grant.ConversationId, targetId))!;
        if (lifted > 0)
        {
            await bus.PublishAsync(new MemberUpdated(grant.ConversationId, updated));
            await audit.RecordAsync(AuditActions.MemberTimeoutLifted, actor, AuditTarget.User(targetId, member.User.Username), $"In room {grant.ConversationId}");
        }

        return updated;
    }

    private static ApiError? Refusal(ConversationGrant grant) =>
        grant.Kind != ConversationKind.Room || !ModerationRules.MayModerateRoom(grant.Role) ? OnlyModerators : null;
}
