using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Parley.Infrastructure.Redis;

namespace Parley.Infrastructure;

/// <summary>Rate-limit policies and their registration side by side, so a policy name never drifts from its definition.</summary>
public static class RateLimits
{
    public const string SignIn = "sign-in";
    public const string Registration = "registration";
    public const string DataExports = "data-exports";

    public static WebApplicationBuilder AddRateLimits(this WebApplicationBuilder builder)
    {
        var limits = (builder.Configuration.GetSection(ParleyOptions.Section).Get<ParleyOptions>() ?? new ParleyOptions()).RateLimits;
        // Per address, for the requests made before anyone is signed in.
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(SignIn, http => PerWindow(http, SignIn, ClientAddress(http), limits.SignInPerMinute, TimeSpan.FromMinutes(1)));
            limiter.AddPolicy(Registration, http => PerWindow(http, Registration, ClientAddress(http), limits.RegistrationsPerHour, TimeSpan.FromHours(1)));
            // Per signed-in user: an export reads everything the user ever wrote and uploaded.
            limiter.AddPolicy(DataExports, http => PerWindow(http, DataExports,
                http.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? ClientAddress(http), limits.DataExportsPerHour, TimeSpan.FromHours(1)));
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                Observability.ParleyMetrics.RateLimited(context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute>()?.PolicyName ?? "per-address");
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
                await (ApiError.TooManyRequests("rate_limited", $"Too many attempts. Wait {Seconds(wait)} seconds and try again.") with { RetryAfter = wait })
                    .ToProblem().ExecuteAsync(context.HttpContext);
            };
        });
        // Per signed-in user, for everything they can do over HTTP or the hub.
        builder.Services.AddSingleton<UserRateLimiter>();
        // Several nodes: the counts live in Redis, so a client gets one allowance however the balancer spreads it.
        if (RedisSetup.IsConfigured(builder.Configuration))
        {
            builder.Services.AddSingleton<SharedState>();
        }

        return builder;
    }

    /// <summary>
    /// A fixed window of <paramref name="permits"/> per <paramref name="window"/> for one partition of a policy: in this
    /// process on one node, in Redis (shared by every node) when Redis is configured.
    /// </summary>
    public static RateLimitPartition<string> PerWindow(HttpContext http, string policy, string partition, int permits, TimeSpan window) =>
        http.RequestServices.GetService<SharedState>() is { } shared
            ? RateLimitPartition.Get(partition, key => new SharedWindowLimiter(shared, RedisKeys.Of("window", policy, key), permits, window, Window(permits, window)))
            : RateLimitPartition.GetFixedWindowLimiter(partition, _ => Window(permits, window));

    /// <summary>
    /// The endpoint takes one permit of <paramref name="limit"/> from the caller's allowance before it runs; without
    /// one it answers 429 rate_limited with Retry-After. For signed-in endpoints only (it partitions by user).
    /// </summary>
    public static TBuilder RequireUserLimit<TBuilder>(this TBuilder builder, UserLimit limit) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            // Anonymous endpoints (sign-in, registration) are limited per address instead.
            if (http.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value is not { } id)
            {
                return await next(context);
            }

            var userId = long.Parse(id, CultureInfo.InvariantCulture);
            if (await http.RequestServices.GetRequiredService<UserRateLimiter>().TryTakeAsync(limit, userId) is { } refused)
            {
                return refused.ToProblem();
            }

            return await next(context);
        });

    internal static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) =>
        new() { PermitLimit = Math.Max(1, permits), Window = window, QueueLimit = 0 };

    /// <summary>
    /// Who is asking, as far as an address tells: the client's address (behind a trusted proxy, the one it
    /// forwarded). An IPv6 client gets a whole /64 network from its provider, so the network counts as one client;
    /// otherwise every address in it would be a fresh allowance.
    /// </summary>
    internal static string ClientAddress(HttpContext http)
    {
        if (http.Connection.RemoteIpAddress is not { } address)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var network = address.GetAddressBytes();
        Array.Clear(network, 8, 8);
        return new System.Net.IPAddress(network) + "/64";
    }
}

/// <summary>What a signed-in person can do only so often. Each has a burst and a sustained rate (ParleyOptions.RateLimits).</summary>
public enum UserLimit
{
    /// <summary>Every API request and hub call of a signed-in user: a ceiling over everything, the others come on top.</summary>
    Requests,

    Messages,
    RoomsCreated,
    JoinsAndLeaves,
    InvitesCreated,
    Searches,

    /// <summary>Edits and deletes of messages.</summary>
    MessageChanges,

    Reactions,
    Pins,

    /// <summary>Per user and conversation: several tabs typing in one conversation share it.</summary>
    Typing,

    /// <summary>Per user and room: wrong and right guesses alike, so that no interleaving of requests gets more.</summary>
    RoomPasswordGuesses,

    /// <summary>Joining a room by its name: each asks the database for a name, found or not.</summary>
    RoomLookups,

    /// <summary>Pinning and hiding conversations in one's list: each reaches every device of the user.</summary>
    ListChanges,

    /// <summary>Display name, status and picture changes: each is announced to everyone who shares a conversation with the user.</summary>
    ProfileChanges,
    /// <summary>GIF searches and trending pages (each may reach the provider).</summary>
    GifSearches,

    /// <summary>Files uploaded: each is written to disk and checked, an image is decoded.</summary>
    Uploads,

    /// <summary>Looking at and signing out one's sessions: each revocation reaches every node.</summary>
    Sessions,

    /// <summary>Admin console calls: some read the whole server (the dashboard, searches), some end others' sessions.</summary>
    AdminActions,
    /// <summary>Adding, listing, renaming and removing one's passkeys.</summary>
    Passkeys,
    /// <summary>Messages reported: each reaches the room's admins and the server's administrators, so an abuser must not flood them.</summary>
    Reports,

    /// <summary>Bans, unbans, timeouts and handling reports: each is announced and audited.</summary>
    Moderation,
}

/// <summary>
/// Token buckets per user (and, for some limits, per conversation): a burst, then a steady rate. One place for HTTP
/// (<see cref="RateLimits.RequireUserLimit"/>) and hub calls alike, so a permit is taken atomically however many
/// requests race for it. One node: the platform's rate limiters, in memory. Several nodes (Redis configured): one
/// bucket per user in Redis that every node takes from, and the in-memory buckets only while Redis is unreachable
/// (<see cref="SharedState"/>, docs/decisions/2026-12-01-shared-state.md).
/// </summary>
public sealed class UserRateLimiter(IOptionsMonitor<ParleyOptions> options, SharedState? shared = null) : IDisposable
{
    // The limit's numbers are part of the key: when an administrator changes them at run time, the next request
    // starts a bucket with the new ones (full), and the old buckets idle out.
    private readonly PartitionedRateLimiter<(UserLimit Limit, long UserId, long Scope, int Burst, int PerMinute)> _limiter =
        PartitionedRateLimiter.Create<(UserLimit Limit, long UserId, long Scope, int Burst, int PerMinute), (UserLimit, long, long, int, int)>(key =>
            RateLimitPartition.GetTokenBucketLimiter(key, k => Bucket(k.Item4, k.Item5)));

    /// <summary>Null when a permit was taken; otherwise the refusal to send back (429, with when to retry).</summary>
    public async ValueTask<ApiError?> TryTakeAsync(UserLimit limit, long userId, long scope = 0)
    {
        var allowance = options.CurrentValue.RateLimits.For(limit);
        if (shared is not null)
        {
            // Redis reads the numbers on every take, so a change at run time applies to the buckets as they are.
            var answer = await shared.TakeTokenAsync(
                RedisKeys.Of("limit", limit.ToString(), userId.ToString(CultureInfo.InvariantCulture), scope.ToString(CultureInfo.InvariantCulture)),
                allowance.Burst, allowance.PerMinute);
            if (answer.Answered)
            {
                return answer.Allowed ? null : Refusal(limit, answer.Wait);
            }
        }

        using var lease = _limiter.AttemptAcquire((limit, userId, scope, allowance.Burst, allowance.PerMinute));
        if (lease.IsAcquired)
        {
            return null;
        }

        return Refusal(limit, lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1));
    }

    private static ApiError Refusal(UserLimit limit, TimeSpan wait)
    {
        Observability.ParleyMetrics.RateLimited(limit.ToString());
        var seconds = RateLimits.Seconds(wait);
        var error = limit == UserLimit.RoomPasswordGuesses
            ? ApiError.TooManyRequests("too_many_guesses", $"Too many password attempts for this room. Wait {seconds} seconds and try again.")
            : ApiError.TooManyRequests("rate_limited", $"You are {Doing(limit)} too fast. Wait {seconds} second{(seconds == 1 ? "" : "s")} and try again.");
        return error with { RetryAfter = wait };
    }

    public void Dispose() => _limiter.Dispose();

    private static TokenBucketRateLimiterOptions Bucket(int burst, int perMinute) => new()
    {
        TokenLimit = Math.Max(1, burst),
        TokensPerPeriod = 1,
        ReplenishmentPeriod = TimeSpan.FromMinutes(1) / Math.Max(1, perMinute),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static string Doing(UserLimit limit) => limit switch
    {
        UserLimit.Requests => "sending requests",
        UserLimit.Messages => "sending messages",
        UserLimit.RoomsCreated => "creating rooms",
        UserLimit.JoinsAndLeaves => "joining and leaving rooms",
        UserLimit.InvitesCreated => "creating invite links",
        UserLimit.Searches => "searching",
        UserLimit.MessageChanges => "editing and deleting messages",
        UserLimit.Reactions => "reacting",
        UserLimit.Pins => "pinning messages",
        UserLimit.Typing => "sending typing signals",
        UserLimit.RoomLookups => "looking up rooms by name",
        UserLimit.ListChanges => "pinning and hiding conversations",
        UserLimit.ProfileChanges => "changing your profile",
        UserLimit.GifSearches => "searching GIFs",
        UserLimit.Uploads => "uploading files",
        UserLimit.Sessions => "managing your sessions",
        UserLimit.AdminActions => "using the admin console",
        UserLimit.Passkeys => "managing your passkeys",
        UserLimit.Reports => "reporting messages",
        UserLimit.Moderation => "moderating",
        _ => "doing this",
    };
}
