using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;
using Parley.Infrastructure.Redis;

namespace Parley.Accounts;

public static class PasswordRecoverySetup
{
    /// <summary>Per client address: requests that mail an account or use a mailed link.</summary>
    public const string AccountMailLimit = "account-mail";

    /// <summary>Reset links are valid this long.</summary>
    public static readonly TimeSpan ResetTokenLifetime = TimeSpan.FromHours(1);

    private const string ResetTokenProvider = "ParleyPasswordReset";

    /// <summary>
    /// Single-use, expiring reset links (Identity's data-protection tokens, tied to the account's security stamp, which
    /// every password change renews) and the rate limits of asking for them.
    /// </summary>
    public static WebApplicationBuilder AddPasswordRecovery(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var limits = (builder.Configuration.GetSection(ParleyOptions.Section).Get<ParleyOptions>() ?? new ParleyOptions()).RateLimits;

        services.AddTransient<ResetTokenProvider>();
        services.Configure<ResetTokenProviderOptions>(provider =>
        {
            provider.Name = ResetTokenProvider;
            provider.TokenLifespan = ResetTokenLifetime;
        });
        services.Configure<IdentityOptions>(identity =>
        {
            identity.Tokens.ProviderMap[ResetTokenProvider] = new TokenProviderDescriptor(typeof(ResetTokenProvider));
            identity.Tokens.PasswordResetTokenProvider = ResetTokenProvider;
        });

        services.Configure<RateLimiterOptions>(limiter => limiter.AddPolicy(AccountMailLimit, http =>
            RateLimits.PerWindow(http, AccountMailLimit, RateLimits.ClientAddress(http), limits.AccountMailRequestsPerHour, TimeSpan.FromHours(1))));
        services.AddSingleton<AccountMailAllowance>();
        services.AddScoped<PasswordRecovery>();
        return builder;
    }
}

public sealed class ResetTokenProviderOptions : DataProtectionTokenProviderOptions;

/// <summary>Identity's data-protection token provider with its own lifetime (an hour), not the default day.</summary>
public sealed class ResetTokenProvider(
    Microsoft.AspNetCore.DataProtection.IDataProtectionProvider dataProtection,
    IOptions<ResetTokenProviderOptions> options,
    ILogger<DataProtectorTokenProvider<User>> logger)
    : DataProtectorTokenProvider<User>(dataProtection, options, logger);

/// <summary>
/// How many reset mails an address may still get this hour, whoever asks: counted for every address asked about,
/// existing or not, so the count itself tells nothing. In memory on one node; in Redis with several, so the
/// mailbox gets its few mails however many nodes are asked (in memory again while Redis is unreachable).
/// </summary>
public sealed class AccountMailAllowance(IOptions<ParleyOptions> options, SharedState? shared = null) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(email =>
        RateLimitPartition.GetFixedWindowLimiter(email, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, options.Value.RateLimits.AccountMailsPerHour),
            Window = TimeSpan.FromHours(1),
            QueueLimit = 0,
        }));

    public async ValueTask<bool> TryTakeAsync(string normalizedEmail)
    {
        if (shared is not null)
        {
            // Hashed: the key names no address, for anyone listing Redis's keys.
            var key = RedisKeys.Of("account-mail", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalizedEmail))));
            var answer = await shared.CountInWindowAsync(key, options.Value.RateLimits.AccountMailsPerHour, TimeSpan.FromHours(1));
            if (answer.Answered)
            {
                return answer.Allowed;
            }
        }

        using var lease = _limiter.AttemptAcquire(normalizedEmail);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
