using Microsoft.EntityFrameworkCore;
using Parley.Access;
using Parley.Events;
using Parley.Infrastructure.Data;

namespace Parley.Realtime;

/// <summary>
/// Coalesces presence: changes gather for <see cref="Window"/> and each person then gets one presenceChanged event
/// listing only the users they share a conversation with — a reconnect storm of 1,000 people in one room costs
/// about 1,000 events, not 1,000,000. Going offline is announced only after <see cref="OfflineGrace"/>, so a
/// connection that drops and comes straight back (a flaky network, a page reload) is not announced at all.
/// <para>
/// With several nodes each node tells its own connections, and what it tells is the person's state across nodes
/// (<see cref="ClusterPresence"/>): online on one node and then on a second is no change, offline on one while online on
/// another neither.
/// </para>
/// </summary>
public sealed partial class PresenceBroadcaster(
    ConnectionRegistry connections,
    ClusterPresence cluster,
    MembershipCache memberships,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    ILogger<PresenceBroadcaster> logger) : BackgroundService, IEventSubscriber
{
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan OfflineGrace = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private readonly Dictionary<long, (PresenceEntry Change, long Sequence, DateTimeOffset At)> _pending = [];
    private readonly Dictionary<long, (bool Online, long Sequence)> _announced = [];

    public Task HandleAsync(ChatEvent chatEvent, CancellationToken cancellationToken)
    {
        switch (chatEvent)
        {
            case PresenceChanged change:
                if (cluster.Apply(change) is { } transition)
                {
                    Pend(transition, change.LastSeenAt);
                }

                break;

            case NodePresence snapshot:
                foreach (var fromSnapshot in cluster.Apply(snapshot))
                {
                    Pend(fromSnapshot, clock.GetUtcNow().UtcDateTime);
                }

                break;

            case NodeLost lost:
                foreach (var fromLoss in cluster.Apply(lost))
                {
                    Pend(fromLoss, lost.LastSeenAt);
                }

                break;
        }

        return Task.CompletedTask;
    }

    private void Pend(ClusterPresence.Transition transition, DateTime? lastSeenAt)
    {
        lock (_lock)
        {
            // Transitions computed on concurrent threads can arrive here out of order: the newest one wins.
            var newest = Math.Max(
                _pending.TryGetValue(transition.UserId, out var pending) ? pending.Sequence : 0,
                _announced.TryGetValue(transition.UserId, out var announced) ? announced.Sequence : 0);
            if (transition.Sequence > newest)
            {
                var entry = new PresenceEntry(transition.UserId, transition.Online, transition.Online ? null : lastSeenAt);
                _pending[transition.UserId] = (entry, transition.Sequence, clock.GetUtcNow());
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Window);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await FlushAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFlushFailed(ex);
            }
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        var changes = new List<PresenceEntry>();
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            foreach (var (userId, (change, sequence, at)) in _pending.ToList())
            {
                if (!change.Online && now - at < OfflineGrace)
                {
                    continue; // may still come back
                }

                _pending.Remove(userId);
                var announcedOnline = _announced.TryGetValue(userId, out var announced) && announced.Online;
                if (announcedOnline != change.Online)
                {
                    changes.Add(change);
                }

                _announced[userId] = (change.Online, sequence);
            }
        }

        if (changes.Count == 0)
        {
            return;
        }

        var changedIds = changes.Select(c => c.UserId).ToList();
        List<(long UserId, long ConversationId)> shared;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
            shared = (await db.Memberships
                    .Where(m => changedIds.Contains(m.UserId))
                    .Select(m => new { m.UserId, m.ConversationId })
                    .ToListAsync(cancellationToken))
                .Select(m => (m.UserId, m.ConversationId))
                .ToList();
        }

        var byUser = changes.ToDictionary(c => c.UserId);
        var audience = new Dictionary<long, HashSet<long>>();
        foreach (var (userId, conversationId) in shared)
        {
            foreach (var member in (await memberships.GetAsync(conversationId)).Roles.Keys)
            {
                if (member != userId && connections.IsOnline(member))
                {
                    if (!audience.TryGetValue(member, out var about))
                    {
                        audience[member] = about = [];
                    }

                    about.Add(userId);
                }
            }
        }

        foreach (var (recipient, about) in audience)
        {
            await connections.User(recipient).presenceChanged(new PresenceChangedEvent([.. about.Select(id => byUser[id])]));
        }
    }

    [LoggerMessage(LogLevel.Error, "Announcing presence changes failed")]
    private partial void LogFlushFailed(Exception ex);
}
