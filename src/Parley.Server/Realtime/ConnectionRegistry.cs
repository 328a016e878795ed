using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Parley.Events;

namespace Parley.Realtime;

/// <summary>
/// The live hub connections on this node: by user, by session and by conversation. It is how events reach
/// people — one serialization per event, then a non-blocking send to each connection (see
/// <see cref="LocalConnection"/>) — and what presence is derived from: a user is online while at least one
/// of their connections (tabs, devices) is active.
/// </summary>
public sealed class ConnectionRegistry(ILogger<LocalConnection> connectionLogger)
{
    private readonly ConcurrentDictionary<string, Entry> _connections = new();
    private readonly Dictionary<long, List<LocalConnection>> _byUser = [];

    // Numbers each user's online/offline transitions, so listeners can tell a late event from a newer one.
    private long _presenceVersion;

    private readonly ConcurrentDictionary<long, Audience> _byConversation = new();
    private readonly Lock _lock = new();

    /// <summary>Called by the lifetime manager as the connection opens, before the hub sees it.</summary>
    public void Attach(HubConnectionContext context) =>
        _connections[context.ConnectionId] = new Entry(new LocalConnection(context, connectionLogger));

    /// <summary>
    /// The hub has loaded the connection's conversations: it starts receiving their events, unless its user already
    /// holds <paramref name="maxPerUser"/> active connections here. <see cref="Activation.CameOnline"/> when it is the
    /// user's first, i.e. the user just came online; <paramref name="presenceVersion"/> then orders this transition
    /// among the user's others.
    /// </summary>
    public Activation Activate(string connectionId, IEnumerable<long> conversationIds, int maxPerUser, out long presenceVersion)
    {
        presenceVersion = 0;
        if (!_connections.TryGetValue(connectionId, out var entry))
        {
            return Activation.Gone;
        }

        lock (_lock)
        {
            if (entry.Active)
            {
                return Activation.Activated;
            }

            if (!_byUser.TryGetValue(entry.Connection.UserId, out var mine))
            {
                _byUser[entry.Connection.UserId] = mine = [];
            }

            if (mine.Count >= maxPerUser)
            {
                return Activation.TooMany;
            }

            foreach (var conversationId in conversationIds)
            {
                JoinLocked(entry, conversationId);
            }

            entry.Active = true;
            mine.Add(entry.Connection);
            if (mine.Count > 1)
            {
                return Activation.Activated;
            }

            presenceVersion = ++_presenceVersion;
            return Activation.CameOnline;
        }
    }

    /// <summary>Forgets a connection; true when it was the user's last active one, i.e. the user just went offline.</summary>
    public bool Remove(string connectionId) => Remove(connectionId, out _);

    /// <inheritdoc cref="Remove(string)"/>
    public bool Remove(string connectionId, out long presenceVersion)
    {
        presenceVersion = 0;
        if (!_connections.TryRemove(connectionId, out var entry))
        {
            return false;
        }

        lock (_lock)
        {
            foreach (var conversationId in entry.Conversations)
            {
                LeaveLocked(entry.Connection, conversationId);
            }

            if (!entry.Active || !_byUser.TryGetValue(entry.Connection.UserId, out var mine))
            {
                return false;
            }

            mine.Remove(entry.Connection);
            if (mine.Count > 0)
            {
                return false;
            }

            _byUser.Remove(entry.Connection.UserId);
            presenceVersion = ++_presenceVersion;
            return true;
        }
    }

    /// <summary>The user's connections on this node start (or stop) receiving a conversation's events.</summary>
    public void Join(long userId, long conversationId) => ForUser(userId, entry => JoinLocked(entry, conversationId));

    public void Leave(long userId, long conversationId) => ForUser(userId, entry =>
    {
        if (entry.Conversations.Remove(conversationId))
        {
            entry.Changes++;
            LeaveLocked(entry.Connection, conversationId);
        }
    });

    /// <summary>Every active connection here: whose, by which session, and a mark of the conversations it hears now.</summary>
    public IReadOnlyList<ConnectionSnapshot> Snapshot()
    {
        lock (_lock)
        {
            return [.. _connections.Values.Where(e => e.Active).Select(e => new ConnectionSnapshot(e.Connection.ConnectionId, e.Connection.UserId, e.Connection.SessionId, e.Changes))];
        }
    }

    /// <summary>
    /// Makes the connection hear exactly <paramref name="conversationIds"/> (read from the database after
    /// <paramref name="snapshot"/> was taken): conversations it lost while this node heard no events are dropped, ones
    /// it gained are added. A join or leave that reached the connection since the snapshot is newer than that read,
    /// so then nothing is changed. True when something was.
    /// </summary>
    public bool Reconcile(ConnectionSnapshot snapshot, IReadOnlySet<long> conversationIds)
    {
        lock (_lock)
        {
            if (!_connections.TryGetValue(snapshot.ConnectionId, out var entry) || !entry.Active || entry.Changes != snapshot.Changes)
            {
                return false;
            }

            foreach (var gone in entry.Conversations.Where(id => !conversationIds.Contains(id)).ToList())
            {
                entry.Conversations.Remove(gone);
                entry.Changes++;
                LeaveLocked(entry.Connection, gone);
            }

            foreach (var conversationId in conversationIds)
            {
                JoinLocked(entry, conversationId);
            }

            return entry.Changes != snapshot.Changes;
        }
    }

    /// <summary>Nobody here hears from the conversation any more (it was deleted).</summary>
    public void Forget(long conversationId)
    {
        lock (_lock)
        {
            if (_byConversation.TryRemove(conversationId, out var audience))
            {
                foreach (var connection in audience.Snapshot())
                {
                    if (_connections.TryGetValue(connection.ConnectionId, out var entry) && entry.Conversations.Remove(conversationId))
                    {
                        entry.Changes++;
                    }
                }
            }
        }
    }

    public bool IsOnline(long userId)
    {
        lock (_lock)
        {
            return _byUser.ContainsKey(userId);
        }
    }

    public IReadOnlyList<long> OnlineUsers()
    {
        lock (_lock)
        {
            return [.. _byUser.Keys];
        }
    }

    /// <summary>Who is online here, and how many presence transitions this node has made up to that list.</summary>
    public (IReadOnlyList<long> OnlineUserIds, long Version) PresenceSnapshot()
    {
        lock (_lock)
        {
            return ([.. _byUser.Keys], _presenceVersion);
        }
    }

    public int Count => _connections.Count;

    /// <summary>The connections here that follow a conversation, as the client contract (typed events, one serialization each).</summary>
    public IChatClient Conversation(long conversationId) => new Recipients(() => ConversationConnections(conversationId));

    /// <summary>Like <see cref="Conversation(long)"/>, only to the connections of users that <paramref name="include"/> accepts.</summary>
    public IChatClient Conversation(long conversationId, Func<long, bool> include) =>
        new Recipients(() => [.. ConversationConnections(conversationId).Where(c => include(c.UserId))]);

    /// <summary>Every connection of one user here (their tabs and devices).</summary>
    public IChatClient User(long userId) => new Recipients(() =>
    {
        lock (_lock)
        {
            return _byUser.TryGetValue(userId, out var mine) ? [.. mine] : [];
        }
    });

    /// <summary>
    /// The user's own connections here and those of everyone sharing one of <paramref name="conversationIds"/> with
    /// them, each once however many of those conversations it follows.
    /// </summary>
    public IChatClient UserAndCoMembers(long userId, IReadOnlyList<long> conversationIds) => new Recipients(() =>
    {
        var audience = new HashSet<LocalConnection>();
        lock (_lock)
        {
            if (_byUser.TryGetValue(userId, out var mine))
            {
                audience.UnionWith(mine);
            }
        }

        foreach (var conversationId in conversationIds)
        {
            audience.UnionWith(ConversationConnections(conversationId));
        }

        return [.. audience];
    });

    private LocalConnection[] ConversationConnections(long conversationId) =>
        _byConversation.TryGetValue(conversationId, out var audience) ? audience.Snapshot() : [];

    /// <summary>Every connection on this node.</summary>
    public IChatClient All() => new Recipients(() => [.. _connections.Values.Select(e => e.Connection)]);

    public void AbortSession(Guid sessionId)
    {
        foreach (var entry in _connections.Values.Where(e => e.Connection.SessionId == sessionId))
        {
            entry.Connection.Abort();
        }
    }

    /// <summary>
    /// The typed contract on top of this node's delivery: each event method of <see cref="IChatClient"/> becomes one
    /// invocation, serialized once and queued to every recipient without waiting for any of them. Only here does a
    /// payload become an untyped argument, on its way into SignalR's message.
    /// </summary>
    private sealed class Recipients(Func<LocalConnection[]> resolve) : IChatClient
    {
        public Task ready(ReadyEvent ready) => Send(nameof(ready), ready);

        public Task messageReceived(MessageDto message) => Send(nameof(messageReceived), message);

        public Task messageEdited(MessageDto message) => Send(nameof(messageEdited), message);

        public Task messageDeleted(MessageDto message) => Send(nameof(messageDeleted), message);

        public Task reactionsChanged(MessageDto message) => Send(nameof(reactionsChanged), message);

        public Task pinsChanged(MessageDto message) => Send(nameof(pinsChanged), message);

        public Task typing(TypingEvent typing) => Send(nameof(typing), typing);

        public Task presenceChanged(PresenceChangedEvent presence) => Send(nameof(presenceChanged), presence);

        public Task memberJoined(MemberJoinedEvent joined) => Send(nameof(memberJoined), joined);

        public Task memberLeft(MemberLeftEvent left) => Send(nameof(memberLeft), left);

        public Task memberUpdated(MemberUpdatedEvent updated) => Send(nameof(memberUpdated), updated);

        public Task roomUpdated(RoomUpdatedEvent room) => Send(nameof(roomUpdated), room);

        public Task roomDeleted(RoomDeletedEvent deleted) => Send(nameof(roomDeleted), deleted);

        public Task conversationStateChanged(ConversationStateDto state) => Send(nameof(conversationStateChanged), state);

        public Task readReceipt(ReadReceiptEvent receipt) => Send(nameof(readReceipt), receipt);

        public Task settingsChanged(UserSettingsDto settings) => Send(nameof(settingsChanged), settings);

        public Task userUpdated(UserUpdatedEvent updated) => Send(nameof(userUpdated), updated);

        public Task reportFiled(ReportDto report) => Send(nameof(reportFiled), report);

        public Task reportClosed(ReportDto report) => Send(nameof(reportClosed), report);

        public Task resync(ResyncEvent resync) => Send(nameof(resync), resync);

        private Task Send<T>(string method, T payload) where T : notnull
        {
            var connections = resolve();
            if (connections.Length > 0)
            {
                // Serialized once, on first use, and shared by every connection speaking the same protocol.
                var message = new SerializedHubMessage(new InvocationMessage(method, [payload]));
                foreach (var connection in connections)
                {
                    connection.Send(message);
                }
            }

            return Task.CompletedTask;
        }
    }

    private void ForUser(long userId, Action<Entry> action)
    {
        lock (_lock)
        {
            foreach (var entry in _connections.Values.Where(e => e.Connection.UserId == userId))
            {
                action(entry);
            }
        }
    }

    private void JoinLocked(Entry entry, long conversationId)
    {
        if (entry.Conversations.Add(conversationId))
        {
            entry.Changes++;
            _byConversation.GetOrAdd(conversationId, _ => new Audience()).Add(entry.Connection);
        }
    }

    private void LeaveLocked(LocalConnection connection, long conversationId)
    {
        if (_byConversation.TryGetValue(conversationId, out var audience) && audience.Remove(connection) == 0)
        {
            _byConversation.TryRemove(KeyValuePair.Create(conversationId, audience));
        }
    }

    /// <summary>
    /// Who hears one conversation on this node. Changes are cheap (a set add or remove, under the registry's lock);
    /// a fan-out reads an array that is rebuilt only on the first send after a change. A copy per change instead
    /// would make a reconnect storm into a big room quadratic: 5,000 joins copying arrays of up to 5,000.
    /// </summary>
    private sealed class Audience
    {
        private readonly HashSet<LocalConnection> _connections = [];
        private LocalConnection[]? _snapshot;

        public void Add(LocalConnection connection)
        {
            lock (_connections)
            {
                if (_connections.Add(connection))
                {
                    _snapshot = null;
                }
            }
        }

        /// <summary>Removes the connection; returns how many are left.</summary>
        public int Remove(LocalConnection connection)
        {
            lock (_connections)
            {
                if (_connections.Remove(connection))
                {
                    _snapshot = null;
                }

                return _connections.Count;
            }
        }

        public LocalConnection[] Snapshot()
        {
            if (Volatile.Read(ref _snapshot) is { } snapshot)
            {
                return snapshot;
            }

            lock (_connections)
            {
                return _snapshot ??= [.. _connections];
            }
        }
    }

    private sealed class Entry(LocalConnection connection)
    {
        public LocalConnection Connection { get; } = connection;

        public HashSet<long> Conversations { get; } = [];

        public bool Active { get; set; }

        /// <summary>Counts joins and leaves, so a re-check read before one of them does not undo it.</summary>
        public long Changes { get; set; }
    }
}

/// <summary>A connection as <see cref="ConnectionRegistry.Snapshot"/> saw it.</summary>
public sealed record ConnectionSnapshot(string ConnectionId, long UserId, Guid? SessionId, long Changes);

public enum Activation
{
    /// <summary>The connection receives its conversations' events; the user was online already.</summary>
    Activated,

    /// <summary>As <see cref="Activated"/>, and it is the user's first connection: they just came online.</summary>
    CameOnline,

    /// <summary>Refused: the user holds as many connections as one account may.</summary>
    TooMany,

    /// <summary>The connection closed before it could start.</summary>
    Gone,
}
