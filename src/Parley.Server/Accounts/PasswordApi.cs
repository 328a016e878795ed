using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Parley.Audit;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;

namespace Parley.Accounts;

/// <summary>Changing a password, and getting a new one through a mailed link when it is forgotten.</summary>
public static class PasswordApi
{
    public const string ResetRequestedMessage =
        "If an account has this address, a mail with a link to choose a new password is on its way. The link is valid for 1 hour.";

    public static RouteGroupBuilder MapPasswords(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Accounts");
        auth.MapPost("/forgot-password", ForgotPasswordAsync).AllowAnonymous().RequireRateLimiting(PasswordRecoverySetup.AccountMailLimit)
            .WithSummary("Mail a password reset link to the account with this address")
            .WithDescription("Always 202 with the same answer, whether or not an account has the address.");
        auth.MapPost("/reset-password", ResetPasswordAsync).AllowAnonymous().RequireRateLimiting(PasswordRecoverySetup.AccountMailLimit)
            .WithSummary("Choose a new password with the token from a reset mail; signs the account out everywhere");

        api.MapPut("/me/password", ChangePasswordAsync).WithTags("Accounts").RequireRateLimiting(RateLimits.SignIn)
            .WithSummary("Change the password (needs the current one); optionally sign out every other session");
        return api;
    }

    private static async Task<Results<Accepted<ForgotPasswordResponse>, ProblemHttpResult>> ForgotPasswordAsync(
        ForgotPasswordRequest request, HttpContext http, PasswordRecovery recovery)
    {
        var email = request.Email?.Trim();
        if (AccountRules.CheckEmail(email) is { } emailError)
        {
            return ApiError.Validation(new ValidationErrors().Add("email", emailError), emailError).ToProblem();
        }

        await recovery.RequestAsync(email!, PublicAddress.BaseUrl(http));
        return TypedResults.Accepted((string?)null, new ForgotPasswordResponse(ResetRequestedMessage));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ResetPasswordAsync(ResetPasswordRequest request, PasswordRecovery recovery) =>
        ApiResults.NoContent(await recovery.ResetAsync(request.Token, request.NewPassword));

    private static async Task<Results<NoContent, ProblemHttpResult>> ChangePasswordAsync(
        ChangePasswordRequest request,
        HttpContext http,
        UserManager<User> users,
        CredentialCheck credentials,
        UserSessions userSessions,
        AuditLog audit)
    {
        var errors = new ValidationErrors()
            .AddIf(request.NewPassword is { } tooLong && TextLength.Of(tooLong) > PasswordPolicy.MaxLength, "newPassword", $"A password is at most {PasswordPolicy.MaxLength} characters.");
        if (!errors.IsEmpty)
        {
            return ApiError.Validation(errors, errors.Summary()).ToProblem();
        }

        var account = await users.FindByIdAsync(http.User.GetUserId().ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (account is null)
        {
            return ApiError.Unauthorized("account_not_found", "This account no longer exists.").ToProblem();
        }

        // The sign-in check, so wrong guesses here count towards the same lockout as at the sign-in form.
        var checkedUser = await credentials.CheckAsync(new SignInRequest(account.UserName, request.CurrentPassword));
        if (checkedUser.Error is { } error)
        {
            return (error.Code switch
            {
                "invalid_credentials" => ApiError.Forbidden("wrong_password", "Your current password is not correct."),
                "validation_failed" => ApiError.Validation(new ValidationErrors().Add("currentPassword", "Enter your current password."), "Enter your current password."),
                _ => error,
            }).ToProblem();
        }

        var user = checkedUser.Value!;
        foreach (var passwordError in PasswordPolicy.Check(request.NewPassword, user.UserName, user.Email))
        {
            errors.Add("newPassword", passwordError);
        }

        if (request.NewPassword == request.CurrentPassword)
        {
            errors.Add("newPassword", "Choose a password other than your current one.");
        }

        if (!errors.IsEmpty)
        {
            return ApiError.Validation(errors, "The password was not changed: " + errors.Summary()).ToProblem();
        }

        var changed = await users.ChangePasswordAsync(user, request.CurrentPassword!, request.NewPassword!);
        if (!changed.Succeeded)
        {
            return ApiError.Conflict("password_not_changed", "Your password was changed elsewhere meanwhile. Sign in again and retry.").ToProblem();
        }

        var ended = request.SignOutOtherSessions == true ? await userSessions.RevokeOthersAsync(user.Id, keep: http.User.GetSessionId()) : 0;
        await audit.RecordAsync(AuditActions.PasswordChanged, AuditActor.Of(http), AuditTarget.User(user.Id, user.UserName), $"{ended} other session(s) ended.");
        return TypedResults.NoContent();
    }

}

public sealed record ForgotPasswordRequest(string? Email);

public sealed record ForgotPasswordResponse(string Message);

public sealed record ResetPasswordRequest(string? Token, string? NewPassword);

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword, bool? SignOutOtherSessions);
