using System.Threading.RateLimiting;

namespace Parley.Infrastructure.Redis;

/// <summary>
/// A fixed-window limiter for one partition of a per-address policy (sign-in, registration…) whose count lives in
/// Redis, so every node counts against one window. Plugs into ASP.NET Core's rate-limiting middleware, which first
/// tries <see cref="RateLimiter.AttemptAcquire"/> and, refused, awaits <see cref="RateLimiter.AcquireAsync"/>: the
/// synchronous attempt never blocks a thread on the network, it declines, and the asynchronous one asks Redis.
/// While Redis is unreachable the window is counted in this process instead (<see cref="SharedState"/>).
/// </summary>
public sealed class SharedWindowLimiter(SharedState shared, string key, int permits, TimeSpan window, FixedWindowRateLimiterOptions local) : RateLimiter
{
    private readonly FixedWindowRateLimiter _local = new(local);

    // The state is in Redis; only the in-process fallback has idle state worth keeping.
    public override TimeSpan? IdleDuration => _local.IdleDuration;

    public override RateLimiterStatistics? GetStatistics() => _local.GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Refused.NotYetAsked;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        if (permitCount == 0)
        {
            return Granted.Instance;
        }

        var answer = await shared.CountInWindowAsync(key, permits, window);
        if (!answer.Answered)
        {
            return _local.AttemptAcquire(permitCount);
        }

        return answer.Allowed ? Granted.Instance : new Refused(answer.Wait);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _local.Dispose();
        }

        base.Dispose(disposing);
    }

    private sealed class Granted : RateLimitLease
    {
        public static readonly Granted Instance = new();

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }

    private sealed class Refused(TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Refused NotYetAsked = new(null);

        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
