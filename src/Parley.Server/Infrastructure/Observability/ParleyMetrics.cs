using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Parley.Infrastructure.Observability;

/// <summary>
/// Parley's own instruments, exported at /metrics with ASP.NET Core's and the runtime's (<see cref="ObservabilitySetup"/>).
/// Static, so that each feature reports with one line and without a new dependency; a process is one node, so one set
/// of instruments is that node's. No instrument carries a user, a conversation or an address: /metrics says how the
/// node is doing, never who is doing what.
/// </summary>
public static class ParleyMetrics
{
    public const string MeterName = "Parley";

    private static readonly Meter Meter = new(MeterName);

    private static readonly UpDownCounter<long> Connections = Meter.CreateUpDownCounter<long>(
        "parley.connections", "{connection}", "Live hub connections on this node.");

    private static readonly Counter<long> MessagesAccepted = Meter.CreateCounter<long>(
        "parley.messages.accepted", "{message}", "Messages this node's writer stored and acknowledged (a resend of a stored message is not counted again).");

    private static readonly Histogram<double> DeliveryDuration = Meter.CreateHistogram(
        "parley.message.delivery.duration", "s", "From a message's commit time (its createdAt) until this node has handed it to every connection of the conversation.",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });

    private static readonly Histogram<int> CommitBatchSize = Meter.CreateHistogram(
        "parley.commit.batch.size", "{message}", "Messages the writer committed in one transaction.",
        tags: null, advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256] });

    private static readonly Histogram<double> CommitDuration = Meter.CreateHistogram(
        "parley.commit.duration", "s", "How long the writer took to commit a batch and answer its senders.",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });

    private static readonly UpDownCounter<long> OutboundQueued = Meter.CreateUpDownCounter<long>(
        "parley.outbound.queued", "{message}", "Messages waiting in connections' send queues behind a write their client has not taken yet.");

    private static readonly Counter<long> SlowDisconnects = Meter.CreateCounter<long>(
        "parley.outbound.slow_disconnects", "{connection}", "Connections closed because their client fell too far behind (they reconnect and catch up).");

    private static readonly Counter<long> RateLimitRefusals = Meter.CreateCounter<long>(
        "parley.rate_limit.refusals", "{request}", "Requests and hub calls refused by a rate limit, by the limit's name.");

    public static void ConnectionOpened() => Connections.Add(1);

    public static void ConnectionClosed() => Connections.Add(-1);

    public static void MessagesStored(int count) => MessagesAccepted.Add(count);

    /// <summary>A message has reached this node's send queues; its createdAt is when the writer committed it.</summary>
    public static void MessageDelivered(DateTime createdAtUtc)
    {
        // Another node's clock may run a little ahead of this one's: a negative latency means "immediately".
        var latency = DateTime.UtcNow - DateTime.SpecifyKind(createdAtUtc, DateTimeKind.Utc);
        DeliveryDuration.Record(Math.Max(0, latency.TotalSeconds));
    }

    /// <summary>Times one batch of the writer from here to the end of the <c>using</c> that holds the result.</summary>
    public static CommitMeasurement MeasureCommit(int batchSize) => new(batchSize, Stopwatch.GetTimestamp());

    public static void OutboundEnqueued() => OutboundQueued.Add(1);

    public static void OutboundDequeued() => OutboundQueued.Add(-1);

    /// <summary>A connection's queue was emptied without being sent (the connection closed).</summary>
    public static void OutboundDropped(int count) => OutboundQueued.Add(-count);

    public static void SlowClientDisconnected() => SlowDisconnects.Add(1);

    public static void RateLimited(string limit) => RateLimitRefusals.Add(1, new KeyValuePair<string, object?>("limit", limit));

    public readonly struct CommitMeasurement(int batchSize, long startedAt) : IDisposable
    {
        public void Dispose()
        {
            CommitBatchSize.Record(batchSize);
            CommitDuration.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds);
        }
    }
}
