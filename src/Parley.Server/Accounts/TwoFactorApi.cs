using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;

namespace Parley.Accounts;

public sealed record TwoFactorSetupRequest(string? Password);

public sealed record TwoFactorEnableRequest(string? Code);

public sealed record TwoFactorDisableRequest(string? Password, string? Code);

public sealed record TwoFactorCodeRequest(string? Code);

public sealed record TwoFactorSignInRequest(string? Ticket, string? Code, string? RecoveryCode);

/// <summary>Two-factor sign-in: turning it on and off in settings, and the code step after the password at sign-in.</summary>
public static class TwoFactorApi
{
    /// <summary>Two-factor sign-in (Identity's authenticator support, one-time codes) and personal access tokens.</summary>
    public static WebApplicationBuilder AddTwoFactor(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // AddIdentityCore registers no token providers: the authenticator one is ours, with codes that work once.
        services.AddTransient<OneTimeAuthenticatorTokenProvider>();
        services.Configure<IdentityOptions>(identity =>
            identity.Tokens.ProviderMap[TokenOptions.DefaultAuthenticatorProvider] = new TokenProviderDescriptor(typeof(OneTimeAuthenticatorTokenProvider)));
        services.AddScoped<TwoFactorTickets>();
        services.AddScoped<TwoFactor>();
        services.Configure<PersonalTokenOptions>(builder.Configuration.GetSection(PersonalTokenOptions.Section));
        services.AddScoped<PersonalTokens>();
        return builder;
    }

    public static RouteGroupBuilder MapTwoFactor(this RouteGroupBuilder api)
    {
        api.MapPost("/auth/login/two-factor", SignInAsync).WithTags("Accounts").AllowAnonymous().RequireRateLimiting(RateLimits.SignIn)
            .WithSummary("Second step of signing in (browser cookie): the ticket from `two_factor_required` and a code")
            .WithDescription("Send `code` (6 digits from the authenticator app) or `recoveryCode`. Each code and recovery code works once; wrong ones count towards the account's lockout.");

        // Each change asks for the password or a code: per address, like the sign-in form, so guesses here are limited as there.
        var twoFactor = api.MapGroup("/me/two-factor").WithTags("Accounts").RequireRateLimiting(RateLimits.SignIn);
        twoFactor.MapGet("/", StatusAsync).WithSummary("Whether two-factor sign-in is on, and how many recovery codes are left");
        twoFactor.MapPost("/setup", SetUpAsync)
            .WithSummary("A new authenticator key (text, otpauth URI and QR code); needs the current password")
            .WithDescription("Two-factor stays off until POST /enable confirms a code from the app.");
        twoFactor.MapPost("/enable", EnableAsync).WithSummary("Turn two-factor on with a code from the app; answers the ten recovery codes, shown this once");
        twoFactor.MapPost("/disable", DisableAsync).WithSummary("Turn two-factor off with the current password or a current code");
        twoFactor.MapPost("/recovery-codes", RegenerateAsync).WithSummary("Ten new recovery codes for a current code; the old ones stop working");
        return api;
    }

    private static async Task<Results<Ok<MeDto>, ProblemHttpResult>> SignInAsync(TwoFactorSignInRequest request, HttpContext http, TwoFactor twoFactor)
    {
        var user = await twoFactor.CompleteSignInAsync(request.Ticket, request.Code, request.RecoveryCode);
        return user.IsSuccess
            ? TypedResults.Ok(await AccountsApi.StartBrowserSessionAsync(http, user.Value!, "Browser, two-factor"))
            : user.Error!.ToProblem();
    }

    private static async Task<Results<Ok<TwoFactorStatus>, ProblemHttpResult>> StatusAsync(HttpContext http, UserManager<User> users, TwoFactor twoFactor) =>
        await CurrentAsync(http, users) is { } user ? TypedResults.Ok(await twoFactor.StatusAsync(user)) : AccountGone.ToProblem();

    private static async Task<Results<Ok<AuthenticatorSetup>, ProblemHttpResult>> SetUpAsync(TwoFactorSetupRequest request, HttpContext http, UserManager<User> users, TwoFactor twoFactor) =>
        await CurrentAsync(http, users) is { } user ? ApiResults.Ok(await twoFactor.SetUpAsync(user, request.Password)) : AccountGone.ToProblem();

    private static async Task<Results<Ok<RecoveryCodes>, ProblemHttpResult>> EnableAsync(TwoFactorEnableRequest request, HttpContext http, UserManager<User> users, TwoFactor twoFactor) =>
        await CurrentAsync(http, users) is { } user ? ApiResults.Ok(await twoFactor.EnableAsync(user, request.Code)) : AccountGone.ToProblem();

    private static async Task<Results<NoContent, ProblemHttpResult>> DisableAsync(TwoFactorDisableRequest request, HttpContext http, UserManager<User> users, TwoFactor twoFactor) =>
        await CurrentAsync(http, users) is { } user ? ApiResults.NoContent(await twoFactor.DisableAsync(user, request.Password, request.Code)) : AccountGone.ToProblem();

    private static async Task<Results<Ok<RecoveryCodes>, ProblemHttpResult>> RegenerateAsync(TwoFactorCodeRequest request, HttpContext http, UserManager<User> users, TwoFactor twoFactor) =>
        await CurrentAsync(http, users) is { } user ? ApiResults.Ok(await twoFactor.RegenerateRecoveryCodesAsync(user, request.Code)) : AccountGone.ToProblem();

    private static readonly ApiError AccountGone = ApiError.Unauthorized("account_not_found", "This account no longer exists.");

    private static Task<User?> CurrentAsync(HttpContext http, UserManager<User> users) =>
        users.FindByIdAsync(http.User.GetUserId().ToString(System.Globalization.CultureInfo.InvariantCulture));
}
