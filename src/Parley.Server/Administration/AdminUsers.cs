using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Parley.Access;
using Parley.Accounts;
using Parley.Audit;
using Parley.Events;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;

namespace Parley.Administration;

/// <summary>
/// The console's accounts: finding and viewing them, and what an administrator does to one. Every method takes the
/// <see cref="AdministratorGrant"/> that <see cref="SiteAccess"/> issued, and every change is written to the audit log.
/// </summary>
public sealed class AdminUsers(
    ParleyDb db,
    UserManager<User> users,
    UserSessions sessions,
    Administrators administrators,
    PasswordRecovery recovery,
    IPresence presence,
    AuditLog audit,
    TimeProvider clock)
{
    public const int MaxSearchLength = 256;
    public const int MaxLimit = 100;

    public static readonly ApiError UserNotFound = ApiError.NotFound("user_not_found", "There is no account with this id.");

    public static readonly ApiError CannotDeactivateSelf = ApiError.BadRequest("cannot_deactivate_self",
        "You cannot deactivate your own account: another administrator can.");

    public static readonly ApiError NoEmail = ApiError.Conflict("no_email", "This account has no email address to send a reset link to.");

    public async Task<Result<AdminPage<AdminUserRow>>> SearchAsync(AdministratorGrant administrator, string? q, int? offset, int? limit, CancellationToken cancellationToken)
    {
        if (q is not null && q.Length > MaxSearchLength)
        {
            return Paging.TooLong("q", MaxSearchLength);
        }

        var (skip, take) = Paging.Window(offset, limit, MaxLimit);
        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var needle = q.Trim().TrimStart('@');
            var upper = needle.ToUpperInvariant();
            var lower = needle.ToLowerInvariant();
#pragma warning disable CA1862 // Lower-casing both sides is the form every provider translates.
            query = query.Where(u => u.NormalizedUserName!.Contains(upper) || u.NormalizedEmail!.Contains(upper) || u.DisplayName.ToLower().Contains(lower));
#pragma warning restore CA1862
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await query
            .OrderBy(u => u.NormalizedUserName)
            .Skip(skip)
            .Take(take)
            .Select(u => new { u.Id, u.UserName, u.DisplayName, u.Email, u.CreatedAt, u.LastSeenAt, u.IsAdmin, u.DeactivatedAt })
            .ToListAsync(cancellationToken);
        var items = rows
            .Select(u => new AdminUserRow(u.Id, u.UserName!, u.DisplayName, u.Email, u.CreatedAt, u.LastSeenAt, presence.IsOnline(u.Id), u.IsAdmin, u.DeactivatedAt))
            .ToList();
        return new AdminPage<AdminUserRow>(items, total, skip, take);
    }

    public async Task<Result<AdminUserDetail>> GetAsync(AdministratorGrant administrator, long userId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var detail = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new
            {
                u.Id,
                u.UserName,
                u.DisplayName,
                u.Email,
                u.EmailConfirmed,
                u.CreatedAt,
                u.LastSeenAt,
                u.IsAdmin,
                u.DeactivatedAt,
                u.TwoFactorEnabled,
                // A session's last request is the better "last seen" while they are online or use the API only.
                LastRequest = db.Sessions.Where(s => s.UserId == u.Id).Max(s => (DateTime?)s.LastSeenAt),
                ActiveSessions = db.Sessions.Count(s => s.UserId == u.Id && s.RevokedAt == null && s.ExpiresAt > now),
                Rooms = db.Memberships.Count(m => m.UserId == u.Id && m.Conversation!.Kind == ConversationKind.Room),
                Messages = db.Messages.Count(m => m.AuthorId == u.Id && m.Kind == MessageKind.Text && m.DeletedAt == null),
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (detail is null)
        {
            return UserNotFound;
        }

        var lastSeen = detail.LastRequest > detail.LastSeenAt || detail.LastSeenAt is null ? detail.LastRequest : detail.LastSeenAt;
        return new AdminUserDetail(detail.Id, detail.UserName!, detail.DisplayName, detail.Email, detail.EmailConfirmed, detail.CreatedAt, lastSeen,
            presence.IsOnline(detail.Id), detail.IsAdmin, detail.DeactivatedAt, detail.TwoFactorEnabled, detail.ActiveSessions, detail.Rooms, detail.Messages);
    }

    /// <summary>
    /// Stops the account: it cannot sign in (CredentialCheck), and every session ends now, closing its live
    /// connections so that others see it go offline at once. Not oneself: the last administrator could lock the
    /// server, and whoever deactivates another is an active administrator, so one always remains.
    /// </summary>
    public async Task<Result<AdminUserDetail>> DeactivateAsync(AdministratorGrant administrator, long userId, AuditActor actor)
    {
        if (userId == administrator.UserId)
        {
            return CannotDeactivateSelf;
        }

        var user = await db.Users.Where(u => u.Id == userId).Select(u => new { u.UserName, u.DeactivatedAt }).FirstOrDefaultAsync();
        if (user is null)
        {
            return UserNotFound;
        }

        if (user.DeactivatedAt is null)
        {
            // The flag first, then the sessions: a sign-in racing this finds the flag, or has a session that is ended.
            var now = clock.GetUtcNow().UtcDateTime;
            await db.Users.Where(u => u.Id == userId && u.DeactivatedAt == null).ExecuteUpdateAsync(u => u.SetProperty(x => x.DeactivatedAt, now));
            var ended = await sessions.RevokeOthersAsync(userId, keep: null);
            await audit.RecordAsync(AuditActions.UserDeactivated, actor, AuditTarget.User(userId, user.UserName), SessionsEnded(ended));
        }

        return await GetAsync(administrator, userId);
    }

    public async Task<Result<AdminUserDetail>> ReactivateAsync(AdministratorGrant administrator, long userId, AuditActor actor)
    {
        var user = await db.Users.Where(u => u.Id == userId).Select(u => new { u.UserName, u.DeactivatedAt }).FirstOrDefaultAsync();
        if (user is null)
        {
            return UserNotFound;
        }

        if (user.DeactivatedAt is not null)
        {
            await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.DeactivatedAt, (DateTime?)null));
            await audit.RecordAsync(AuditActions.UserReactivated, actor, AuditTarget.User(userId, user.UserName));
        }

        return await GetAsync(administrator, userId);
    }

    /// <summary>
    /// For an account that may be in the wrong hands: the password stops working, every session ends, and the owner
    /// of the address gets a reset link (the usual one: an hour, single use) to choose a new one.
    /// </summary>
    public async Task<Result<AdminUserDetail>> ForcePasswordResetAsync(AdministratorGrant administrator, long userId, Uri publicBaseUrl, AuditActor actor)
    {
        var user = await users.FindByIdAsync(userId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (user is null)
        {
            return UserNotFound;
        }

        if (string.IsNullOrEmpty(user.Email))
        {
            return NoEmail;
        }

        // Removing the password changes the security stamp, so the link is made after it (a link made before would
        // be refused) and any older reset link stops working.
        if (await users.HasPasswordAsync(user))
        {
            await users.RemovePasswordAsync(user);
        }

        await recovery.SendResetLinkAsync(user, publicBaseUrl);
        var ended = await sessions.RevokeOthersAsync(userId, keep: null);
        await audit.RecordAsync(AuditActions.UserPasswordResetForced, actor, AuditTarget.User(userId, user.UserName), SessionsEnded(ended));
        return await GetAsync(administrator, userId);
    }

    public async Task<Result<SessionsEndedDto>> SignOutEverywhereAsync(AdministratorGrant administrator, long userId, AuditActor actor)
    {
        var userName = await db.Users.Where(u => u.Id == userId).Select(u => u.UserName).FirstOrDefaultAsync();
        if (userName is null)
        {
            return UserNotFound;
        }

        var ended = await sessions.RevokeOthersAsync(userId, keep: null);
        await audit.RecordAsync(AuditActions.UserSignedOutEverywhere, actor, AuditTarget.User(userId, userName), SessionsEnded(ended));
        return new SessionsEndedDto(ended);
    }

    /// <summary>Grants or revokes the role through <see cref="Administrators"/>, which refuses to leave the server without one and audits.</summary>
    public async Task<Result<AdminUserDetail>> SetAdministratorAsync(AdministratorGrant administrator, long userId, SetAdministratorRequest request, AuditActor actor)
    {
        if (request.IsAdmin is not { } isAdmin)
        {
            return ApiError.Validation(new ValidationErrors().Add("isAdmin", "Say whether the account is an administrator: true or false."));
        }

        var user = await users.FindByIdAsync(userId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (user is null)
        {
            return UserNotFound;
        }

        var set = await administrators.SetAsync(user, isAdmin, actor);
        return set.IsSuccess ? await GetAsync(administrator, userId) : set.Error!;
    }

    private static string SessionsEnded(int count) => count == 1 ? "1 session ended" : $"{count} sessions ended";
}

/// <summary>Offset paging of the console's lists, with the same caps everywhere.</summary>
internal static class Paging
{
    public const int MaxOffset = 1_000_000;

    public static (int Skip, int Take) Window(int? offset, int? limit, int maxLimit) =>
        (Math.Clamp(offset ?? 0, 0, MaxOffset), Math.Clamp(limit ?? 25, 1, maxLimit));

    public static ApiError TooLong(string field, int length) =>
        ApiError.Validation(new ValidationErrors().Add(field, $"At most {length} characters."), $"Search with at most {length} characters.");
}
