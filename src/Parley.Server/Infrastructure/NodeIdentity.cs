using System.Globalization;

namespace Parley.Infrastructure;

/// <summary>
/// This process among the nodes of one Parley: names its presence entries and log lines. New on every start, so a
/// restarted node is never mistaken for the one that died.
/// </summary>
public sealed class NodeIdentity
{
    // The random part also tells apart nodes that share a process (the tests start several in one).
    public string Id { get; } = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
}
