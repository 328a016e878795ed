using System.Globalization;
using System.Threading.RateLimiting;

namespace Parley.Infrastructure;

/// <summary>Rate-limit policies and their registration side by side, so a policy name never drifts from its definition.</summary>
public static class RateLimits
{
    public const string SignIn = "sign-in";
    public const string Registration = "registration";

    public static WebApplicationBuilder AddRateLimits(this WebApplicationBuilder builder)
    {
        var limits = (builder.Configuration.GetSection(ParleyOptions.Section).Get<ParleyOptions>() ?? new ParleyOptions()).RateLimits;
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(SignIn, http => RateLimitPartition.GetFixedWindowLimiter(ClientAddress(http), _ => Window(limits.SignInPerMinute, TimeSpan.FromMinutes(1))));
            limiter.AddPolicy(Registration, http => RateLimitPartition.GetFixedWindowLimiter(ClientAddress(http), _ => Window(limits.RegistrationsPerHour, TimeSpan.FromHours(1))));
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await ApiError.TooManyRequests("rate_limited", $"Too many attempts. Wait {(int)Math.Ceiling(wait.TotalSeconds)} seconds and try again.")
                    .ToProblem().ExecuteAsync(context.HttpContext);
            };
        });
        return builder;
    }

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) =>
        new() { PermitLimit = Math.Max(1, permits), Window = window, QueueLimit = 0 };

    private static string ClientAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
