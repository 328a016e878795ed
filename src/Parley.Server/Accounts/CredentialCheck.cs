using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Parley.Audit;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;
using Parley.Infrastructure.Redis;

namespace Parley.Accounts;

/// <summary>
/// Checks a username (or email) and password, counting failures towards a temporary lockout. Unknown usernames
/// get the same answers, the same lockout and about the same response time as real ones, so sign-in never
/// reveals whether an account exists.
/// </summary>
public sealed class CredentialCheck(
    UserManager<User> users,
    SignInManager<User> signIn,
    IPasswordHasher<User> hasher,
    ParleyDb db,
    IMemoryCache cache,
    IOptions<ParleyOptions> options,
    IOptions<AccountOptions> accountOptions,
    AuditLog audit,
    IHttpContextAccessor httpContext,
    SharedState? shared = null)
{
    public static readonly ApiError InvalidCredentials = ApiError.Unauthorized("invalid_credentials", "The username or password is incorrect.");

    // A real hash to verify against for unknown users and locked accounts, so their answers cost the same time as a
    // real check of a password.
    private static readonly Lazy<string> DecoyHash = new(() => new PasswordHasher<User>().HashPassword(new User(), Guid.NewGuid().ToString()));

    public static readonly ApiError AccountDeactivated = ApiError.Forbidden("account_deactivated",
        "This account has been deactivated by a server administrator. Ask them if you think this is a mistake.");

    private static readonly Lock UnknownFailuresGate = new();

    public async Task<Result<User>> CheckAsync(SignInRequest request)
    {
        var errors = new ValidationErrors()
            .AddIf(string.IsNullOrWhiteSpace(request.Username), "username", "Enter your username.")
            .AddIf(string.IsNullOrEmpty(request.Password), "password", "Enter your password.")
            // No account has a longer name, email address or password; refused before any lookup or lockout count.
            .AddIf(request.Username is { Length: > AccountRules.MaxEmailLength }, "username", $"A username or email address is at most {AccountRules.MaxEmailLength} characters.")
            .AddIf(request.Password is { } password && TextLength.Of(password) > PasswordPolicy.MaxLength, "password", $"A password is at most {PasswordPolicy.MaxLength} characters.");
        if (!errors.IsEmpty)
        {
            return ApiError.Validation(errors);
        }

        var name = request.Username!.Trim();
        var user = await users.FindByNameAsync(name) ?? (name.Contains('@', StringComparison.Ordinal) ? await users.FindByEmailAsync(name) : null);
        if (user is null)
        {
            var unknown = await FailUnknownAsync(name, request.Password!);
            await AuditFailureAsync(unknown, null, name);
            return unknown;
        }

        // Identity answers a locked account without hashing anything, in a few milliseconds against an unknown
        // name's hundred or so: the difference would tell which names exist.
        if (await users.IsLockedOutAsync(user))
        {
            VerifyDecoy(request.Password!);
            var locked = LockedOut();
            await AuditFailureAsync(locked, user.Id, user.UserName);
            return locked;
        }

        var result = await signIn.CheckPasswordSignInAsync(user, request.Password!, lockoutOnFailure: false);
        if (!result.Succeeded)
        {
            var failure = await CountFailureAsync(user);
            await AuditFailureAsync(failure, user.Id, user.UserName);
            return failure;
        }

        // Only after the right password: the answers must not tell a stranger which accounts are deactivated or unverified.
        if (user.DeactivatedAt is not null)
        {
            await AuditFailureAsync(AccountDeactivated, user.Id, user.UserName);
            return AccountDeactivated;
        }

        return !user.EmailConfirmed && EmailVerificationMode.Of(accountOptions.Value) == EmailVerificationMode.Required
            ? EmailVerification.NotVerified
            : user;
    }

    private Task AuditFailureAsync(ApiError error, long? userId, string? name)
    {
        var address = httpContext.HttpContext?.ClientAddress();
        var action = error.Code == "account_locked" ? AuditActions.SignInLockedOut : AuditActions.SignInFailed;
        var target = new AuditTarget("user", userId?.ToString(System.Globalization.CultureInfo.InvariantCulture), name);
        return audit.RecordAsync(action, new AuditActor(null, null, address), target, error.Detail);
    }

    /// <summary>
    /// Adds the failure to the account's count; LockedOut when it reaches the limit or the account was locked
    /// meanwhile. Identity saves the count under the account's concurrency stamp and gives up on a conflict, so
    /// parallel guesses went uncounted and never locked the account; here a conflict re-reads the account and counts
    /// again. Every retry means another guess was counted, so a few retries reach the lock. Wrong two-factor codes
    /// count here too (TwoFactor), so a password and a code guessed together meet one lockout.
    /// </summary>
    public async Task<ApiError> CountFailureAsync(User user)
    {
        for (var attempt = 0; attempt < 4 * options.Value.SignIn.MaxFailedAttempts; attempt++)
        {
            var counted = await users.AccessFailedAsync(user);
            if (counted.Succeeded)
            {
                return await users.IsLockedOutAsync(user) ? LockedOut() : InvalidCredentials;
            }

            if (!counted.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure)))
            {
                break;
            }

            await db.Entry(user).ReloadAsync();
            if (await users.IsLockedOutAsync(user))
            {
                return LockedOut();
            }
        }

        return InvalidCredentials;
    }

    /// <summary>
    /// The current password of a signed-in account, asked before a change that a hijacked browser session must not
    /// make on its own; wrong ones count towards the same lockout as at sign-in. Checked on this very account object:
    /// the database context tracks nothing by default, and Identity saves the object it is given.
    /// </summary>
    public async Task<ApiError?> CheckCurrentPasswordAsync(User user, string? password)
    {
        if (string.IsNullOrEmpty(password) || TextLength.Of(password) > PasswordPolicy.MaxLength)
        {
            return ApiError.Validation(new ValidationErrors().Add("password", "Enter your current password."), "Enter your current password.");
        }

        if (await users.IsLockedOutAsync(user))
        {
            return LockedOut();
        }

        if (await users.CheckPasswordAsync(user, password))
        {
            return null;
        }

        var failure = await CountFailureAsync(user);
        return failure.Code == "account_locked" ? failure : ApiError.Forbidden("wrong_password", "Your current password is not correct.");
    }

    /// <summary>
    /// Counts a failure for a name no account has, as <see cref="CountFailureAsync"/> does for real ones (those counts
    /// are in the database, which every node shares). With several nodes this count is in Redis, so guesses spread over
    /// the nodes meet one lockout, as they would for a real name; in process while Redis is unreachable.
    /// </summary>
    private async ValueTask<ApiError> FailUnknownAsync(string name, string password)
    {
        VerifyDecoy(password);
        var settings = options.Value.SignIn;
        var key = $"signin-failures:{name.ToUpperInvariant()}";
        if (shared is not null
            // Hashed: people type passwords into the name field, and Redis's keys are easy to list.
            && await shared.CountFailureAsync(RedisKeys.Of("signin-failures", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))),
                settings.MaxFailedAttempts, settings.LockoutDuration) is { } counted)
        {
            return counted >= settings.MaxFailedAttempts ? LockedOut() : InvalidCredentials;
        }

        int failures;
        // Read and write as one step: parallel guesses must not each read the same count and all get through.
        lock (UnknownFailuresGate)
        {
            failures = cache.TryGetValue(key, out int count) ? count : 0;
            if (failures < settings.MaxFailedAttempts)
            {
                cache.Set(key, failures + 1, settings.LockoutDuration);
            }
        }

        return failures + 1 >= settings.MaxFailedAttempts ? LockedOut() : InvalidCredentials;
    }

    private void VerifyDecoy(string password) => hasher.VerifyHashedPassword(new User(), DecoyHash.Value, password);

    public ApiError LockedOut()
    {
        var minutes = Math.Max(1, (int)Math.Ceiling(options.Value.SignIn.LockoutDuration.TotalMinutes));
        var locked = ApiError.TooManyRequests("account_locked", $"Too many failed sign-in attempts. Wait {minutes} minute{(minutes == 1 ? "" : "s")} and try again.");
        // The longest wait there can be: the lockout may have started a moment ago.
        return locked with { RetryAfter = options.Value.SignIn.LockoutDuration };
    }
}
