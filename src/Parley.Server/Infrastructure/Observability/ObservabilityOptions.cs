namespace Parley.Infrastructure.Observability;

/// <summary>Who may read /metrics (Parley:Metrics).</summary>
public sealed class MetricsOptions
{
    /// <summary>False: /metrics answers 404 and nothing is exported for Prometheus.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Networks (CIDR) whose clients may read /metrics, judged on the client's address as the trusted proxies
    /// (Parley:Proxy) report it. Null (not set): this machine only (127.0.0.0/8 and ::1/128).
    /// </summary>
    public List<string>? AllowedNetworks { get; set; }
}

/// <summary>How a node stops (Parley:Shutdown).</summary>
public sealed class ShutdownOptions
{
    /// <summary>
    /// How long a stop may take: open requests finish and the message writer commits what it accepted within it;
    /// what is still running after it is abandoned (a send not yet acknowledged, which its client sends again).
    /// </summary>
    public int TimeoutSeconds { get; set; } = 15;
}
