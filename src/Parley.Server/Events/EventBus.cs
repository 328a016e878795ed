namespace Parley.Events;

/// <summary>
/// Carries events from the action that caused them to every node's handlers. Only this type knows how: in process
/// with one node (<see cref="InProcessEventBus"/>), over Redis with several (<see cref="RedisEventBus"/>).
/// </summary>
public interface IEventBus
{
    Task PublishAsync(ChatEvent chatEvent, CancellationToken cancellationToken = default);
}

/// <summary>Reacts to events on this node. Handlers must not publish: they deliver or invalidate.</summary>
public interface IEventSubscriber
{
    Task HandleAsync(ChatEvent chatEvent, CancellationToken cancellationToken);
}

/// <summary>This node's handlers, run one after the other in registration order (caches before delivery).</summary>
public sealed partial class LocalSubscribers(IEnumerable<IEventSubscriber> handlers, ILogger<LocalSubscribers> logger)
{
    private readonly IEventSubscriber[] _handlers = [.. handlers];

    public async Task RunAsync(ChatEvent chatEvent, CancellationToken cancellationToken)
    {
        foreach (var handler in _handlers)
        {
            try
            {
                await handler.HandleAsync(chatEvent, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The change is committed already; one failing handler must not keep the others from running.
                LogHandlerFailed(ex, handler.GetType().Name, chatEvent.GetType().Name);
            }
        }
    }

    [LoggerMessage(LogLevel.Error, "Event handler {Handler} failed on {Event}")]
    private partial void LogHandlerFailed(Exception ex, string handler, string @event);
}

/// <summary>One node: an event is handled in this process before the action that published it answers.</summary>
public sealed class InProcessEventBus(LocalSubscribers subscribers) : IEventBus
{
    public Task PublishAsync(ChatEvent chatEvent, CancellationToken cancellationToken = default) =>
        subscribers.RunAsync(chatEvent, cancellationToken);
}
