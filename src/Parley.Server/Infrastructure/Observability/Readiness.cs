using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Parley.Infrastructure.Data;
using StackExchange.Redis;

namespace Parley.Infrastructure.Observability;

/// <summary>
/// What /ready asks before a load balancer sends this node traffic: it is not shutting down, its database answers
/// with every migration applied, and (with several nodes) Redis answers. Each check says only which part fails, in
/// a sentence of its own: never an exception's text, which can carry host names and accounts.
/// </summary>
public static class Readiness
{
    public const string Tag = "ready";

    public const string Shutdown = "shutdown";

    public const string Database = "database";

    public const string Redis = "redis";

    /// <summary>A probe's answer stays good for this long, so a flood of /ready costs the database one query a second.</summary>
    internal static readonly TimeSpan ReuseFor = TimeSpan.FromSeconds(1);

    /// <summary>A check that has not answered by then fails: a probe must answer faster than a load balancer gives up.</summary>
    internal static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);
}

/// <summary>A stopping node answers 503 at once, so that load balancers send new connections elsewhere while it drains.</summary>
internal sealed class ShutdownCheck(ShutdownState shutdown) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(shutdown.IsStopping
            ? HealthCheckResult.Unhealthy("The server is shutting down.")
            : HealthCheckResult.Healthy());
}

/// <summary>The database answers a query, and the schema is the one this build expects (no migration pending).</summary>
internal sealed class DatabaseCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    private readonly Lock _lock = new();
    private Task<HealthCheckResult>? _last;
    private long _lastStartedAt;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_last is null || Stopwatch.GetElapsedTime(_lastStartedAt) > Readiness.ReuseFor)
            {
                _lastStartedAt = Stopwatch.GetTimestamp();
                // Not tied to one caller's cancellation: the answer is shared by every probe within the second.
                _last = CheckAsync();
            }

            return _last.WaitAsync(cancellationToken);
        }
    }

    private async Task<HealthCheckResult> CheckAsync()
    {
        using var timeout = new CancellationTokenSource(Readiness.CheckTimeout);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
            var pending = (await db.Database.GetPendingMigrationsAsync(timeout.Token)).Count();
            return pending == 0
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"The database is reachable but {pending} migration(s) are not applied yet.");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The exception goes to the log through the health check service; the answer names only the part.
            return HealthCheckResult.Unhealthy("The database cannot be reached.", ex);
        }
    }
}

/// <summary>With several nodes, Redis carries their events: a node that cannot reach it must not take connections.</summary>
internal sealed class RedisCheck(IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (services.GetService<IConnectionMultiplexer>() is not { } redis)
        {
            return HealthCheckResult.Unhealthy("Redis is configured but this node has no connection to it.");
        }

        try
        {
            await redis.GetDatabase().PingAsync().WaitAsync(Readiness.CheckTimeout, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("Redis cannot be reached.", ex);
        }
    }
}
