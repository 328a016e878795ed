namespace Parley.Events;

/// <summary>
/// Who is online now. Implemented by the realtime layer (its live connections); features ask through this so that
/// they never depend on the hub, and several nodes can later answer it from shared state.
/// </summary>
public interface IPresence
{
    bool IsOnline(long userId);

    /// <summary>Live connections now (tabs, devices, bots), for the admin dashboard.</summary>
    int ConnectionCount { get; }

    /// <summary>People with at least one live connection now.</summary>
    int OnlineCount { get; }
}
