using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Parley.Events;
using Parley.Infrastructure.Data;

namespace Parley.Accounts;

/// <summary>
/// Sessions behind every cookie and access token. Each request checks its session here (cached briefly), so a
/// revoked session stops working at once on this node and within the cache lifetime on others — sooner, since
/// the SessionRevoked event clears their caches too, and when that event may have been missed (the bus was away)
/// every cached session is read again.
/// </summary>
public sealed class SessionStore(IServiceScopeFactory scopes, IMemoryCache cache, TimeProvider clock) : IEventSubscriber, IDisposable
{
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(1);

    // Cancelled to drop every cached session at once: after the event bus was away, a SessionRevoked may have been missed.
    private CancellationTokenSource _generation = new();

    public async Task<UserSession> CreateAsync(long userId, SessionKind kind, TimeSpan lifetime, string? userAgent, string? ipAddress = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var session = new UserSession
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            Kind = kind,
            CreatedAt = now,
            LastSeenAt = now,
            ExpiresAt = now + lifetime,
            UserAgent = userAgent is { Length: > 256 } ? userAgent[..256] : userAgent,
            IpAddress = ipAddress,
        };
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        db.Sessions.Add(session);
        await db.SaveChangesAsync();
        return session;
    }

    public async ValueTask<bool> IsActiveAsync(Guid sessionId)
    {
        if (!cache.TryGetValue(Key(sessionId), out DateTime? expiresAt))
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
            var session = await db.Sessions
                .Where(s => s.Id == sessionId && s.RevokedAt == null)
                .Select(s => new { s.ExpiresAt, s.UserId })
                .FirstOrDefaultAsync();
            expiresAt = session?.ExpiresAt;
            Remember(sessionId, expiresAt);
            // "Last active" in the sessions list, to within the cache lifetime: one write a minute per busy session.
            await db.Sessions.Where(s => s.Id == sessionId && s.RevokedAt == null).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, clock.GetUtcNow().UtcDateTime));
            if (session is not null && session.ExpiresAt > clock.GetUtcNow().UtcDateTime)
            {
                await RecordActivityAsync(db, session.UserId);
            }
        }

        return expiresAt > clock.GetUtcNow().UtcDateTime;
    }

    /// <summary>
    /// Notes that the person used the server today, for the dashboard's active users per day. Every request and hub
    /// connection passes here on a cache miss, so it sees everyone who came; the cache makes it one insert per person
    /// per day on this node, and the key makes a second one (another node, a restart) change nothing.
    /// </summary>
    private async Task RecordActivityAsync(ParleyDb db, long userId)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var key = $"active:{userId}:{today.DayNumber}";
        if (cache.TryGetValue(key, out _))
        {
            return;
        }

        await db.Database.ExecuteSqlAsync($"INSERT INTO \"DailyActivity\" (\"Day\", \"UserId\") VALUES ({today}, {userId}) ON CONFLICT DO NOTHING");
        cache.Set(key, true, TimeSpan.FromDays(1));
    }

    /// <summary>Marks the session revoked; the caller publishes <see cref="SessionRevoked"/> so live connections end.</summary>
    public async Task RevokeAsync(Guid sessionId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Sessions.Where(s => s.Id == sessionId && s.RevokedAt == null).ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now));
        Remember(sessionId, null);
    }

    public Task HandleAsync(ChatEvent chatEvent, CancellationToken cancellationToken)
    {
        if (chatEvent is SessionRevoked revoked)
        {
            Remember(revoked.SessionId, null);
        }
        else if (chatEvent is CatchUpRequested)
        {
            Interlocked.Exchange(ref _generation, new CancellationTokenSource()).Cancel();
        }

        return Task.CompletedTask;
    }

    private void Remember(Guid sessionId, DateTime? expiresAt) =>
        cache.Set(Key(sessionId), expiresAt, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = CacheLifetime }
            .AddExpirationToken(new Microsoft.Extensions.Primitives.CancellationChangeToken(_generation.Token)));

    // An old generation is cancelled, not disposed: a Remember running at that moment may still read its token.
    public void Dispose() => _generation.Dispose();

    private static string Key(Guid sessionId) => $"session:{sessionId}";
}
