namespace Parley.Messages;

/// <summary>
/// Keeps one connection's messages in the order it sent them while several of its sends are in flight at once.
/// The hub lets a connection run calls in parallel so that one sender's messages can share a group commit instead
/// of waiting a disk flush each; each send takes a turn as it arrives and enters the writer's queue only after the
/// send before it has been queued or refused, so history shows them as they were typed.
/// </summary>
public sealed class SendOrder
{
    private readonly Lock _lock = new();
    private Task _last = Task.CompletedTask;

    /// <summary>Called in arrival order (SignalR starts a connection's calls one after another).</summary>
    public SendTurn Next()
    {
        lock (_lock)
        {
            var turn = new SendTurn(_last);
            _last = turn.Released;
            return turn;
        }
    }
}

/// <summary>One send's place in its connection's order. Released once the message is queued for storage or refused.</summary>
public sealed class SendTurn : IDisposable
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal SendTurn(Task previous) => Previous = previous;

    /// <summary>Completes when the send before this one has been queued or refused; it never fails.</summary>
    public Task Previous { get; }

    internal Task Released => _released.Task;

    public void Release() => _released.TrySetResult();

    public void Dispose() => Release();
}
