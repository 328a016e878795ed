using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;

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
    IMemoryCache cache,
    IOptions<ParleyOptions> options)
{
    public static readonly ApiError InvalidCredentials = ApiError.Unauthorized("invalid_credentials", "The username or password is incorrect.");

    // A real hash to verify against for unknown users, so their failures cost the same time as real ones.
    private static readonly Lazy<string> DecoyHash = new(() => new PasswordHasher<User>().HashPassword(new User(), Guid.NewGuid().ToString()));

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
            return FailUnknown(name, request.Password!);
        }

        var result = await signIn.CheckPasswordSignInAsync(user, request.Password!, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return user;
        }

        return result.IsLockedOut ? LockedOut() : InvalidCredentials;
    }

    private ApiError FailUnknown(string name, string password)
    {
        hasher.VerifyHashedPassword(new User(), DecoyHash.Value, password);
        var settings = options.Value.SignIn;
        var key = $"signin-failures:{name.ToUpperInvariant()}";
        var failures = cache.TryGetValue(key, out int count) ? count : 0;
        if (failures >= settings.MaxFailedAttempts)
        {
            return LockedOut();
        }

        cache.Set(key, failures + 1, settings.LockoutDuration);
        return failures + 1 >= settings.MaxFailedAttempts ? LockedOut() : InvalidCredentials;
    }

    private ApiError LockedOut()
    {
        var minutes = Math.Max(1, (int)Math.Ceiling(options.Value.SignIn.LockoutDuration.TotalMinutes));
        return ApiError.TooManyRequests("account_locked", $"Too many failed sign-in attempts. Wait {minutes} minute{(minutes == 1 ? "" : "s")} and try again.");
    }
}
