using Microsoft.EntityFrameworkCore;
using Parley.Events;
using Parley.Infrastructure.Data;

namespace Parley.Realtime;

/// <summary>
/// After the event bus was away (<see cref="CatchUpRequested"/>), this node may have missed what other nodes did
/// meanwhile: a session signed out, a member removed or banned, someone added to a conversation. Live connections
/// act on those events only, so each is checked again against the database: a connection whose session has ended
/// is closed, and every other one hears exactly the conversations its user is a member of now. Without this, a
/// removed member would go on receiving a private room's messages live until they reconnected.
/// </summary>
internal sealed partial class ConnectionAudit(ConnectionRegistry connections, IServiceScopeFactory scopes, TimeProvider clock, ILogger<ConnectionAudit> logger) : IEventSubscriber
{
    // Large enough to be few queries on a busy node, small enough for PostgreSQL's and SQLite's parameter limits.
    private const int ChunkSize = 500;

    public async Task HandleAsync(ChatEvent chatEvent, CancellationToken cancellationToken)
    {
        if (chatEvent is not CatchUpRequested)
        {
            return;
        }

        var snapshot = connections.Snapshot();
        var (closed, changed) = (0, 0);
        var ended = new HashSet<Guid>();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        foreach (var chunk in snapshot.Chunk(ChunkSize))
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var sessionIds = chunk.Select(c => c.SessionId).OfType<Guid>().Distinct().ToList();
            var liveSessions = (await db.Sessions
                .Where(s => sessionIds.Contains(s.Id) && s.RevokedAt == null && s.ExpiresAt > now)
                .Select(s => s.Id)
                .ToListAsync(cancellationToken)).ToHashSet();
            var userIds = chunk.Select(c => c.UserId).Distinct().ToList();
            var memberships = (await db.Memberships
                .Where(m => userIds.Contains(m.UserId))
                .Select(m => new { m.UserId, m.ConversationId })
                .ToListAsync(cancellationToken)).ToLookup(m => m.UserId, m => m.ConversationId);

            foreach (var connection in chunk)
            {
                if (connection.SessionId is { } sessionId && !liveSessions.Contains(sessionId))
                {
                    // One abort closes every connection of the session (tabs), wherever they fall in the chunks.
                    if (ended.Add(sessionId))
                    {
                        connections.AbortSession(sessionId);
                    }

                    closed++;
                    continue;
                }

                if (connections.Reconcile(connection, memberships[connection.UserId].ToHashSet()))
                {
                    changed++;
                }
            }
        }

        LogAudited(snapshot.Count, closed, changed);
    }

    [LoggerMessage(LogLevel.Information, "Checked {Connections} live connections after the event bus was away: {Closed} closed (session ended), {Changed} hear other conversations now")]
    private partial void LogAudited(int connections, int closed, int changed);
}
