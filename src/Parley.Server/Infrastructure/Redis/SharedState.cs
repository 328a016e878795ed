using System.Globalization;
using StackExchange.Redis;

namespace Parley.Infrastructure.Redis;

/// <summary>
/// What a shared counter answered: <see cref="Answered"/> false when Redis could not be asked (the caller then counts
/// in this process); otherwise <see cref="Wait"/> is zero when the permit was taken, or how long until one is free.
/// </summary>
public readonly record struct SharedAnswer(bool Answered, TimeSpan Wait)
{
    public static readonly SharedAnswer Unanswered = new(false, TimeSpan.Zero);

    public bool Allowed => Answered && Wait == TimeSpan.Zero;
}

/// <summary>
/// Rate limits and failure counts that every node sees, kept in Redis. Each check is one Lua script, so reading,
/// deciding and writing is one atomic step however many nodes race for the last permit, and the time is Redis's own
/// clock, so nodes whose clocks differ still agree. Registered only when Redis is configured.
/// <para>
/// When Redis cannot be reached the answer is <see cref="SharedAnswer.Unanswered"/> and the caller falls back to its
/// in-process count: a chat that stops serving because its limiter's store is down would turn a Redis outage into a
/// full one, while counting per node for a while only multiplies the allowance by the number of nodes. A warning is
/// logged when the outage starts and a note when it ends, not one per request.
/// </para>
/// </summary>
public sealed partial class SharedState(IConnectionMultiplexer redis, ILogger<SharedState> logger)
{
    // A token bucket refilled continuously: the state is the tokens left and when they were counted. A full bucket
    // needs no key, so the key expires once the bucket would be full again.
    private const string TokenBucketScript = """
        local burst = tonumber(ARGV[1])
        local interval = tonumber(ARGV[2])
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
        local tokens = tonumber(state[1])
        local at = tonumber(state[2])
        if tokens == nil or at == nil then
          tokens = burst
          at = now
        end
        if now > at then
          tokens = math.min(burst, tokens + (now - at) / interval)
        end
        if tokens > burst then
          tokens = burst
        end
        if tokens >= 1 then
          tokens = tokens - 1
          redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
          redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) * interval) + 1000)
          return 0
        end
        return math.max(1, math.ceil((1 - tokens) * interval))
        """;

    // A fixed window: the first permit starts it, the key's expiry ends it.
    private const string WindowScript = """
        local count = redis.call('INCR', KEYS[1])
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl < 0 then
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          ttl = tonumber(ARGV[2])
        end
        if count <= tonumber(ARGV[1]) then
          return 0
        end
        return math.max(1, ttl)
        """;

    // Failures counted towards a lockout: each counted failure keeps the count for the lockout's duration again, and
    // once the limit is reached nothing more is counted, so the lockout ends one duration after the failure that
    // reached it. Answers the count including this failure.
    private const string FailureScript = """
        local count = tonumber(redis.call('GET', KEYS[1]) or '0')
        if count < tonumber(ARGV[1]) then
          redis.call('SET', KEYS[1], count + 1, 'PX', ARGV[2])
        end
        return count + 1
        """;

    private int _unreachable;

    /// <summary>Takes a token from the bucket at <paramref name="key"/>: <paramref name="burst"/> at most, refilled at <paramref name="perMinute"/>.</summary>
    public async ValueTask<SharedAnswer> TakeTokenAsync(string key, int burst, int perMinute)
    {
        var interval = 60_000d / Math.Max(1, perMinute);
        var answer = await EvaluateAsync(TokenBucketScript, key, Math.Max(1, burst), interval.ToString("R", CultureInfo.InvariantCulture));
        return answer is { } wait ? new SharedAnswer(true, TimeSpan.FromMilliseconds(wait)) : SharedAnswer.Unanswered;
    }

    /// <summary>Counts one permit in the fixed window at <paramref name="key"/>; refused past <paramref name="permits"/> until the window ends.</summary>
    public async ValueTask<SharedAnswer> CountInWindowAsync(string key, int permits, TimeSpan window)
    {
        var answer = await EvaluateAsync(WindowScript, key, Math.Max(1, permits), Milliseconds(window));
        return answer is { } wait ? new SharedAnswer(true, TimeSpan.FromMilliseconds(wait)) : SharedAnswer.Unanswered;
    }

    /// <summary>Counts a failure towards a lockout of <paramref name="duration"/>; the failures so far including this one, null when Redis could not be asked.</summary>
    public async ValueTask<long?> CountFailureAsync(string key, int limit, TimeSpan duration) =>
        await EvaluateAsync(FailureScript, key, Math.Max(1, limit), Milliseconds(duration));

    /// <summary>Stores <paramref name="value"/> for one taker at most, for <paramref name="lifetime"/>; false when Redis could not be asked.</summary>
    public async ValueTask<bool> PutOnceAsync(string key, string value, TimeSpan lifetime)
    {
        if (!redis.IsConnected)
        {
            return Unreachable(null);
        }

        try
        {
            await redis.GetDatabase().StringSetAsync(key, value, lifetime);
            return Reachable(true);
        }
        catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException)
        {
            return Unreachable(ex);
        }
    }

    /// <summary>
    /// The value at <paramref name="key"/>, removed in the same step (GETDEL), so two takers racing on two nodes
    /// cannot both have it. Answered false when Redis could not be asked.
    /// </summary>
    public async ValueTask<(bool Answered, string? Value)> TakeOnceAsync(string key)
    {
        if (!redis.IsConnected)
        {
            return (Unreachable(null), null);
        }

        try
        {
            var value = await redis.GetDatabase().StringGetDeleteAsync(key);
            return (Reachable(true), value.HasValue ? value.ToString() : null);
        }
        catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException)
        {
            return (Unreachable(ex), null);
        }
    }

    private async ValueTask<long?> EvaluateAsync(string script, string key, int limit, string argument)
    {
        // While the multiplexer is reconnecting a command would wait in its backlog for the whole timeout; a request
        // must not wait seconds for a limit, so a disconnected Redis is answered at once.
        if (!redis.IsConnected)
        {
            Unreachable(null);
            return null;
        }

        try
        {
            var result = await redis.GetDatabase().ScriptEvaluateAsync(script, [key], [limit, argument]);
            Reachable(true);
            return (long)result;
        }
        catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException)
        {
            Unreachable(ex);
            return null;
        }
    }

    private static string Milliseconds(TimeSpan span) => Math.Max(1, (long)Math.Ceiling(span.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);

    private bool Unreachable(Exception? ex)
    {
        if (Interlocked.Exchange(ref _unreachable, 1) == 0)
        {
            LogUnreachable(ex);
        }

        return false;
    }

    private bool Reachable(bool result)
    {
        if (Interlocked.Exchange(ref _unreachable, 0) == 1)
        {
            LogReachable();
        }

        return result;
    }

    [LoggerMessage(LogLevel.Warning, "Redis is unreachable: rate limits, lockouts and passkey ceremonies are counted and kept in this node only until it is back")]
    private partial void LogUnreachable(Exception? ex);

    [LoggerMessage(LogLevel.Information, "Redis is reachable again: rate limits, lockouts and passkey ceremonies are shared by all nodes again")]
    private partial void LogReachable();
}
