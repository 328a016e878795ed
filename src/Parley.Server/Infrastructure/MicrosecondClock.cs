namespace Parley.Infrastructure;

/// <summary>
/// The server's clock, in whole microseconds: the precision PostgreSQL's timestamptz keeps (.NET counts 100 ns ticks,
/// SQLite's text keeps all seven digits). Every time the server stamps a row is then one that both providers store
/// exactly, so what a write returns (a message's createdAt, say) equals what every later read of it returns, on
/// either provider, without a conversion in each query or writer.
/// </summary>
public sealed class MicrosecondClock : TimeProvider
{
    public static MicrosecondClock Instance { get; } = new();

    private MicrosecondClock()
    {
    }

    public override DateTimeOffset GetUtcNow()
    {
        var now = TimeProvider.System.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
    }
}
