using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;

namespace Parley.Accounts;

/// <summary>Verifying an account's email address, and changing it (the new one takes over once confirmed).</summary>
public static class EmailApi
{
    public const string VerificationSentMessage =
        "If an account with this address is waiting for verification, a mail with a new link is on its way. The link is valid for 24 hours.";

    public static RouteGroupBuilder MapEmail(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Accounts");
        auth.MapGet("/email-verification", (EmailVerification verification) => TypedResults.Ok(new EmailVerificationResponse(verification.Mode)))
            .AllowAnonymous().WithSummary("Whether this server verifies email addresses: off, optional or required");
        auth.MapPost("/verify-email", VerifyAsync).AllowAnonymous().RequireRateLimiting(PasswordRecoverySetup.AccountMailLimit)
            .WithSummary("Verify an address with the token from a verification mail (a new account's, or a new address)");
        auth.MapPost("/resend-verification", ResendAsync).AllowAnonymous().RequireRateLimiting(PasswordRecoverySetup.AccountMailLimit)
            .WithSummary("Mail a new verification link")
            .WithDescription("Always 202 with the same answer, whether or not an account has the address.");

        api.MapPut("/me/email", ChangeEmailAsync).WithTags("Accounts").RequireRateLimiting(RateLimits.SignIn)
            .WithSummary("Change the email address (needs the password); it changes once confirmed from the new address");
        return api;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> VerifyAsync(VerifyEmailRequest request, EmailVerification verification) =>
        ApiResults.NoContent(await verification.VerifyAsync(request.Token));

    private static async Task<Results<Accepted<MailSentResponse>, ProblemHttpResult>> ResendAsync(
        ResendVerificationRequest request, HttpContext http, UserManager<User> users, EmailVerification verification)
    {
        var email = request.Email?.Trim();
        if (AccountRules.CheckEmail(email) is { } emailError)
        {
            return ApiError.Validation(new ValidationErrors().Add("email", emailError), emailError).ToProblem();
        }

        await verification.SendAsync(await users.FindByEmailAsync(email!), PublicAddress.BaseUrl(http), email);
        return TypedResults.Accepted((string?)null, new MailSentResponse(VerificationSentMessage));
    }

    private static async Task<Results<Accepted<MailSentResponse>, ProblemHttpResult>> ChangeEmailAsync(
        ChangeEmailRequest request, HttpContext http, UserManager<User> users, CredentialCheck credentials, EmailVerification verification)
    {
        var account = await users.FindByIdAsync(http.User.GetUserId().ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (account is null)
        {
            return ApiError.Unauthorized("account_not_found", "This account no longer exists.").ToProblem();
        }

        var newEmail = request.NewEmail?.Trim();
        var errors = new ValidationErrors();
        if (AccountRules.CheckEmail(newEmail) is { } emailError)
        {
            errors.Add("newEmail", emailError);
        }
        else if (string.Equals(newEmail, account.Email, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add("newEmail", "This is already your address.");
        }
        else if (await users.FindByEmailAsync(newEmail!) is not null)
        {
            errors.Add("newEmail", "An account with this email address already exists.");
        }

        if (!errors.IsEmpty)
        {
            return ApiError.Validation(errors, errors.Summary()).ToProblem();
        }

        // The sign-in check, so wrong guesses here count towards the same lockout as at the sign-in form.
        var checkedUser = await credentials.CheckAsync(new SignInRequest(account.UserName, request.Password));
        if (checkedUser.Error is { } error)
        {
            return (error.Code switch
            {
                "invalid_credentials" => ApiError.Forbidden("wrong_password", "Your password is not correct."),
                "validation_failed" => ApiError.Validation(new ValidationErrors().Add("password", "Enter your password."), "Enter your password."),
                _ => error,
            }).ToProblem();
        }

        if (!await verification.SendChangeAsync(checkedUser.Value!, newEmail!, PublicAddress.BaseUrl(http)))
        {
            return ApiError.TooManyRequests("rate_limited", "Too many mails to this address this hour. Try again later.").ToProblem();
        }

        return TypedResults.Accepted((string?)null, new MailSentResponse($"We mailed a link to {newEmail}. Your address changes once you open it; until then it stays {account.Email}."));
    }
}

public sealed record EmailVerificationResponse(string Mode);

public sealed record VerifyEmailRequest(string? Token);

public sealed record ResendVerificationRequest(string? Email);

public sealed record ChangeEmailRequest(string? NewEmail, string? Password);

public sealed record MailSentResponse(string Message);
