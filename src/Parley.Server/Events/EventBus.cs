namespace Parley.Events;

/// <summary>
/// Carries events from the action that caused them to every node's handlers. Only this type knows how:
/// in-process today; PostgreSQL LISTEN/NOTIFY (or a broker) when several nodes share the load.
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

public sealed partial class InProcessEventBus(IEnumerable<IEventSubscriber> handlers, ILogger<InProcessEventBus> logger) : IEventBus
{
    private readonly IEventSubscriber[] _handlers = [.. handlers];

    public async Task PublishAsync(ChatEvent chatEvent, CancellationToken cancellationToken = default)
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
