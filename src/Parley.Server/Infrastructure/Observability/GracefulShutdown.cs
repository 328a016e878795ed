namespace Parley.Infrastructure.Observability;

/// <summary>
/// Work that must be finished while the node still answers: it runs as the stop begins, before the web server stops
/// listening, so that meanwhile /ready answers 503 (the load balancer sends others elsewhere) and new hub connections
/// are turned away (<see cref="ObservabilitySetup.UseShutdownGate"/>). The message writer registers its drain here: what
/// it accepted is committed, and published to the other nodes, before anything else goes.
/// </summary>
public static class GracefulShutdown
{
    /// <summary>Runs <paramref name="drain"/> on the service as the node starts to stop (within the shutdown timeout).</summary>
    public static IServiceCollection DrainBeforeStopping<TService>(this IServiceCollection services, Func<TService, CancellationToken, Task> drain) where TService : notnull
    {
        services.AddSingleton(sp => new ShutdownDrain(typeof(TService).Name, cancellationToken => drain(sp.GetRequiredService<TService>(), cancellationToken)));
        return services;
    }

    internal static IServiceCollection AddGracefulShutdown(this IServiceCollection services) =>
        services.AddSingleton<ShutdownState>().AddHostedService<ShutdownDrains>();
}

/// <summary>
/// Whether this node has begun to stop. A stop by signal (SIGTERM, Ctrl+C) fires ApplicationStopping first; a stop
/// by the host (StopAsync) fires it only after the drains: either one counts from its first moment.
/// </summary>
public sealed class ShutdownState(IHostApplicationLifetime lifetime)
{
    private volatile bool _draining;

    public bool IsStopping => _draining || lifetime.ApplicationStopping.IsCancellationRequested;

    internal void BeginDraining() => _draining = true;

    public const string Code = "shutting_down";

    /// <summary>503 shutting_down for <paramref name="what"/> ("Sending the message"): refused, not failed, so worth sending again.</summary>
    public static ApiError Refusal(string what) =>
        new(StatusCodes.Status503ServiceUnavailable, Code, $"{what} was refused because this server is shutting down; nothing was stored. Try again in a moment.")
        {
            RetryAfter = TimeSpan.FromSeconds(1),
        };
}

/// <summary>
/// Thrown by a part that takes no new work once the node is stopping (the message writer after its drain began):
/// nothing was stored, and the caller hears <see cref="ShutdownState.Refusal"/>, which tells it to send again in a
/// moment, by when its client has reconnected to another node.
/// </summary>
public sealed class ServerStoppingException() : InvalidOperationException("The server is shutting down; nothing was stored.");

internal sealed record ShutdownDrain(string Name, Func<CancellationToken, Task> DrainAsync);

/// <summary>
/// The host stops the web server first (hosted services stop in the reverse of their start order, and the server
/// starts last), so a drain in StopAsync would run with the port already closed; the stopping phase comes before
/// any StopAsync, while the server still listens and open hub connections still receive their acknowledgements.
/// </summary>
internal sealed partial class ShutdownDrains(IEnumerable<ShutdownDrain> drains, ShutdownState state, ILogger<ShutdownDrains> logger) : IHostedLifecycleService
{
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        state.BeginDraining();
        foreach (var drain in drains)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await drain.DrainAsync(cancellationToken);
            LogDrained(drain.Name, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Information, "Shutting down: {Name} drained in {Milliseconds:F0} ms")]
    private partial void LogDrained(string name, double milliseconds);
}
