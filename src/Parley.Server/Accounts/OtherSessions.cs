using Microsoft.EntityFrameworkCore;
using Parley.Events;
using Parley.Infrastructure.Data;

namespace Parley.Accounts;

/// <summary>Ends an account's sessions after its password changed, and with them their live connections.</summary>
public sealed class OtherSessions(ParleyDb db, SessionStore sessions, IEventBus bus)
{
    /// <summary>Revokes every active session of the account but <paramref name="keep"/>; returns how many ended.</summary>
    public async Task<int> RevokeAsync(long userId, Guid? keep)
    {
        var active = await db.Sessions
            .Where(s => s.UserId == userId && s.RevokedAt == null && s.Id != keep)
            .Select(s => s.Id)
            .ToListAsync();
        foreach (var sessionId in active)
        {
            await sessions.RevokeAsync(sessionId);
            await bus.PublishAsync(new SessionRevoked(sessionId));
        }

        return active.Count;
    }
}
