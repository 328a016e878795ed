using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Infrastructure;

namespace Parley.Accounts;

/// <summary>Personal access tokens for scripts, made and revoked in settings.</summary>
public static class PersonalTokensApi
{
    public static RouteGroupBuilder MapPersonalTokens(this RouteGroupBuilder api)
    {
        // Tokens are sessions: the sessions allowance covers listing, making and revoking them alike.
        var tokens = api.MapGroup("/me/tokens").WithTags("Accounts").RequireUserLimit(UserLimit.Sessions);
        tokens.MapGet("/", ListAsync).WithSummary("Your personal access tokens: name, created, last used, expiry");
        // Making one asks for the password: per address too, like the sign-in form, so guesses here are limited as there.
        tokens.MapPost("/", CreateAsync).RequireRateLimiting(RateLimits.SignIn)
            .WithSummary("Create a personal access token for a script; needs the current password; its secret is in this answer only")
            .WithDescription("`password` is the account's current password: a wrong one answers 403 `wrong_password` and counts towards the sign-in lockout. `expiresInDays` null for a token that never expires (unless the server caps lifetimes). Send the secret as `Authorization: Bearer …`, to the API and the hub; it works for accounts with two-factor sign-in too.");
        tokens.MapDelete("/{id:guid}", RevokeAsync).WithSummary("Revoke a personal access token; its live connections close at once");
        return api;
    }

    private static async Task<Ok<List<PersonalTokenDto>>> ListAsync(HttpContext http, PersonalTokens tokens, CancellationToken cancellationToken) =>
        TypedResults.Ok(await tokens.ListAsync(http.User.GetUserId(), cancellationToken));

    private static async Task<Results<Created<CreatedPersonalToken>, ProblemHttpResult>> CreateAsync(CreatePersonalTokenRequest request, HttpContext http, PersonalTokens tokens)
    {
        var created = await tokens.CreateAsync(http.User.GetUserId(), request);
        return created.IsSuccess ? TypedResults.Created($"/api/me/tokens/{created.Value!.Token.Id}", created.Value) : created.Error!.ToProblem();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(Guid id, HttpContext http, PersonalTokens tokens) =>
        await tokens.RevokeAsync(http.User.GetUserId(), http.User.Identity?.Name, id)
            ? TypedResults.NoContent()
            : ApiError.NotFound("personal_token_not_found", "There is no such personal access token.").ToProblem();
}
