using Microsoft.AspNetCore.SignalR;
using Parley.Accounts;

namespace Parley.Realtime;

/// <summary>
/// The live hub connections on this node, by user and by session. Presence is derived from it: a user is online
/// while at least one connection (tab, device) is open.
/// </summary>
public sealed class ConnectionRegistry
{
    private readonly Dictionary<long, Dictionary<string, HubCallerContext>> _byUser = [];
    private readonly Lock _lock = new();

    /// <summary>Registers a connection; true when it is the user's first, i.e. the user just came online.</summary>
    public bool Add(HubCallerContext connection)
    {
        var userId = connection.User!.GetUserId();
        lock (_lock)
        {
            if (!_byUser.TryGetValue(userId, out var connections))
            {
                _byUser[userId] = connections = [];
            }

            connections[connection.ConnectionId] = connection;
            return connections.Count == 1;
        }
    }

    /// <summary>Forgets a connection; true when it was the user's last, i.e. the user just went offline.</summary>
    public bool Remove(HubCallerContext connection)
    {
        var userId = connection.User!.GetUserId();
        lock (_lock)
        {
            if (!_byUser.TryGetValue(userId, out var connections) || !connections.Remove(connection.ConnectionId))
            {
                return false;
            }

            if (connections.Count > 0)
            {
                return false;
            }

            _byUser.Remove(userId);
            return true;
        }
    }

    public bool IsOnline(long userId)
    {
        lock (_lock)
        {
            return _byUser.ContainsKey(userId);
        }
    }

    public IReadOnlyList<string> ConnectionIdsOf(long userId)
    {
        lock (_lock)
        {
            return _byUser.TryGetValue(userId, out var connections) ? [.. connections.Keys] : [];
        }
    }

    public IReadOnlyList<HubCallerContext> ConnectionsOfSession(Guid sessionId)
    {
        lock (_lock)
        {
            return [.. _byUser.Values.SelectMany(c => c.Values).Where(c => c.User!.GetSessionId() == sessionId)];
        }
    }
}
