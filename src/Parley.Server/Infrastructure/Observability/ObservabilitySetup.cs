using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Net.Http.Headers;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Parley.Infrastructure.Observability;

/// <summary>
/// What operators and load balancers ask a node: /health (the process answers), /ready (it can serve: database,
/// Redis, not stopping), /metrics (Prometheus text), traces over OTLP when an endpoint is configured, and how long
/// a stop may take.
/// </summary>
public static class ObservabilitySetup
{
    public const string HealthPath = "/health";
    public const string ReadyPath = "/ready";
    public const string MetricsPath = "/metrics";

    /// <summary>The standard OpenTelemetry setting (environment variable or configuration key): where traces go.</summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(ParleyOptions.Section).Get<ParleyOptions>() ?? new ParleyOptions();

        // A stop (SIGTERM, Ctrl+C) waits this long for open requests and the message writer, then the process exits.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(Math.Max(1, options.Shutdown.TimeoutSeconds)));
        builder.Services.AddGracefulShutdown();

        builder.Services.AddSingleton<DatabaseCheck>();
        var checks = builder.Services.AddHealthChecks()
            .AddCheck<ShutdownCheck>(Readiness.Shutdown, tags: [Readiness.Tag])
            .AddCheck<DatabaseCheck>(Readiness.Database, tags: [Readiness.Tag], timeout: Readiness.CheckTimeout);
        if (Redis.RedisSetup.IsConfigured(builder.Configuration))
        {
            checks.AddCheck<RedisCheck>(Readiness.Redis, tags: [Readiness.Tag], timeout: Readiness.CheckTimeout);
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("parley", serviceInstanceId: Environment.MachineName + "-" + Environment.ProcessId));
        if (options.Metrics.Enabled)
        {
            telemetry.WithMetrics(metrics => metrics
                .AddMeter(ParleyMetrics.MeterName)
                // Kestrel, hosting (request durations by route), SignalR's connections, routing and rate limiting.
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());
        }

        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointSetting]))
        {
            // The exporter reads the endpoint, protocol and headers from the standard OTEL_EXPORTER_OTLP_* settings.
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(aspnet => aspnet.Filter = http => !IsProbe(http.Request.Path))
                .AddOtlpExporter());
        }

        return builder;
    }

    public static WebApplication MapObservability(this WebApplication app)
    {
        // Liveness: the process answers. Nothing it depends on is asked, so a database outage never gets a healthy
        // process restarted by its supervisor; that is what /ready is for.
        app.MapHealthChecks(HealthPath, new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(Readiness.Tag),
            ResponseWriter = WriteReadinessAsync,
        }).AllowAnonymous();

        var metrics = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ParleyOptions>>().Value.Metrics;
        if (metrics.Enabled)
        {
            var allowed = (metrics.AllowedNetworks ?? ["127.0.0.0/8", "::1/128"]).Select(ParseNetwork).ToList();
            app.MapPrometheusScrapingEndpoint(MetricsPath, meterProvider: null, configureBranchedPipeline: branch => branch.Use(async (http, next) =>
            {
                if (MayReadMetrics(http, allowed))
                {
                    await next(http);
                    return;
                }

                await ApiError.Forbidden("metrics_not_allowed", "Metrics are only available to the addresses in Parley:Metrics:AllowedNetworks.").ToProblem().ExecuteAsync(http);
            }), optionsName: null).AllowAnonymous();
        }

        return app;
    }

    /// <summary>
    /// A stopping node takes no new hub connections while it drains: a client that reconnects is sent elsewhere (503
    /// shutting_down, as a load balancer is by /ready) rather than attached to a node about to go. Open connections
    /// are closed by SignalR once the drains are done (ApplicationStopping), and their clients reconnect elsewhere.
    /// Plain HTTP requests are still served.
    /// </summary>
    public static WebApplication UseShutdownGate(this WebApplication app)
    {
        var shutdown = app.Services.GetRequiredService<ShutdownState>();
        app.Use(async (http, next) =>
        {
            if (shutdown.IsStopping && IsWebSocketUpgrade(http))
            {
                await (new ApiError(StatusCodes.Status503ServiceUnavailable, "shutting_down", "This server is shutting down. Connect again in a moment.") with { RetryAfter = TimeSpan.FromSeconds(1) })
                    .ToProblem().ExecuteAsync(http);
                return;
            }

            await next(http);
        });
        return app;
    }

    /// <summary>
    /// The client's address as the trusted proxies report it must be in an allowed network. A request that still
    /// carries X-Forwarded-For came through a proxy Parley does not trust (say nginx on this machine before
    /// Parley:Proxy is set): its loopback address is the proxy's, not the scraper's, so it is refused.
    /// </summary>
    private static bool MayReadMetrics(HttpContext http, IReadOnlyList<System.Net.IPNetwork> allowed)
    {
        if (http.Request.Headers.ContainsKey("X-Forwarded-For") || http.Connection.RemoteIpAddress is not { } address)
        {
            return false;
        }

        var client = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return allowed.Any(network => network.Contains(client));
    }

    private static System.Net.IPNetwork ParseNetwork(string text) =>
        System.Net.IPNetwork.TryParse(text.Trim(), out var network)
            ? network
            : throw new InvalidOperationException($"Parley:Metrics:AllowedNetworks has \"{text}\", which is not a network in CIDR notation (like 10.0.0.0/24).");

    /// <summary>
    /// Read from the request itself: the WebSocket feature (http.WebSockets) is only attached further down the
    /// pipeline. HTTP/1.1 asks with Upgrade: websocket, HTTP/2 with an extended CONNECT.
    /// </summary>
    private static bool IsWebSocketUpgrade(HttpContext http) =>
        http.Request.Headers.Upgrade.Any(value => string.Equals(value, "websocket", StringComparison.OrdinalIgnoreCase))
        || http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpExtendedConnectFeature>()?.IsExtendedConnect == true;

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments(HealthPath) || path.StartsWithSegments(ReadyPath) || path.StartsWithSegments(MetricsPath);

    /// <summary>200 with each check's status, or 503 as a problem (code not_ready) that names the failing parts.</summary>
    private static async Task WriteReadinessAsync(HttpContext http, HealthReport report)
    {
        var checks = report.Entries.ToDictionary(
            entry => entry.Key,
            entry => new ReadinessCheck(JsonNamingPolicy.CamelCase.ConvertName(entry.Value.Status.ToString()), entry.Value.Description));
        http.Response.Headers[HeaderNames.CacheControl] = "no-store";
        if (report.Status == HealthStatus.Healthy)
        {
            await TypedResults.Json(new ReadinessReport("ready", checks)).ExecuteAsync(http);
            return;
        }

        var failing = report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).Select(e => e.Value.Description ?? e.Key);
        var problem = new ApiError(StatusCodes.Status503ServiceUnavailable, "not_ready", $"This node is not ready: {string.Join(" ", failing)}").ToProblem();
        problem.ProblemDetails.Title = "Not ready";
        problem.ProblemDetails.Extensions["checks"] = checks;
        await problem.ExecuteAsync(http);
    }

    private sealed record ReadinessReport(string Status, IReadOnlyDictionary<string, ReadinessCheck> Checks);

    private sealed record ReadinessCheck(string Status, string? Description);
}
