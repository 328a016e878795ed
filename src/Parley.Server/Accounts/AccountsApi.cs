using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Parley.Audit;
using Parley.Events;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;

namespace Parley.Accounts;

public static class AccountsApi
{
    public static RouteGroupBuilder MapAccounts(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Accounts");

        auth.MapGet("/antiforgery", GetAntiforgeryToken).AllowAnonymous()
            .WithSummary("A token for the X-CSRF-TOKEN header")
            .WithDescription("Browser (cookie) clients send it with every POST, PATCH, PUT and DELETE. Fetch a new one after signing in or out.");
        auth.MapGet("/password-policy", () => TypedResults.Ok(new PasswordPolicyResponse(PasswordPolicy.MinLength, PasswordPolicy.MaxLength, PasswordPolicy.Rules)))
            .AllowAnonymous().WithSummary("The password rules, to show before anyone fails them");
        auth.MapGet("/registration", async (RegistrationGate gate, CancellationToken ct) => TypedResults.Ok(await gate.PolicyAsync(ct)))
            .AllowAnonymous().WithSummary("Whether anyone may register, only with an invite code, or nobody");
        auth.MapPost("/register", RegisterAsync).AllowAnonymous().RequireRateLimiting(RateLimits.Registration)
            .WithSummary("Create an account and sign in (browser cookie)");
        auth.MapPost("/login", SignInAsync).AllowAnonymous().RequireRateLimiting(RateLimits.SignIn)
            .WithSummary("Sign in with a browser cookie");
        auth.MapPost("/logout", SignOutAsync)
            .WithSummary("End this session and its live connections");

        // Scripts call this with credentials in the body; it sets no cookie, so there is nothing to forge.
        auth.MapPost("/token", IssueTokenAsync).AllowAnonymous().RequireRateLimiting(RateLimits.SignIn).DisableAntiforgery()
            .WithSummary("Exchange a username and password for a bearer access token")
            .WithDescription("Send it as `Authorization: Bearer …`, to the API and the hub alike; where a header cannot be set (a browser's WebSocket), the hub also takes it as the `access_token` query parameter.");

        api.MapGet("/me", GetMeAsync).WithTags("Accounts").WithSummary("The signed-in user");
        return api;
    }

    private static Ok<AntiforgeryTokenResponse> GetAntiforgeryToken(HttpContext http, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return TypedResults.Ok(new AntiforgeryTokenResponse(tokens.RequestToken!, tokens.HeaderName!));
    }

    private static async Task<Results<Created<MeDto>, Accepted<MailSentResponse>, ProblemHttpResult>> RegisterAsync(
        RegisterRequest request,
        HttpContext http,
        UserManager<User> users,
        SessionStore sessions,
        IEnumerable<INewAccountHandler> newAccountHandlers,
        IOptions<ParleyOptions> options,
        IOptions<AccountOptions> accountOptions,
        Administrators administrators,
        RegistrationGate gate,
        AuditLog audit,
        TimeProvider clock)
    {
        // Before the fields: on a closed server, whether a name is taken is nobody's business.
        if (await gate.RefusalAsync(request.InviteCode) is { } refusal)
        {
            return refusal.ToProblem();
        }

        var errors = new ValidationErrors();
        var username = request.Username?.Trim();
        var email = request.Email?.Trim();
        if (UsernameRules.Check(username) is { } usernameError)
        {
            errors.Add("username", usernameError);
        }
        else if (await users.FindByNameAsync(username!) is not null)
        {
            errors.Add("username", "This username is taken. Choose another.");
        }

        if (AccountRules.CheckEmail(email) is { } emailError)
        {
            errors.Add("email", emailError);
        }
        else if (await users.FindByEmailAsync(email!) is not null)
        {
            errors.Add("email", "An account with this email address already exists. Sign in instead.");
        }

        if (AccountRules.CheckDisplayName(request.DisplayName, out var displayName) is { } displayNameError)
        {
            errors.Add("displayName", displayNameError);
        }

        foreach (var passwordError in PasswordPolicy.Check(request.Password, username, email))
        {
            errors.Add("password", passwordError);
        }

        if (!errors.IsEmpty)
        {
            return ApiError.Validation(errors, "The account was not created: " + errors.Summary()).ToProblem();
        }

        var admission = await gate.AdmitAsync(request.InviteCode);
        if (!admission.IsSuccess)
        {
            return admission.Error!.ToProblem();
        }

        var user = new User
        {
            UserName = username,
            Email = email,
            DisplayName = displayName ?? username!,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        var created = await users.CreateAsync(user, request.Password!);
        if (!created.Succeeded)
        {
            await gate.ReleaseAsync(admission.Value!);
            // Only a race with another registration of the same name or email gets here.
            foreach (var error in created.Errors)
            {
                errors.Add(error.Code.Contains("Email", StringComparison.Ordinal) ? "email" : error.Code.Contains("UserName", StringComparison.Ordinal) ? "username" : "password", error.Description);
            }

            return ApiError.Validation(errors, "The account was not created: " + errors.Summary()).ToProblem();
        }

        // The answer below is the new account as the web app will show it: administrator included.
        user.IsAdmin = await administrators.PromoteIfFirstAccountAsync(user.Id);
        await audit.RecordAsync(AuditActions.AccountRegistered, AuditActor.Of(http, user.Id, user.UserName), AuditTarget.User(user.Id, user.UserName));
        foreach (var handler in newAccountHandlers)
        {
            // Not the request's token: an account half set up because its creator went away is worse than a finished one.
            await handler.AccountCreatedAsync(user.Id, CancellationToken.None);
        }

        if (EmailVerificationMode.Of(accountOptions.Value) == EmailVerificationMode.Required)
        {
            // No session until the address is verified (EmailVerification.NotVerified at sign-in).
            return TypedResults.Accepted((string?)null, new MailSentResponse($"Your account was created. Open the link we mailed to {user.Email} to verify your address, then sign in."));
        }

        await SignInWithCookieAsync(http, user, sessions, options.Value);
        return TypedResults.Created("/api/me", ToMe(user));
    }

    private static async Task<Results<Ok<MeDto>, ProblemHttpResult>> SignInAsync(
        SignInRequest request, HttpContext http, CredentialCheck credentials, TwoFactorTickets twoFactor)
    {
        var user = await credentials.CheckAsync(request);
        if (!user.IsSuccess)
        {
            return user.Error!.ToProblem();
        }

        // The password alone makes no session for a two-factor account: the code step (TwoFactorApi) does.
        return user.Value!.TwoFactorEnabled
            ? twoFactor.Challenge(user.Value)
            : TypedResults.Ok(await StartBrowserSessionAsync(http, user.Value, "Browser"));
    }

    /// <summary>
    /// The end of every way of signing in with a browser, whatever proved who it is (password, two-factor code,
    /// passkey): the audit line saying <paramref name="how"/>, a revocable session and its cookie; with
    /// Parley:SignIn:SingleSession the account's other browser sessions end.
    /// </summary>
    internal static async Task<MeDto> StartBrowserSessionAsync(HttpContext http, User user, string how)
    {
        var services = http.RequestServices;
        var options = services.GetRequiredService<IOptions<ParleyOptions>>().Value;
        await services.GetRequiredService<AuditLog>().RecordAsync(AuditActions.SignInSucceeded, AuditActor.Of(http, user.Id, user.UserName), AuditTarget.User(user.Id, user.UserName), how);

        var session = await SignInWithCookieAsync(http, user, services.GetRequiredService<SessionStore>(), options);
        if (options.SignIn.SingleSession)
        {
            await services.GetRequiredService<UserSessions>().RevokeOthersAsync(user.Id, session.Id, SessionKind.Browser);
        }

        return ToMe(user);
    }

    private static async Task<Results<Ok<AccessTokenResponse>, ProblemHttpResult>> IssueTokenAsync(
        SignInRequest request, HttpContext http, CredentialCheck credentials, AccessTokens tokens, AuditLog audit)
    {
        var user = await credentials.CheckAsync(request);
        if (!user.IsSuccess)
        {
            return user.Error!.ToProblem();
        }

        // A script cannot answer a code prompt, and a password alone must not get past two-factor: a personal access token stands in.
        if (user.Value!.TwoFactorEnabled)
        {
            return TwoFactor.PersonalTokenRequired.ToProblem();
        }

        await audit.RecordAsync(AuditActions.AccessTokenIssued, AuditActor.Of(http, user.Value!.Id, user.Value.UserName), AuditTarget.User(user.Value.Id, user.Value.UserName));
        return TypedResults.Ok(await tokens.IssueAsync(user.Value!, http.Request.Headers.UserAgent, http.ClientAddress()));
    }

    private static async Task<NoContent> SignOutAsync(HttpContext http, SessionStore sessions, IEventBus bus)
    {
        if (http.User.GetSessionId() is { } sessionId)
        {
            await sessions.RevokeAsync(sessionId);
            await bus.PublishAsync(new SessionRevoked(sessionId));
        }

        if (http.User.Identity?.AuthenticationType == AuthSchemes.Cookie)
        {
            await http.SignOutAsync(AuthSchemes.Cookie);
        }

        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<MeDto>, ProblemHttpResult>> GetMeAsync(HttpContext http, UserManager<User> users)
    {
        var user = await users.FindByIdAsync(http.User.GetUserId().ToString(System.Globalization.CultureInfo.InvariantCulture));
        return user is null
            ? ApiError.Unauthorized("account_not_found", "This account no longer exists.").ToProblem()
            : TypedResults.Ok(ToMe(user));
    }

    private static async Task<UserSession> SignInWithCookieAsync(HttpContext http, User user, SessionStore sessions, ParleyOptions options)
    {
        var lifetime = options.SignIn.BrowserSessionLifetime;
        var session = await sessions.CreateAsync(user.Id, SessionKind.Browser, lifetime, http.Request.Headers.UserAgent, http.ClientAddress());
        var principal = CurrentUser.CreatePrincipal(user, session, AuthSchemes.Cookie);
        await http.SignInAsync(AuthSchemes.Cookie, principal, new AuthenticationProperties { IsPersistent = true, ExpiresUtc = session.ExpiresAt });
        return session;
    }

    private static MeDto ToMe(User user) => MeDto.From(user);
}
