using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Parley.Accounts.Mail;
using Parley.Audit;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;

namespace Parley.Accounts;

/// <summary>
/// "Forgot password" and the reset link. Asking never tells whether an account has the address: the same work is
/// done and the same answer given either way, and the mail leaves through a queue. A link is one Identity reset
/// token (an hour, bound to the account's security stamp, so it works once) together with the account's id.
/// </summary>
public sealed class PasswordRecovery(
    UserManager<User> users,
    PendingMail mail,
    AccountMailAllowance allowance,
    UserSessions userSessions,
    AuditLog audit,
    IHttpContextAccessor httpContext)
{
    public const int MaxTokenLength = 1024;

    public static readonly ApiError InvalidToken = ApiError.BadRequest("invalid_token",
        "This reset link is not valid: it has expired, has been used already, or was copied incompletely. Ask for a new one.");

    // Stands in for a missing account, so that an unknown address costs the same token work as a known one (Identity
    // gives an id of 0 no string, hence -1: no account has it).
    private static readonly User Decoy = new() { Id = -1, SecurityStamp = Guid.NewGuid().ToString("N") };

    /// <summary>Queues a reset mail when an account has the address and its allowance is not used up.</summary>
    public async Task RequestAsync(string email, Uri publicBaseUrl)
    {
        var user = await users.FindByEmailAsync(email);
        var allowed = await allowance.TryTakeAsync(email.ToUpperInvariant());
        var token = Encode(user ?? Decoy, await users.GeneratePasswordResetTokenAsync(user ?? Decoy));
        var link = new Uri(publicBaseUrl, "reset-password?token=" + token);
        if (user is null)
        {
            return;
        }

        if (!allowed)
        {
            await audit.RecordAsync(AuditActions.PasswordResetRequested, Anonymous(), AuditTarget.User(user.Id, user.UserName), "No mail sent: the account's hourly allowance of mails is used up.");
            return;
        }

        mail.Enqueue(AccountMail.PasswordReset(user.Email!, user.UserName!, link, PasswordRecoverySetup.ResetTokenLifetime));
        await audit.RecordAsync(AuditActions.PasswordResetRequested, Anonymous(), AuditTarget.User(user.Id, user.UserName), "Reset link mailed.");
    }

    /// <summary>
    /// Mails the account a reset link whatever its hourly allowance: an administrator's forced reset, which is
    /// audited and rate limited on the administrator's side. The account must have an address.
    /// </summary>
    public async Task SendResetLinkAsync(User user, Uri publicBaseUrl)
    {
        var link = new Uri(publicBaseUrl, "reset-password?token=" + Encode(user, await users.GeneratePasswordResetTokenAsync(user)));
        mail.Enqueue(AccountMail.PasswordReset(user.Email!, user.UserName!, link, PasswordRecoverySetup.ResetTokenLifetime));
    }

    /// <summary>Sets the new password if the token is good, then ends every session of the account.</summary>
    public async Task<Result<bool>> ResetAsync(string? token, string? newPassword)
    {
        if (Decode(token) is not { } decoded || await users.FindByIdAsync(decoded.UserId) is not { } user
            || !await users.VerifyUserTokenAsync(user, users.Options.Tokens.PasswordResetTokenProvider, UserManager<User>.ResetPasswordTokenPurpose, decoded.Token))
        {
            return InvalidToken;
        }

        var errors = new ValidationErrors();
        foreach (var passwordError in PasswordPolicy.Check(newPassword, user.UserName, user.Email))
        {
            errors.Add("newPassword", passwordError);
        }

        if (!errors.IsEmpty)
        {
            return ApiError.Validation(errors, "The password was not changed: " + errors.Summary());
        }

        var reset = await users.ResetPasswordAsync(user, decoded.Token, newPassword!);
        if (!reset.Succeeded)
        {
            // Only a second use racing this one gets here: the stamp changed in between.
            return InvalidToken;
        }

        // Whoever was locked out by guesses is the person who just proved they own the mailbox.
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        var ended = await userSessions.RevokeOthersAsync(user.Id, keep: null);
        await audit.RecordAsync(AuditActions.PasswordReset, new AuditActor(user.Id, user.UserName, httpContext.HttpContext?.ClientAddress()), AuditTarget.User(user.Id, user.UserName),
            $"Through a mailed link; {ended} session(s) ended.");
        return true;
    }

    private AuditActor Anonymous() => new(null, null, httpContext.HttpContext?.ClientAddress());

    private static string Encode(User user, string identityToken) =>
        WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes($"{user.Id}:{identityToken}"));

    private static (string UserId, string Token)? Decode(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > MaxTokenLength)
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(token.Trim()));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 && long.TryParse(text.AsSpan(0, colon), System.Globalization.CultureInfo.InvariantCulture, out var id) && id > 0
                ? (id.ToString(System.Globalization.CultureInfo.InvariantCulture), text[(colon + 1)..])
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }



}
