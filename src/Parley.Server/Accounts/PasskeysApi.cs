using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;

namespace Parley.Accounts;

/// <summary>Passkeys: adding them to one's account and managing them, and signing in with one instead of a password.</summary>
public static class PasskeysApi
{
    public static RouteGroupBuilder MapPasskeys(this RouteGroupBuilder api)
    {
        var mine = api.MapGroup("/me/passkeys").WithTags("Accounts").RequireUserLimit(UserLimit.Passkeys);
        // The current password, not only the session: whoever finds a browser left signed in (or steals its cookie)
        // must not be able to give themselves a way in that outlives the session and a password change. Counts
        // towards the sign-in lockout like the sign-in form, so it is no way around it for guessing.
        mine.MapPost("/creation-options", StartRegistrationAsync).RequireRateLimiting(RateLimits.SignIn)
            .WithSummary("Start adding a passkey: checks the current password, answers the options for navigator.credentials.create()")
            .WithDescription("`options` is PublicKeyCredentialCreationOptionsJSON; send the credential it creates (its toJSON()) to POST /api/me/passkeys with `ceremonyId` within the authenticator's timeout.");
        mine.MapPost("/", FinishRegistrationAsync)
            .WithSummary("Add the passkey the browser created")
            .WithDescription("`credential` is the RegistrationResponseJSON; `name` is optional (the browser and system it was made on).");
        mine.MapGet("/", ListAsync).WithSummary("Your passkeys: name, when added, when last used to sign in");
        mine.MapPatch("/{id}", RenameAsync).WithSummary("Rename a passkey");
        mine.MapDelete("/{id}", RemoveAsync)
            .WithSummary("Remove a passkey; it can no longer sign in")
            .WithDescription("Another person's passkey answers 404 like one that does not exist. The passkey stays in the authenticator: remove it there too.");

        var auth = api.MapGroup("/auth/passkey").WithTags("Accounts");
        auth.MapPost("/request-options", StartSignInAsync).AllowAnonymous().RequireRateLimiting(RateLimits.SignIn)
            .WithSummary("Start signing in with a passkey: the options for navigator.credentials.get()")
            .WithDescription("No username: the browser offers the passkeys it holds for this server (discoverable credentials).");
        auth.MapPost("/sign-in", SignInAsync).AllowAnonymous().RequireRateLimiting(RateLimits.SignIn)
            .WithSummary("Sign in with the passkey the browser chose (browser cookie)")
            .WithDescription("A passkey counts as two factors: no one-time code follows.");
        return api;
    }

    private static async Task<Results<Ok<PasskeyOptionsResponse>, ProblemHttpResult>> StartRegistrationAsync(
        StartPasskeyRegistrationRequest request, HttpContext http, UserManager<User> users, CredentialCheck credentials, Passkeys passkeys)
    {
        var account = await users.FindByIdAsync(http.User.GetUserId().ToString(CultureInfo.InvariantCulture));
        if (account is null)
        {
            return ApiError.Unauthorized("account_not_found", "This account no longer exists.").ToProblem();
        }

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

        return ApiResults.Ok(await passkeys.StartRegistrationAsync(checkedUser.Value!, http.User.GetSessionId(), http));
    }

    private static async Task<Results<Created<PasskeyDto>, ProblemHttpResult>> FinishRegistrationAsync(
        AddPasskeyRequest request, HttpContext http, UserManager<User> users, Passkeys passkeys)
    {
        if (await CurrentAsync(http, users) is not { } user)
        {
            return AccountGone.ToProblem();
        }

        var added = await passkeys.FinishRegistrationAsync(user, http.User.GetSessionId(), request.CeremonyId, request.Credential, request.Name, http);
        return added.IsSuccess ? TypedResults.Created("/api/me/passkeys", added.Value!) : added.Error!.ToProblem();
    }

    private static async Task<Results<Ok<List<PasskeyDto>>, ProblemHttpResult>> ListAsync(HttpContext http, UserManager<User> users, Passkeys passkeys) =>
        await CurrentAsync(http, users) is { } user ? TypedResults.Ok(await passkeys.ListAsync(user)) : AccountGone.ToProblem();

    private static async Task<Results<Ok<PasskeyDto>, ProblemHttpResult>> RenameAsync(
        string id, RenamePasskeyRequest request, HttpContext http, UserManager<User> users, Passkeys passkeys) =>
        await CurrentAsync(http, users) is { } user ? ApiResults.Ok(await passkeys.RenameAsync(user, id, request.Name)) : AccountGone.ToProblem();

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(string id, HttpContext http, UserManager<User> users, Passkeys passkeys)
    {
        if (await CurrentAsync(http, users) is not { } user)
        {
            return AccountGone.ToProblem();
        }

        return await passkeys.RemoveAsync(user, id, http) is { } error ? error.ToProblem() : TypedResults.NoContent();
    }

    private static async Task<Ok<PasskeyOptionsResponse>> StartSignInAsync(HttpContext http, Passkeys passkeys) =>
        TypedResults.Ok(await passkeys.StartSignInAsync(http));

    private static async Task<Results<Ok<MeDto>, ProblemHttpResult>> SignInAsync(PasskeySignInRequest request, HttpContext http, Passkeys passkeys)
    {
        var user = await passkeys.SignInAsync(request.CeremonyId, request.Credential, http);
        if (!user.IsSuccess)
        {
            return user.Error!.ToProblem();
        }

        await AccountsApi.StartBrowserSessionAsync(http, user.Value!, "Passkey");
        return TypedResults.Ok(MeDto.From(user.Value!));
    }

    private static readonly ApiError AccountGone = ApiError.Unauthorized("account_not_found", "This account no longer exists.");

    private static Task<User?> CurrentAsync(HttpContext http, UserManager<User> users) =>
        users.FindByIdAsync(http.User.GetUserId().ToString(CultureInfo.InvariantCulture));
}

/// <summary>Identity's passkey handler and options, with the relying party taken from where people reach the server.</summary>
public static class PasskeySetup
{
    public static WebApplicationBuilder AddPasskeys(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<IdentityPasskeyOptions>().Configure<IOptions<ParleyOptions>>((passkeys, parley) =>
        {
            // The relying party id is the public host: with Parley:PublicBaseUrl its host, otherwise the request's
            // (as the forwarded headers restored it behind a trusted proxy). A passkey works only on the host it was
            // made for, so a server reached under two names should set PublicBaseUrl.
            if (!string.IsNullOrWhiteSpace(parley.Value.PublicBaseUrl) && Uri.TryCreate(parley.Value.PublicBaseUrl.Trim(), UriKind.Absolute, out var configured))
            {
                passkeys.ServerDomain = configured.IdnHost;
            }

            // A fingerprint, face or PIN on every use: that is what lets a passkey stand in for password and second factor.
            passkeys.UserVerificationRequirement = "required";
            // Discoverable, so "Sign in with a passkey" needs no username.
            passkeys.ResidentKeyRequirement = "required";
            passkeys.ValidateOrigin = context => ValueTask.FromResult(!context.CrossOrigin && IsPublicOrigin(context.HttpContext, context.Origin));
        });
        services.AddScoped<IPasskeyHandler<User>, PasskeyHandler<User>>();
        services.AddSingleton<PasskeyCeremonies>();
        services.AddScoped<Passkeys>();
        return builder;
    }

    /// <summary>The page that ran the ceremony must be this server's own, as people reach it (PublicAddress).</summary>
    private static bool IsPublicOrigin(HttpContext http, string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var page)
        && Uri.Compare(page, PublicAddress.BaseUrl(http), UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
}

public sealed record StartPasskeyRegistrationRequest(string? CurrentPassword);

public sealed record AddPasskeyRequest(string? CeremonyId, JsonElement? Credential, string? Name);

public sealed record RenamePasskeyRequest(string? Name);

public sealed record PasskeySignInRequest(string? CeremonyId, JsonElement? Credential);
