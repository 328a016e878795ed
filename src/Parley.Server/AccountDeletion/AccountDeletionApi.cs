using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Accounts;
using Parley.Audit;
using Parley.Infrastructure;

namespace Parley.AccountDeletion;

public sealed record DeleteAccountRequest(string? Password);

/// <summary>What deleting the account would do to the person's messages: "keep" or "remove".</summary>
public sealed record AccountDeletionTerms(string Messages);

public static class AccountDeletionApi
{
    public static WebApplicationBuilder AddAccountDeletion(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<AccountDeleter>();
        return builder;
    }

    public static RouteGroupBuilder MapAccountDeletion(this RouteGroupBuilder api)
    {
        api.MapGet("/me/delete", (AccountDeleter deletion) => TypedResults.Ok(new AccountDeletionTerms(deletion.MessagesMode))).WithTags("Accounts")
            .WithSummary("What deleting your account would do to your messages: \"keep\" or \"remove\"");
        // POST, not DELETE with a body: some proxies and clients drop a DELETE's body, and the password must arrive.
        api.MapPost("/me/delete", DeleteAsync).WithTags("Accounts").RequireUserLimit(UserLimit.Sessions)
            .WithSummary("Delete your account (needs your password)")
            .WithDescription("Signs out every session and closes live connections, leaves every room (a room you own passes to its longest-serving admin or member, or is deleted if nobody else is in it), and empties the account. Your messages stay, signed \"Deleted user\", or are deleted everywhere, as the server is configured (Parley:Accounts:DeletedAccountMessages).");
        return api;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(DeleteAccountRequest request, HttpContext http, AccountDeleter deletion)
    {
        if (request.Password is { } password && TextLength.Of(password) > PasswordPolicy.MaxLength)
        {
            return AccountDeleter.WrongPassword.ToProblem();
        }

        var deleted = await deletion.DeleteAsync(http.User.GetUserId(), request.Password, AuditActor.Of(http));
        if (!deleted.IsSuccess)
        {
            return deleted.Error!.ToProblem();
        }

        if (http.User.Identity?.AuthenticationType == AuthSchemes.Cookie)
        {
            await http.SignOutAsync(AuthSchemes.Cookie);
        }

        return TypedResults.NoContent();
    }
}
