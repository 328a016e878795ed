using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Events;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;
using Parley.Infrastructure.Redis;
using StackExchange.Redis;

namespace Parley.Realtime;

/// <summary>
/// Presence across nodes when several share a Redis. Every third of <see cref="ParleyOptions.RedisOptions.NodeTimeoutSeconds"/>
/// this node sets its heartbeat key (parley:node:{id}, holding its connection count, expiring after the timeout) and
/// keeps its id in the set parley:nodes. Each beat it also looks at the others: a registered node whose key expired
/// is dead (a crash, kill -9, a lost network), and the first node to take the lock parley:reap:{id} (SET NX PX) publishes
/// one <see cref="NodeLost"/> for it and records when its people were last seen; every node then drops it from its
/// view. A node that joins the bus, or whose subscription comes back, sends its list of online users
/// (<see cref="NodePresence"/>) and the others answer with theirs, so it learns the present from events alone.
/// </summary>
public sealed partial class NodeHeartbeat(
    IConnectionMultiplexer redis,
    IEventBus bus,
    RedisEventBus redisBus,
    ConnectionRegistry connections,
    ClusterPresence cluster,
    NodeIdentity self,
    IOptions<ParleyOptions> options,
    PresenceRequests requests,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    ILogger<NodeHeartbeat> logger) : BackgroundService
{
    public static readonly RedisKey Nodes = RedisKeys.Of("nodes");

    private readonly TimeSpan _timeout = TimeSpan.FromSeconds(Math.Max(1, options.Value.Redis.NodeTimeoutSeconds));

    // Nodes this one holds people online on but that are no longer registered (Redis restarted and lost them): dead
    // once this node has seen no heartbeat from them for a whole timeout while connected itself.
    private readonly Dictionary<string, DateTimeOffset> _missingSince = [];

    private EventHandler<ConnectionFailedEventArgs>? _onRestored;

    // Set when the subscription comes back: what this node saw missing while it was away proves nothing.
    private volatile bool _forgetMissing;

    public static RedisKey HeartbeatKey(string node) => RedisKeys.Of("node", node);

    private static RedisKey ReapLock(string node) => RedisKeys.Of("reap", node);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _onRestored = (_, restored) => OnConnectionRestored(restored);
        redis.ConnectionRestored += _onRestored;
        await redisBus.Subscribed.WaitAsync(stoppingToken);
        await BeatAsync();
        await AnnounceAsync(reply: false);
        var answering = AnswerAsync(stoppingToken);
        using var timer = new PeriodicTimer(_timeout / 3, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await BeatAsync();
                await WatchOthersAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
            {
                // Redis is away (or this node is being torn down): the next beat tries again.
                LogBeatFailed(ex);
            }
        }

        await answering;
    }

    /// <summary>Another node joined or came back and asked who is online where: this node answers with its list.</summary>
    private async Task AnswerAsync(CancellationToken stoppingToken)
    {
        await foreach (var _ in requests.Reader.ReadAllAsync(stoppingToken))
        {
            await AnnounceAsync(reply: true);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_onRestored is not null)
        {
            redis.ConnectionRestored -= _onRestored;
        }

        await base.StopAsync(cancellationToken);
        try
        {
            // A node that leaves in good order says so: nobody waits for its heartbeat to expire.
            await bus.PublishAsync(new NodeLost(self.Id, clock.GetUtcNow().UtcDateTime), cancellationToken);
            var db = redis.GetDatabase();
            await db.KeyDeleteAsync(HeartbeatKey(self.Id));
            await db.SetRemoveAsync(Nodes, self.Id);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            LogBeatFailed(ex);
        }
    }

    private async Task BeatAsync()
    {
        var db = redis.GetDatabase();
        await db.StringSetAsync(HeartbeatKey(self.Id), connections.Count, _timeout);
        await db.SetAddAsync(Nodes, self.Id);
    }

    private async Task AnnounceAsync(bool reply)
    {
        var (online, version) = connections.PresenceSnapshot();
        await bus.PublishAsync(new NodePresence(self.Id, online, version, reply));
    }

    private async Task WatchOthersAsync(CancellationToken cancellationToken)
    {
        if (_forgetMissing)
        {
            _forgetMissing = false;
            _missingSince.Clear();
        }

        var db = redis.GetDatabase();
        var registered = (await db.SetMembersAsync(Nodes)).Select(n => n.ToString()).ToHashSet(StringComparer.Ordinal);
        var others = registered.Union(cluster.NodesWithUsers()).Where(n => n != self.Id).ToList();
        var beats = others.Count == 0 ? [] : await db.StringGetAsync([.. others.Select(HeartbeatKey)]);
        var now = clock.GetUtcNow();
        var otherConnections = 0;
        var dead = new List<string>();
        for (var i = 0; i < others.Count; i++)
        {
            var node = others[i];
            // An expired key reads as null, and RedisValue.TryParse takes null for 0 and succeeds: asked first, or a
            // dead node would pass for a live one without connections and never be reaped.
            if (!beats[i].IsNull && beats[i].TryParse(out int count))
            {
                otherConnections += count;
                _missingSince.Remove(node);
            }
            else if (registered.Contains(node))
            {
                dead.Add(node); // its key outlived no beat for a whole timeout: it is gone
            }
            else if (_missingSince.TryGetValue(node, out var since))
            {
                if (now - since >= _timeout)
                {
                    dead.Add(node);
                }
            }
            else
            {
                _missingSince[node] = now;
            }
        }

        cluster.SetOtherNodesConnections(otherConnections);
        foreach (var node in dead)
        {
            _missingSince.Remove(node);
            if (await db.StringSetAsync(ReapLock(node), self.Id, _timeout, When.NotExists))
            {
                await ReapAsync(node, now.UtcDateTime, cancellationToken);
                await db.SetRemoveAsync(Nodes, node);
            }
        }
    }

    private async Task ReapAsync(string node, DateTime now, CancellationToken cancellationToken)
    {
        var goneOffline = cluster.OnlyOn(node);
        LogNodeLost(node, goneOffline.Count);
        await bus.PublishAsync(new NodeLost(node, now), cancellationToken);
        if (goneOffline.Count > 0)
        {
            // What the dead node would have written as their connections closed, written once, by this node.
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
            await db.Users.Where(u => goneOffline.Contains(u.Id)).ExecuteUpdateAsync(u => u.SetProperty(x => x.LastSeenAt, now), cancellationToken);
        }
    }

    private void OnConnectionRestored(ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType != ConnectionType.Subscription)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                // The others may have declared this node dead meanwhile, and this node missed their changes: it
                // registers again, says who is online here, and hears from each of them in reply.
                _forgetMissing = true;
                await BeatAsync();
                await AnnounceAsync(reply: false);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
            {
                LogBeatFailed(ex);
            }
        });
    }

    [LoggerMessage(LogLevel.Warning, "The node heartbeat failed; trying again at the next beat")]
    private partial void LogBeatFailed(Exception ex);

    [LoggerMessage(LogLevel.Warning, "Node {Node} stopped beating: declared dead, {Users} people offline")]
    private partial void LogNodeLost(string node, int users);
}

/// <summary>
/// Hears other nodes ask for everyone's list of online users (a <see cref="NodePresence"/> that is not a reply) and
/// hands the request to <see cref="NodeHeartbeat"/>: handlers do not publish, and the heartbeat publishes the answer.
/// </summary>
public sealed class PresenceRequests(NodeIdentity self) : IEventSubscriber
{
    // One pending answer covers any number of requests: it is taken after all of them.
    private readonly Channel<bool> _requests = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public ChannelReader<bool> Reader => _requests.Reader;

    public Task HandleAsync(ChatEvent chatEvent, CancellationToken cancellationToken)
    {
        if (chatEvent is NodePresence { Reply: false } snapshot && snapshot.Node != self.Id)
        {
            _requests.Writer.TryWrite(true);
        }

        return Task.CompletedTask;
    }
}
