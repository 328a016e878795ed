using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Parley.Accounts.Mail;
using Parley.Audit;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;

namespace Parley.Accounts;

/// <summary>Settings under "Parley:Accounts".</summary>
public sealed class AccountOptions
{
    public const string Section = "Parley:Accounts";

    /// <summary>"off" (the default): addresses are not checked; "optional": a verification mail at sign-up and a reminder; "required": no sign-in until verified.</summary>
    public string EmailVerification { get; set; } = EmailVerificationMode.Off;

    /// <summary>
    /// What happens to a deleted account's messages: "keep" (the default) leaves them, signed "Deleted user", so
    /// conversations still read; "remove" deletes them everywhere, with their files.
    /// </summary>
    public string DeletedAccountMessages { get; set; } = "keep";
}

public static class EmailVerificationMode
{
    public const string Off = "off";
    public const string Optional = "optional";
    public const string Required = "required";

    public static string Of(AccountOptions options) => options.EmailVerification.Trim().ToLowerInvariant() switch
    {
        Optional => Optional,
        Required => Required,
        _ => Off,
    };
}

/// <summary>
/// Verification links for a new account's address and for a new address (which replaces the old one only once
/// confirmed). A link is an Identity token (a day, bound to the security stamp, which a confirmation renews, so a link
/// works once) with the account's id and, for a change, the new address.
/// </summary>
public sealed class EmailVerification(
    UserManager<User> users,
    PendingMail mail,
    AccountMailAllowance allowance,
    IOptions<AccountOptions> options,
    AuditLog audit,
    IHttpContextAccessor httpContext)
{
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromHours(24);

    public static readonly ApiError InvalidToken = ApiError.BadRequest("invalid_token",
        "This verification link is not valid: it has expired, has been used already, or was copied incompletely. Ask for a new one.");

    public static readonly ApiError NotVerified = ApiError.Forbidden("email_not_verified",
        "Verify your email address first: open the link in the mail we sent you. No mail? Ask for a new one.");

    private const char Separator = '\n';
    private const string NewAccount = "verify";
    private const string NewAddress = "change";

    // Stands in for a missing account (see PasswordRecovery): the same token work whether or not the address is known.
    private static readonly User Decoy = new() { Id = -1, SecurityStamp = Guid.NewGuid().ToString("N") };

    public string Mode => EmailVerificationMode.Of(options.Value);

    /// <summary>Mails the account a link to verify its address, if it is not verified and its mail allowance lasts.</summary>
    public async Task SendAsync(User? user, Uri publicBaseUrl, string? requestedFor = null)
    {
        var allowed = await allowance.TryTakeAsync((user?.Email ?? requestedFor ?? "").ToUpperInvariant());
        var token = await users.GenerateEmailConfirmationTokenAsync(user ?? Decoy);
        var link = Link(publicBaseUrl, Encode(NewAccount, user ?? Decoy, null, token));
        if (user is null || user.EmailConfirmed || !allowed)
        {
            return;
        }

        mail.Enqueue(AccountMail.VerifyNewAccount(user.Email!, user.UserName!, link, LinkLifetime));
    }

    /// <summary>Mails <paramref name="newEmail"/> a link that makes it the account's address.</summary>
    public async Task<bool> SendChangeAsync(User user, string newEmail, Uri publicBaseUrl)
    {
        if (!await allowance.TryTakeAsync(newEmail.ToUpperInvariant()))
        {
            return false;
        }

        var token = await users.GenerateChangeEmailTokenAsync(user, newEmail);
        mail.Enqueue(AccountMail.ConfirmNewAddress(newEmail, user.UserName!, Link(publicBaseUrl, Encode(NewAddress, user, newEmail, token)), LinkLifetime));
        await audit.RecordAsync(AuditActions.EmailChangeRequested, Owner(user), AuditTarget.User(user.Id, user.UserName), $"Confirmation mailed to the new address {newEmail}.");
        return true;
    }

    /// <summary>Marks the address verified, or switches to the new one, if the link is good.</summary>
    public async Task<Result<bool>> VerifyAsync(string? token)
    {
        if (Decode(token) is not { } link || await users.FindByIdAsync(link.UserId) is not { } user)
        {
            return InvalidToken;
        }

        if (link.NewEmail is null)
        {
            var confirmed = await users.ConfirmEmailAsync(user, link.Token);
            if (!confirmed.Succeeded)
            {
                return InvalidToken;
            }

            // Confirming leaves the stamp as it was; renewing it makes this link (and any other sent) a used one.
            await users.UpdateSecurityStampAsync(user);
            await audit.RecordAsync(AuditActions.EmailVerified, Owner(user), AuditTarget.User(user.Id, user.UserName), user.Email);
            return true;
        }

        var oldEmail = user.Email;
        var changed = await users.ChangeEmailAsync(user, link.NewEmail, link.Token);
        if (changed.Succeeded)
        {
            await audit.RecordAsync(AuditActions.EmailChanged, Owner(user), AuditTarget.User(user.Id, user.UserName), $"{oldEmail} → {link.NewEmail} (confirmed from the new address).");
            return true;
        }

        return changed.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.DuplicateEmail))
            ? ApiError.Conflict("email_taken", "Another account has taken this address meanwhile. Your address stays as it was.")
            : InvalidToken;
    }

    /// <summary>The account's owner: they proved it with their mailbox or session.</summary>
    private AuditActor Owner(User user) => new(user.Id, user.UserName, httpContext.HttpContext?.ClientAddress());

    private static Uri Link(Uri publicBaseUrl, string token) => new(publicBaseUrl, "verify-email?token=" + token);

    private static string Encode(string kind, User user, string? newEmail, string identityToken) =>
        WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(string.Join(Separator, newEmail is null ? [kind, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), identityToken] : new[] { kind, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), newEmail, identityToken })));

    private static (string UserId, string? NewEmail, string Token)? Decode(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > PasswordRecovery.MaxTokenLength)
        {
            return null;
        }

        try
        {
            var parts = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(token.Trim())).Split(Separator);
            return parts switch
            {
                [NewAccount, var id, var identityToken] when IsId(id) => (id, null, identityToken),
                [NewAddress, var id, var email, var identityToken] when IsId(id) && AccountRules.CheckEmail(email) is null => (id, email, identityToken),
                _ => null,
            };
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static bool IsId(string text) => long.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var id) && id > 0;




}

/// <summary>At sign-up, with verification on, the new account's address gets its link.</summary>
internal sealed class VerificationOnSignUp(EmailVerification verification, UserManager<User> users, IHttpContextAccessor http) : INewAccountHandler
{
    public async Task AccountCreatedAsync(long userId, CancellationToken cancellationToken)
    {
        if (verification.Mode == EmailVerificationMode.Off || http.HttpContext is not { } context)
        {
            return;
        }

        var user = await users.FindByIdAsync(userId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await verification.SendAsync(user, PublicAddress.BaseUrl(context));
    }
}

public static class EmailVerificationSetup
{
    private const string EmailTokenProvider = "ParleyEmail";

    /// <summary>Verification of addresses at sign-up (Parley:Accounts:EmailVerification) and of every new address.</summary>
    public static WebApplicationBuilder AddEmailVerification(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<AccountOptions>(builder.Configuration.GetSection(AccountOptions.Section));
        services.AddTransient<EmailTokenProvider>();
        services.Configure<EmailTokenProviderOptions>(provider =>
        {
            provider.Name = EmailTokenProvider;
            provider.TokenLifespan = EmailVerification.LinkLifetime;
        });
        services.Configure<IdentityOptions>(identity =>
        {
            identity.Tokens.ProviderMap[EmailTokenProvider] = new TokenProviderDescriptor(typeof(EmailTokenProvider));
            identity.Tokens.EmailConfirmationTokenProvider = EmailTokenProvider;
            identity.Tokens.ChangeEmailTokenProvider = EmailTokenProvider;
        });
        services.AddHttpContextAccessor();
        services.AddScoped<EmailVerification>();
        services.AddScoped<INewAccountHandler, VerificationOnSignUp>();
        return builder;
    }
}

public sealed class EmailTokenProviderOptions : DataProtectionTokenProviderOptions;

/// <summary>Identity's data-protection token provider with the verification links' lifetime (a day).</summary>
public sealed class EmailTokenProvider(
    Microsoft.AspNetCore.DataProtection.IDataProtectionProvider dataProtection,
    IOptions<EmailTokenProviderOptions> options,
    ILogger<DataProtectorTokenProvider<User>> logger)
    : DataProtectorTokenProvider<User>(dataProtection, options, logger);
