using Parley.Events;
using Parley.Infrastructure;

namespace Parley.Realtime;

/// <summary>
/// Who is online on any node: this node's connections (<see cref="ConnectionRegistry"/>, exact and immediate) and, for
/// the other nodes, a view kept by their presence events over the bus (<see cref="PresenceChanged"/>,
/// <see cref="NodePresence"/>, <see cref="NodeLost"/>). <see cref="IsOnline"/> is answered from memory: it is asked
/// inside queries (member lists) and must not wait on the network. With one node the view holds only this node.
/// </summary>
public sealed class ClusterPresence(ConnectionRegistry local, NodeIdentity self) : IPresence
{
    private readonly Lock _lock = new();

    // user → node → that node's latest transition for them; an offline entry stays to refuse a late online one.
    private readonly Dictionary<long, Dictionary<string, (bool Online, long Version)>> _byUser = [];
    private long _transitions;
    private int _otherNodesConnections;

    /// <summary>A person's change as everyone sees it (online on some node / on none); <see cref="Sequence"/> orders these.</summary>
    public readonly record struct Transition(long UserId, bool Online, long Sequence);

    public bool IsOnline(long userId)
    {
        if (local.IsOnline(userId))
        {
            return true;
        }

        lock (_lock)
        {
            return _byUser.TryGetValue(userId, out var nodes) && nodes.Any(n => n.Value.Online && n.Key != self.Id);
        }
    }

    public int ConnectionCount => local.Count + Volatile.Read(ref _otherNodesConnections);

    public int OnlineCount
    {
        get
        {
            var online = local.OnlineUsers().ToHashSet();
            lock (_lock)
            {
                foreach (var (userId, nodes) in _byUser)
                {
                    if (nodes.Any(n => n.Value.Online && n.Key != self.Id))
                    {
                        online.Add(userId);
                    }
                }
            }

            return online.Count;
        }
    }

    /// <summary>The other nodes' live connections, as their last heartbeats said.</summary>
    public void SetOtherNodesConnections(int count) => Volatile.Write(ref _otherNodesConnections, count);

    /// <summary>The nodes the view holds someone online on.</summary>
    public IReadOnlyList<string> NodesWithUsers()
    {
        lock (_lock)
        {
            return [.. _byUser.Values.SelectMany(n => n.Where(e => e.Value.Online).Select(e => e.Key)).Distinct()];
        }
    }

    /// <summary>The people online on <paramref name="node"/> and on no other node, this one included.</summary>
    public IReadOnlyList<long> OnlyOn(string node)
    {
        lock (_lock)
        {
            return [.. _byUser
                .Where(u => u.Value.TryGetValue(node, out var entry) && entry.Online && !u.Value.Any(n => n.Key != node && n.Value.Online))
                .Select(u => u.Key)
                .Where(userId => !local.IsOnline(userId))];
        }
    }

    public Transition? Apply(PresenceChanged change)
    {
        lock (_lock)
        {
            return Set(change.UserId, change.Node, change.Online, change.Version);
        }
    }

    /// <summary>Replaces what the view holds of a node with its own list; the changes that makes.</summary>
    public IReadOnlyList<Transition> Apply(NodePresence snapshot)
    {
        var changes = new List<Transition>();
        lock (_lock)
        {
            var online = snapshot.OnlineUserIds.ToHashSet();
            var heldOnline = _byUser.Where(u => u.Value.TryGetValue(snapshot.Node, out var e) && e.Online).Select(u => u.Key).ToList();
            foreach (var userId in online.Union(heldOnline))
            {
                if (Set(userId, snapshot.Node, online.Contains(userId), snapshot.Version, orEqual: true) is { } change)
                {
                    changes.Add(change);
                }
            }
        }

        return changes;
    }

    /// <summary>Forgets a dead node; the people who were online only there go offline.</summary>
    public IReadOnlyList<Transition> Apply(NodeLost lost)
    {
        var changes = new List<Transition>();
        lock (_lock)
        {
            foreach (var (userId, nodes) in _byUser.ToList())
            {
                var before = nodes.Values.Any(n => n.Online);
                if (nodes.Remove(lost.Node))
                {
                    var after = nodes.Values.Any(n => n.Online);
                    if (nodes.Count == 0)
                    {
                        _byUser.Remove(userId);
                    }

                    if (before != after)
                    {
                        changes.Add(new Transition(userId, after, ++_transitions));
                    }
                }
            }
        }

        return changes;
    }

    private Transition? Set(long userId, string node, bool online, long version, bool orEqual = false)
    {
        if (!_byUser.TryGetValue(userId, out var nodes))
        {
            _byUser[userId] = nodes = [];
        }

        if (nodes.TryGetValue(node, out var held) && (held.Version > version || (held.Version == version && !orEqual)))
        {
            return null; // late: the node has said something newer about this user
        }

        var before = nodes.Values.Any(n => n.Online);
        nodes[node] = (online, version);
        var after = nodes.Values.Any(n => n.Online);
        return before == after ? null : new Transition(userId, after, ++_transitions);
    }
}
