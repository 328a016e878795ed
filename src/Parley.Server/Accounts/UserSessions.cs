using Microsoft.EntityFrameworkCore;
using Parley.Events;
using Parley.Infrastructure.Data;

namespace Parley.Accounts;

/// <summary>One of the caller's sessions as the sessions list shows it; <c>Name</c> is a personal access token's.</summary>
public sealed record SessionDto(
    Guid Id, SessionKind Kind, string Browser, string Os, string? IpAddress, DateTime CreatedAt, DateTime LastActiveAt, DateTime ExpiresAt, bool Current, string? Name = null);

/// <summary>
/// A person's own sessions: listing them and signing them out. Every revocation is published as
/// <see cref="SessionRevoked"/>, which closes the session's live hub connections on every node and clears the
/// session caches, so the session's next request is refused however it arrives.
/// </summary>
public sealed class UserSessions(ParleyDb db, SessionStore sessions, IEventBus bus, TimeProvider clock)
{
    public async Task<List<SessionDto>> ListAsync(long userId, Guid? currentSessionId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var active = await db.Sessions.AsNoTracking()
            .Where(s => s.UserId == userId && s.RevokedAt == null && s.ExpiresAt > now)
            .ToListAsync(cancellationToken);
        return
        [
            .. active
                .Select(s =>
                {
                    var device = UserAgents.Describe(s.UserAgent);
                    return new SessionDto(s.Id, s.Kind, device.Browser, device.Os, s.IpAddress, s.CreatedAt, s.LastSeenAt, s.ExpiresAt, s.Id == currentSessionId, s.Name);
                })
                // The caller's own first, then the most recently used.
                .OrderByDescending(s => s.Current)
                .ThenByDescending(s => s.LastActiveAt),
        ];
    }

    /// <summary>False when the user has no such active session (another person's id looks the same as none).</summary>
    public async Task<bool> RevokeAsync(long userId, Guid sessionId)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var owned = await db.Sessions.AnyAsync(s => s.Id == sessionId && s.UserId == userId && s.RevokedAt == null && s.ExpiresAt > now);
        if (!owned)
        {
            return false;
        }

        await RevokeAllAsync([sessionId]);
        return true;
    }

    /// <summary>Signs out every active session of the user but <paramref name="keep"/>; only those of <paramref name="kind"/> when given.</summary>
    public async Task<int> RevokeOthersAsync(long userId, Guid? keep, SessionKind? kind = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var others = await db.Sessions
            .Where(s => s.UserId == userId && s.Id != keep && s.RevokedAt == null && s.ExpiresAt > now && (kind == null || s.Kind == kind))
            .Select(s => s.Id)
            .ToListAsync();
        await RevokeAllAsync(others);
        return others.Count;
    }

    private async Task RevokeAllAsync(IEnumerable<Guid> sessionIds)
    {
        foreach (var sessionId in sessionIds)
        {
            await sessions.RevokeAsync(sessionId);
            await bus.PublishAsync(new SessionRevoked(sessionId));
        }
    }
}
