using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Parley.Audit;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;
using QRCoder;

namespace Parley.Accounts;

public sealed record TwoFactorStatus(bool Enabled, int RecoveryCodesLeft);

/// <summary>What an authenticator app needs: the key as text, and the same as a QR code (an SVG data URL, shown without any request elsewhere).</summary>
public sealed record AuthenticatorSetup(string SharedKey, string AuthenticatorUri, string QrCode);

public sealed record RecoveryCodes(IReadOnlyList<string> Codes);

/// <summary>
/// Two-factor sign-in with an authenticator app (TOTP) and one-time recovery codes, on ASP.NET Core Identity's
/// authenticator support: the key and the recovery codes live with the account, <see cref="OneTimeAuthenticatorTokenProvider"/>
/// checks codes. Every change asks for the current password or a current code, so a browser left signed in is not
/// enough to turn protection off or to read a new key.
/// </summary>
public sealed class TwoFactor
{
    public const int RecoveryCodeCount = 10;

    /// <summary>The longest code field accepted: a TOTP code with spaces, or a recovery code ("XXXXX-XXXXX").</summary>
    public const int MaxCodeLength = 16;

    public static readonly ApiError InvalidCode = ApiError.BadRequest("invalid_two_factor_code",
        "That code is not right. Enter the current 6-digit code from your authenticator app; each code works once.");

    public static readonly ApiError InvalidRecoveryCode = ApiError.BadRequest("invalid_recovery_code",
        "That recovery code is not right or was already used. Each recovery code works once.");

    public static readonly ApiError AlreadyEnabled = ApiError.Conflict("two_factor_already_enabled",
        "Two-factor sign-in is already on. Turn it off first to use another authenticator app.");

    public static readonly ApiError NotEnabled = ApiError.Conflict("two_factor_not_enabled", "Two-factor sign-in is off for this account.");

    public static readonly ApiError SetupRequired = ApiError.Conflict("two_factor_setup_required", "Start the setup first: it shows the key to add to your authenticator app.");

    private static readonly ApiError CodeMissing = ApiError.Validation(
        new ValidationErrors().Add("code", "Enter the 6-digit code from your authenticator app."), "Enter the 6-digit code from your authenticator app.");

    public static readonly ApiError PersonalTokenRequired = ApiError.Forbidden("personal_token_required",
        "This account signs in with two-factor authentication, so a password alone cannot get an access token. Create a personal access token in Preferences and use it as the bearer token.");

    private readonly UserManager<User> _users;
    private readonly CredentialCheck _credentials;
    private readonly TwoFactorTickets _tickets;
    private readonly AuditLog _audit;
    private readonly IHttpContextAccessor _httpContext;

    public TwoFactor(UserManager<User> users, CredentialCheck credentials, TwoFactorTickets tickets, AuditLog audit, IHttpContextAccessor httpContext, ParleyDb db)
    {
        _users = users;
        _credentials = credentials;
        _tickets = tickets;
        _audit = audit;
        _httpContext = httpContext;
        // Identity's store changes an existing authentication token (the authenticator key, the recovery codes, the
        // last code's time step) on the object it finds; with the context's default of tracking nothing, that change
        // was never saved and a used recovery code worked again. This request's context tracks what it reads.
        db.ChangeTracker.QueryTrackingBehavior = Microsoft.EntityFrameworkCore.QueryTrackingBehavior.TrackAll;
    }

    public async Task<TwoFactorStatus> StatusAsync(User user) =>
        new(user.TwoFactorEnabled, user.TwoFactorEnabled ? await _users.CountRecoveryCodesAsync(user) : 0);

    /// <summary>A new key for the authenticator app; two-factor stays off until a code from it is confirmed.</summary>
    public async Task<Result<AuthenticatorSetup>> SetUpAsync(User user, string? password)
    {
        if (user.TwoFactorEnabled)
        {
            return AlreadyEnabled;
        }

        if (await _credentials.CheckCurrentPasswordAsync(user, password) is { } refused)
        {
            return refused;
        }

        await _users.ResetAuthenticatorKeyAsync(user);
        // A new key starts a new sequence of codes: the last step of an old key says nothing about it.
        await _users.RemoveAuthenticationTokenAsync(user, OneTimeAuthenticatorTokenProvider.LoginProvider, OneTimeAuthenticatorTokenProvider.LastStepName);
        var key = (await _users.GetAuthenticatorKeyAsync(user))!;
        var uri = AuthenticatorUri(user.UserName!, key);
        return new AuthenticatorSetup(FormatKey(key), uri, QrCodeDataUrl(uri));
    }

    /// <summary>Turns two-factor on once the app proves it has the key; the recovery codes are shown this once.</summary>
    public async Task<Result<RecoveryCodes>> EnableAsync(User user, string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return CodeMissing;
        }

        if (user.TwoFactorEnabled)
        {
            return AlreadyEnabled;
        }

        if (string.IsNullOrEmpty(await _users.GetAuthenticatorKeyAsync(user)))
        {
            return SetupRequired;
        }

        if (!await VerifyCodeAsync(user, code))
        {
            // Not counted towards the lockout: the caller is signed in and only proves their own new key.
            return InvalidCode;
        }

        await _users.SetTwoFactorEnabledAsync(user, true);
        var codes = await _users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount);
        await _audit.RecordAsync(AuditActions.TwoFactorEnabled, Actor(user), Target(user));
        return new RecoveryCodes([.. codes!]);
    }

    /// <summary>Turns two-factor off with the current password or a current code; the key and recovery codes go with it.</summary>
    public async Task<Result<bool>> DisableAsync(User user, string? password, string? code)
    {
        if (!user.TwoFactorEnabled)
        {
            return NotEnabled;
        }

        var refused = string.IsNullOrEmpty(code) ? await _credentials.CheckCurrentPasswordAsync(user, password) : await CheckCodeAsync(user, code);
        if (refused is not null)
        {
            return refused;
        }

        await _users.SetTwoFactorEnabledAsync(user, false);
        await _users.ResetAuthenticatorKeyAsync(user);
        await _users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
        await _audit.RecordAsync(AuditActions.TwoFactorDisabled, Actor(user), Target(user));
        return true;
    }

    /// <summary>Ten new recovery codes for a current code; the old ones stop working.</summary>
    public async Task<Result<RecoveryCodes>> RegenerateRecoveryCodesAsync(User user, string? code)
    {
        if (!user.TwoFactorEnabled)
        {
            return NotEnabled;
        }

        if (await CheckCodeAsync(user, code) is { } refused)
        {
            return refused;
        }

        var codes = await _users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount);
        await _audit.RecordAsync(AuditActions.RecoveryCodesGenerated, Actor(user), Target(user));
        return new RecoveryCodes([.. codes!]);
    }

    /// <summary>
    /// The second step of signing in: the ticket from the password step and a current code or an unused recovery
    /// code. Wrong codes count towards the same lockout as wrong passwords.
    /// </summary>
    public async Task<Result<User>> CompleteSignInAsync(string? ticket, string? code, string? recoveryCode)
    {
        var errors = new ValidationErrors()
            .AddIf(string.IsNullOrEmpty(ticket) || ticket.Length > TwoFactorTickets.MaxLength, "ticket", "Sign in with your password first.")
            .AddIf(string.IsNullOrWhiteSpace(code) == string.IsNullOrWhiteSpace(recoveryCode), "code", "Enter the code from your authenticator app or a recovery code.")
            .AddIf(code is { Length: > MaxCodeLength }, "code", "A code from an authenticator app has 6 digits.")
            .AddIf(recoveryCode is { Length: > MaxCodeLength }, "recoveryCode", "A recovery code looks like XXXXX-XXXXX.");
        if (!errors.IsEmpty)
        {
            return ApiError.Validation(errors, errors.Summary());
        }

        if (await _tickets.RedeemAsync(ticket!) is not { } user)
        {
            return TwoFactorTickets.Expired;
        }

        if (user.DeactivatedAt is not null)
        {
            await AuditSignInFailureAsync(AuditActions.SignInFailed, user, CredentialCheck.AccountDeactivated.Detail);
            return CredentialCheck.AccountDeactivated;
        }

        if (await _users.IsLockedOutAsync(user))
        {
            await AuditSignInFailureAsync(AuditActions.SignInLockedOut, user, "Two-factor code while locked out.");
            return _credentials.LockedOut();
        }

        var usedRecoveryCode = !string.IsNullOrWhiteSpace(recoveryCode);
        var accepted = usedRecoveryCode
            ? (await _users.RedeemTwoFactorRecoveryCodeAsync(user, NormalizeRecoveryCode(recoveryCode!))).Succeeded
            : await VerifyCodeAsync(user, code);
        if (!accepted)
        {
            var failure = await _credentials.CountFailureAsync(user);
            var locked = failure.Code == "account_locked";
            await AuditSignInFailureAsync(locked ? AuditActions.SignInLockedOut : AuditActions.TwoFactorFailed, user,
                usedRecoveryCode ? "Wrong or used recovery code at sign-in." : "Wrong or reused authenticator code at sign-in.");
            return locked ? failure : usedRecoveryCode ? InvalidRecoveryCode : InvalidCode;
        }

        // Identity leaves the failure count of a two-factor account alone at the right password; the second factor ends it.
        await _users.ResetAccessFailedCountAsync(user);
        if (usedRecoveryCode)
        {
            var left = await _users.CountRecoveryCodesAsync(user);
            await _audit.RecordAsync(AuditActions.RecoveryCodeUsed, Actor(user), Target(user), $"{left} recovery code{(left == 1 ? "" : "s")} left.");
        }

        return user;
    }

    private async Task<bool> VerifyCodeAsync(User user, string? code) =>
        code is { Length: > 0 and <= MaxCodeLength } && await _users.VerifyTwoFactorTokenAsync(user, TokenOptions.DefaultAuthenticatorProvider, code);

    /// <summary>A code asked for by a change in settings: a wrong one counts towards the lockout, as at sign-in.</summary>
    private async Task<ApiError?> CheckCodeAsync(User user, string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return CodeMissing;
        }

        if (await _users.IsLockedOutAsync(user))
        {
            return _credentials.LockedOut();
        }

        if (await VerifyCodeAsync(user, code))
        {
            return null;
        }

        var failure = await _credentials.CountFailureAsync(user);
        await _audit.RecordAsync(AuditActions.TwoFactorFailed, Actor(user), Target(user), "Wrong or reused authenticator code in settings.");
        return failure.Code == "account_locked" ? failure : InvalidCode;
    }

    private Task AuditSignInFailureAsync(string action, User user, string details) =>
        _audit.RecordAsync(action, new AuditActor(null, null, _httpContext.HttpContext?.ClientAddress()), Target(user), details);

    private AuditActor Actor(User user) =>
        _httpContext.HttpContext is { } http ? AuditActor.Of(http, user.Id, user.UserName) : new AuditActor(user.Id, user.UserName, null);

    private static AuditTarget Target(User user) => AuditTarget.User(user.Id, user.UserName);

    /// <summary>"abcde-fghij", "ABCDEFGHIJ" and " ABCDE-FGHIJ " are the code Identity made as "ABCDE-FGHIJ".</summary>
    private static string NormalizeRecoveryCode(string code)
    {
        var plain = code.Trim().Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        return plain.Length == 10 ? $"{plain[..5]}-{plain[5..]}" : plain;
    }

    /// <summary>Groups of four, lower case, as people type a key into an app by hand.</summary>
    private static string FormatKey(string key) =>
        string.Join(' ', key.ToLowerInvariant().Chunk(4).Select(group => new string(group)));

    private static string AuthenticatorUri(string username, string key)
    {
        const string issuer = "Parley";
        return string.Create(CultureInfo.InvariantCulture,
            $"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(username)}?secret={key}&issuer={Uri.EscapeDataString(issuer)}&digits=6&period=30");
    }

    private static string QrCodeDataUrl(string uri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(6);
        return "data:image/svg+xml;base64," + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(svg));
    }
}

/// <summary>
/// The short-lived proof that someone knew a two-factor account's password, handed back for the code step: signed
/// and encrypted by data protection, valid five minutes, and bound to the account's security stamp, so a ticket
/// from before a password change or a new authenticator key is worthless.
/// </summary>
public sealed class TwoFactorTickets(IDataProtectionProvider dataProtection, UserManager<User> users)
{
    public const int MaxLength = 2048;

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public static readonly ApiError Expired = ApiError.Unauthorized("two_factor_ticket_invalid",
        "This sign-in took too long or is no longer valid. Enter your password again.");

    private readonly ITimeLimitedDataProtector _protector = dataProtection.CreateProtector("Parley.TwoFactorSignIn").ToTimeLimitedDataProtector();

    /// <summary>The answer to the right password of a two-factor account: no session yet, a ticket for the code step.</summary>
    public ProblemHttpResult Challenge(User user)
    {
        var problem = ApiError.Unauthorized("two_factor_required", "Enter the 6-digit code from your authenticator app.").ToProblem();
        problem.ProblemDetails.Extensions["ticket"] = Issue(user);
        return problem;
    }

    public string Issue(User user) =>
        _protector.Protect(string.Create(CultureInfo.InvariantCulture, $"{user.Id}:{user.SecurityStamp}"), Lifetime);

    public async Task<User?> RedeemAsync(string ticket)
    {
        string payload;
        try
        {
            payload = _protector.Unprotect(ticket);
        }
        catch (CryptographicException)
        {
            return null;
        }

        var parts = payload.Split(':', 2);
        var user = await users.FindByIdAsync(parts[0]);
        return user is not null && parts.Length == 2 && user.SecurityStamp == parts[1] ? user : null;
    }
}
