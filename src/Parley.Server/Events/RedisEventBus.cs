using System.Text.Json;
using Parley.Infrastructure;
using Parley.Infrastructure.Redis;
using StackExchange.Redis;

namespace Parley.Events;

/// <summary>
/// Several nodes: every event goes to one Redis pub/sub channel, and each node runs its own handlers on what the
/// others published. The publishing node runs its handlers at once, as with one node, so an action's caches are current
/// and its own connections told before it answers; it skips its own events when they come back from Redis.
/// <para>
/// Order: Redis delivers one publisher's messages on one channel in the order they were sent, and this node sends
/// them in the order they were published, so every node sees each node's events in that node's order (a
/// conversation's messages, sent by one node's writer, in commit order). Events of two nodes may interleave
/// differently on different nodes; clients order messages by id and changes by ChangeSeq.
/// </para>
/// <para>
/// Redis down: an event is never held or lost for it. It is delivered here as always and, when the subscription comes
/// back, this node's connections catch up (<see cref="CatchUpRequested"/>: they may have missed other nodes' events),
/// and if some of this node's events did not reach Redis, every other node's connections are asked to catch up too.
/// </para>
/// </summary>
public sealed partial class RedisEventBus(
    IConnectionMultiplexer redis,
    LocalSubscribers subscribers,
    NodeIdentity node,
    ILogger<RedisEventBus> logger) : BackgroundService, IEventBus
{
    public static readonly RedisChannel Channel = RedisChannel.Literal(RedisKeys.Of("events"));

    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private EventHandler<ConnectionFailedEventArgs>? _onRestored;

    // 1 while some event published here may not have reached the other nodes.
    private int _unsent;

    /// <summary>Completes once this node hears the other nodes' events.</summary>
    public Task Subscribed => _subscribed.Task;

    public async Task PublishAsync(ChatEvent chatEvent, CancellationToken cancellationToken = default)
    {
        // Handed to Redis first, so that Redis carries this node's events in the order its handlers see them.
        Send(chatEvent);
        await subscribers.RunAsync(chatEvent, cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _onRestored = (_, restored) => OnConnectionRestored(restored);
        redis.ConnectionRestored += _onRestored;
        var subscriber = redis.GetSubscriber();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A queue hands messages over one at a time, in the order they came: a handler callback would run them
                // concurrently. The multiplexer subscribes again by itself after every reconnect.
                var queue = await subscriber.SubscribeAsync(Channel);
                queue.OnMessage(ReceiveAsync);
                _subscribed.TrySetResult();
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // Redis is not there yet: this node works alone (its events reach its own connections) until it is.
                LogSubscribeFailed(ex);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    public override void Dispose()
    {
        if (_onRestored is not null)
        {
            redis.ConnectionRestored -= _onRestored;
        }

        base.Dispose();
    }

    private void Send(ChatEvent chatEvent)
    {
        try
        {
            if (!redis.IsConnected)
            {
                // Not queued for later: after an outage the others catch up from the database instead, and an event
                // delivered late could undo a newer state (a typing signal, a presence change) that came meanwhile.
                Interlocked.Exchange(ref _unsent, 1);
                return;
            }

            var sent = redis.GetSubscriber().PublishAsync(Channel, JsonSerializer.SerializeToUtf8Bytes(new Envelope(node.Id, chatEvent), ChatEventJson.Options));
            _ = sent.ContinueWith(
                failed => OnSendFailed(failed.Exception!),
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
        catch (Exception ex) when (ex is RedisException or ObjectDisposedException)
        {
            OnSendFailed(ex);
        }
    }

    private void OnSendFailed(Exception ex)
    {
        LogSendFailed(ex);
        Interlocked.Exchange(ref _unsent, 1);
        if (redis.IsConnected)
        {
            // It failed although Redis is back already: no restore is coming to ask the others to catch up.
            RequestCatchUpElsewhere();
        }
    }

    private void OnConnectionRestored(ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType != ConnectionType.Subscription)
        {
            return;
        }

        LogRestored(e.EndPoint?.ToString());
        _ = Task.Run(async () =>
        {
            // This node heard nothing from the others meanwhile: its connections read again what they may have missed.
            await subscribers.RunAsync(new CatchUpRequested(), CancellationToken.None);
            RequestCatchUpElsewhere();
        });
    }

    private void RequestCatchUpElsewhere()
    {
        if (Interlocked.Exchange(ref _unsent, 0) == 1)
        {
            Send(new CatchUpRequested());
        }
    }

    private async Task ReceiveAsync(ChannelMessage message)
    {
        Envelope envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<Envelope>((byte[])message.Message!, ChatEventJson.Options)
                ?? throw new JsonException("An envelope was null.");
        }
        catch (JsonException ex)
        {
            // A node of another version shares the bus (during an upgrade): what this one cannot read it cannot act on.
            LogUnreadable(ex);
            return;
        }

        if (envelope.Node != node.Id)
        {
            await subscribers.RunAsync(envelope.Event, CancellationToken.None);
        }
    }

    private sealed record Envelope(string Node, ChatEvent Event);

    [LoggerMessage(LogLevel.Warning, "Subscribing to the event bus failed; retrying")]
    private partial void LogSubscribeFailed(Exception ex);

    [LoggerMessage(LogLevel.Warning, "An event did not reach the event bus; the other nodes' connections will catch up")]
    private partial void LogSendFailed(Exception ex);

    [LoggerMessage(LogLevel.Information, "The event bus subscription is back ({EndPoint}); this node's connections catch up")]
    private partial void LogRestored(string? endPoint);

    [LoggerMessage(LogLevel.Error, "An event from the bus could not be read")]
    private partial void LogUnreadable(Exception ex);
}
