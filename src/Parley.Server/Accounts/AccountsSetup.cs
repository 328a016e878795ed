using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Parley.Events;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;

namespace Parley.Accounts;

public static class AccountsSetup
{
    public const string AntiforgeryHeader = "X-CSRF-TOKEN";

    /// <summary>Identity for users and passwords, cookie + bearer authentication backed by revocable sessions, CSRF protection.</summary>
    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var signIn = (builder.Configuration.GetSection(ParleyOptions.Section).Get<ParleyOptions>() ?? new ParleyOptions()).SignIn;

        services.AddIdentityCore<User>(identity =>
            {
                identity.User.RequireUniqueEmail = true;
                identity.User.AllowedUserNameCharacters = UsernameRules.AllowedCharacters;
                // Length, common passwords and similarity are PasswordPolicy's job; no composition rules (NIST 800-63B).
                identity.Password.RequiredLength = 1;
                identity.Password.RequiredUniqueChars = 1;
                identity.Password.RequireDigit = false;
                identity.Password.RequireLowercase = false;
                identity.Password.RequireUppercase = false;
                identity.Password.RequireNonAlphanumeric = false;
                identity.Lockout.AllowedForNewUsers = true;
                identity.Lockout.MaxFailedAccessAttempts = signIn.MaxFailedAttempts;
                identity.Lockout.DefaultLockoutTimeSpan = signIn.LockoutDuration;
                // The store's passkey support (AspNetUserPasskeys) is for schema version 3; the table itself is stated in Data/Model/Passkeys.cs.
                identity.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
            })
            .AddEntityFrameworkStores<ParleyDb>()
            .AddSignInManager()
            .AddPasswordValidator<PasswordPolicyValidator>();

        services.AddAuthentication(AuthSchemes.Default)
            .AddPolicyScheme(AuthSchemes.Default, "Cookie or bearer token", policy =>
                policy.ForwardDefaultSelector = http => HasBearerToken(http.Request) ? AuthSchemes.Token : AuthSchemes.Cookie)
            .AddCookie(AuthSchemes.Cookie, cookie =>
            {
                cookie.Cookie.Name = "parley.session";
                cookie.Cookie.HttpOnly = true;
                // Strict: the browser never sends the session cookie on a request another site starts, including
                // the WebSocket handshake; the antiforgery token covers the rest.
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.SlidingExpiration = false;
                cookie.Events.OnRedirectToLogin = context => WriteProblemAsync(context, ApiError.Unauthorized("not_signed_in", "Sign in to continue."));
                cookie.Events.OnRedirectToAccessDenied = context => WriteProblemAsync(context, ApiError.Forbidden("forbidden", "You may not do this."));
            })
            .AddBearerToken(AuthSchemes.Token, bearer =>
            {
                bearer.BearerTokenExpiration = signIn.AccessTokenLifetime;
                bearer.Events.OnMessageReceived = context =>
                {
                    // Browsers cannot set headers on a WebSocket, so the hub also takes the token from the query.
                    if (context.Request.Path.StartsWithSegments("/hubs") && context.Request.Query["access_token"] is [{ Length: > 0 } token])
                    {
                        context.Token = token;
                    }

                    return Task.CompletedTask;
                };
            });

        services.AddAuthorization();
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.HeaderName = AntiforgeryHeader;
            antiforgery.Cookie.Name = "parley.csrf";
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        services.AddMemoryCache();
        services.AddSingleton<SessionStore>();
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<IEventSubscriber>(sp => sp.GetRequiredService<UserDirectory>());
        services.AddHttpContextAccessor();
        services.AddScoped<CredentialCheck>();
        services.AddScoped<Administrators>();
        services.AddScoped<ProfileChanges>();
        services.AddSingleton<AvatarStore>();
        services.AddScoped<AccessTokens>();
        services.AddScoped<UserSessions>();
        services.Configure<RegistrationOptions>(builder.Configuration.GetSection(RegistrationOptions.Section));
        services.AddScoped<RegistrationGate>();
        return builder;
    }

    public static async Task WarnIfNoAdministratorAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Administrators>().WarnIfNoneAsync();
    }

    /// <summary>Authenticates the caller and rejects a cookie or token whose session was signed out or revoked.</summary>
    public static WebApplication UseAccounts(this WebApplication app)
    {
        app.UseAuthentication();
        app.Use(async (http, next) =>
        {
            if (http.User.Identity?.IsAuthenticated == true)
            {
                var sessions = http.RequestServices.GetRequiredService<SessionStore>();
                if (http.User.GetSessionId() is not { } sessionId || !await sessions.IsActiveAsync(sessionId))
                {
                    if (http.User.Identity.AuthenticationType == AuthSchemes.Cookie)
                    {
                        await http.SignOutAsync(AuthSchemes.Cookie);
                    }

                    http.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity());
                }
            }

            await next(http);
        });
        app.UseAuthorization();
        return app;
    }

    /// <summary>
    /// Every state-changing request that could ride on the browser's cookie must carry the antiforgery token.
    /// Bearer-token requests are exempt: a token is never sent by the browser on its own.
    /// </summary>
    public static TBuilder RequireAntiforgeryForCookies<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var optedOut = http.GetEndpoint()?.Metadata.GetMetadata<IAntiforgeryMetadata>() is { RequiresValidation: false };
            if (!optedOut && !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) && !HasBearerToken(http.Request))
            {
                var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
                if (!await antiforgery.IsRequestValidAsync(http))
                {
                    return ApiError.BadRequest("antiforgery_failed",
                        $"This request is missing its security token (the {AntiforgeryHeader} header from GET /api/auth/antiforgery). Reload the page and try again.").ToProblem();
                }
            }

            return await next(context);
        });

    private static bool HasBearerToken(HttpRequest request) =>
        request.Headers.Authorization is [{ } header] && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        || (request.Path.StartsWithSegments("/hubs") && request.Query.ContainsKey("access_token"));

    private static async Task WriteProblemAsync(RedirectContext<CookieAuthenticationOptions> context, ApiError error)
    {
        context.Response.StatusCode = error.Status;
        await error.ToProblem().ExecuteAsync(context.HttpContext);
    }
}
