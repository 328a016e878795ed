using Microsoft.AspNetCore.SignalR;
using Parley.Accounts;

namespace Parley.Realtime;

/// <summary>
/// One live hub connection on this node and its outbound queue. Sending never waits for the client: a write the
/// transport takes at once (the usual case) costs nothing more; otherwise messages queue, in order, behind the
/// pending write. A client that falls <see cref="MaxQueuedMessages"/> behind is disconnected — it reconnects and
/// catches up with after=, while the room it was slowing goes on at full speed.
/// </summary>
public sealed partial class LocalConnection(HubConnectionContext context, ILogger logger)
{
    public const int MaxQueuedMessages = 1_000;

    private readonly Queue<SerializedHubMessage> _queue = new();
    private readonly Lock _lock = new();
    private bool _writing;
    private bool _aborted;

    public string ConnectionId => context.ConnectionId;

    public long UserId { get; } = context.User.GetUserId();

    public Guid? SessionId { get; } = context.User.GetSessionId();

    /// <summary>Messages waiting behind a write the client has not yet taken.</summary>
    public int Backlog
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    public void Send(SerializedHubMessage message)
    {
        lock (_lock)
        {
            if (_aborted)
            {
                return;
            }

            if (_writing)
            {
                if (_queue.Count >= MaxQueuedMessages)
                {
                    AbortTooSlow();
                    return;
                }

                _queue.Enqueue(message);
                Infrastructure.Observability.ParleyMetrics.OutboundEnqueued();
                return;
            }

            _writing = true;
        }

        Write(message);
    }

    public void Abort()
    {
        lock (_lock)
        {
            _aborted = true;
            Infrastructure.Observability.ParleyMetrics.OutboundDropped(_queue.Count);
            _queue.Clear();
        }

        context.Abort();
    }

    private void Write(SerializedHubMessage message)
    {
        // Loop while writes complete synchronously; hand over to an async drain at the first one that does not.
        while (true)
        {
            ValueTask write;
            try
            {
                write = context.WriteAsync(message, CancellationToken.None);
            }
            catch (Exception ex)
            {
                LogWriteFailed(ex, ConnectionId);
                Abort();
                return;
            }

            if (!write.IsCompletedSuccessfully)
            {
                _ = DrainAsync(write);
                return;
            }

            if (!TryDequeue(out message))
            {
                return;
            }
        }
    }

    private async Task DrainAsync(ValueTask pending)
    {
        try
        {
            await pending;
            while (TryDequeue(out var next))
            {
                await context.WriteAsync(next, CancellationToken.None);
            }
        }
        catch (Exception ex)
        {
            LogWriteFailed(ex, ConnectionId);
            Abort();
        }
    }

    private bool TryDequeue(out SerializedHubMessage message)
    {
        lock (_lock)
        {
            if (_aborted || !_queue.TryDequeue(out message!))
            {
                _writing = false;
                message = null!;
                return false;
            }

            Infrastructure.Observability.ParleyMetrics.OutboundDequeued();
            return true;
        }
    }

    private void AbortTooSlow()
    {
        LogTooSlow(ConnectionId, UserId, MaxQueuedMessages);
        Infrastructure.Observability.ParleyMetrics.SlowClientDisconnected();
        _aborted = true;
        Infrastructure.Observability.ParleyMetrics.OutboundDropped(_queue.Count);
        _queue.Clear();
        context.Abort();
    }

    [LoggerMessage(LogLevel.Information, "Disconnecting {ConnectionId} (user {UserId}): more than {Max} messages behind; it will catch up on reconnect")]
    private partial void LogTooSlow(string connectionId, long userId, int max);

    [LoggerMessage(LogLevel.Debug, "Writing to {ConnectionId} failed; closing it")]
    private partial void LogWriteFailed(Exception ex, string connectionId);
}
