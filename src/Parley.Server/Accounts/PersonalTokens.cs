using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Audit;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;

namespace Parley.Accounts;

/// <summary>Parley:PersonalTokens: how long personal access tokens may live and how many one account may hold.</summary>
public sealed class PersonalTokenOptions
{
    public const string Section = "Parley:PersonalTokens";

    /// <summary>The longest lifetime a token may be given, in days; null lets a token never expire.</summary>
    public int? MaxLifetimeDays { get; set; }

    /// <summary>Active tokens one account may hold at once.</summary>
    public int MaxPerUser { get; set; } = 50;
}

/// <summary>What makes a token: its name, its lifetime, and the account's current password.</summary>
public sealed record CreatePersonalTokenRequest(string? Name, int? ExpiresInDays, string? Password);

/// <summary>A personal access token as the list shows it; its secret is never shown again after creation.</summary>
public sealed record PersonalTokenDto(Guid Id, string Name, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? ExpiresAt);

public sealed record CreatedPersonalToken(PersonalTokenDto Token, string AccessToken);

/// <summary>
/// Tokens for scripts that an account makes in settings: what lets a two-factor account keep its scripts, and any
/// account give a script its own revocable credential instead of the password. Each is a session of its own
/// kind, so the bearer scheme, the sessions list, revocation and the cutting of live connections treat it like
/// any other session. Making one asks for the current password: a token outlives the session that made it, so a
/// hijacked browser session alone must not be able to mint one.
/// </summary>
public sealed class PersonalTokens(
    ParleyDb db,
    UserManager<User> users,
    CredentialCheck credentials,
    UserSessions userSessions,
    IOptions<PersonalTokenOptions> options,
    IOptionsMonitor<BearerTokenOptions> bearerOptions,
    AuditLog audit,
    IHttpContextAccessor httpContext,
    TimeProvider clock)
{
    public const int MaxNameLength = 64;

    /// <summary>A token that never expires is stored with this expiry (sessions always have one) and listed as none.</summary>
    public static readonly DateTime Never = new(9999, 12, 31, 0, 0, 0, DateTimeKind.Utc);

    public async Task<List<PersonalTokenDto>> ListAsync(long userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var tokens = await db.Sessions.AsNoTracking()
            .Where(s => s.UserId == userId && s.Kind == SessionKind.PersonalToken && s.RevokedAt == null && s.ExpiresAt > now)
            .ToListAsync(cancellationToken);
        return [.. tokens.OrderByDescending(s => s.CreatedAt).Select(ToDto)];
    }

    public async Task<Result<CreatedPersonalToken>> CreateAsync(long userId, CreatePersonalTokenRequest request)
    {
        var limits = options.Value;
        var name = request.Name?.Trim();
        var errors = new ValidationErrors()
            .AddIf(string.IsNullOrEmpty(name), "name", "Name the token after what will use it, such as \"backup script\".")
            .AddIf(name is { } n && TextLength.Of(n) > MaxNameLength, "name", $"A token's name is at most {MaxNameLength} characters.")
            .AddIf(request.ExpiresInDays is < 1, "expiresInDays", "A token lives at least one day.")
            .AddIf(request.ExpiresInDays > limits.MaxLifetimeDays, "expiresInDays", $"This server lets a token live at most {limits.MaxLifetimeDays} days.")
            .AddIf(request.ExpiresInDays is null && limits.MaxLifetimeDays is not null, "expiresInDays", $"This server lets a token live at most {limits.MaxLifetimeDays} days: choose an expiry.")
            // Past this, the date would not fit in a session's expiry; nobody needs a token for centuries.
            .AddIf(request.ExpiresInDays > 36_500, "expiresInDays", "Choose at most 36500 days, or no expiry.")
            .AddIf(string.IsNullOrEmpty(request.Password), "password", "Enter your current password.");
        if (!errors.IsEmpty)
        {
            return ApiError.Validation(errors, "The token was not created: " + errors.Summary());
        }

        if (await users.FindByIdAsync(userId.ToString(System.Globalization.CultureInfo.InvariantCulture)) is not { } user)
        {
            return ApiError.Unauthorized("account_not_found", "This account no longer exists.");
        }

        if (user.DeactivatedAt is not null)
        {
            return CredentialCheck.AccountDeactivated;
        }

        if (await credentials.CheckCurrentPasswordAsync(user, request.Password) is { } refused)
        {
            return refused;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var active = await db.Sessions.CountAsync(s => s.UserId == userId && s.Kind == SessionKind.PersonalToken && s.RevokedAt == null && s.ExpiresAt > now);
        if (active >= limits.MaxPerUser)
        {
            return ApiError.Conflict("too_many_personal_tokens", $"You have {active} personal access tokens, the most this server allows. Revoke one you no longer use first.");
        }

        var http = httpContext.HttpContext;
        var session = new UserSession
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            Kind = SessionKind.PersonalToken,
            Name = name,
            CreatedAt = now,
            LastSeenAt = now,
            ExpiresAt = request.ExpiresInDays is { } days ? now.AddDays(days) : Never,
            IpAddress = http?.ClientAddress(),
        };
        db.Sessions.Add(session);
        await db.SaveChangesAsync();

        var principal = CurrentUser.CreatePrincipal(user, session, AuthSchemes.Token);
        var ticket = new AuthenticationTicket(principal, new AuthenticationProperties { ExpiresUtc = session.ExpiresAt }, AuthSchemes.Token);
        var secret = bearerOptions.Get(AuthSchemes.Token).BearerTokenProtector.Protect(ticket);
        await audit.RecordAsync(AuditActions.PersonalTokenCreated, Actor(user.Id, user.UserName), AuditTarget.User(user.Id, user.UserName),
            $"\"{name}\", {(request.ExpiresInDays is { } d ? $"expires in {d} days" : "never expires")}");
        return new CreatedPersonalToken(ToDto(session), secret);
    }

    /// <summary>False when the caller has no such active token; the token's live connections close at once.</summary>
    public async Task<bool> RevokeAsync(long userId, string? userName, Guid tokenId)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var name = await db.Sessions
            .Where(s => s.Id == tokenId && s.UserId == userId && s.Kind == SessionKind.PersonalToken && s.RevokedAt == null && s.ExpiresAt > now)
            .Select(s => s.Name)
            .FirstOrDefaultAsync();
        if (name is null || !await userSessions.RevokeAsync(userId, tokenId))
        {
            return false;
        }

        await audit.RecordAsync(AuditActions.PersonalTokenRevoked, Actor(userId, userName), AuditTarget.User(userId, userName), $"\"{name}\"");
        return true;
    }

    private AuditActor Actor(long userId, string? userName) =>
        httpContext.HttpContext is { } http ? AuditActor.Of(http, userId, userName) : new AuditActor(userId, userName, null);

    private static PersonalTokenDto ToDto(UserSession session) =>
        new(session.Id, session.Name ?? "", session.CreatedAt,
            // A new token's "last seen" is its creation: it has not been used yet.
            session.LastSeenAt > session.CreatedAt ? session.LastSeenAt : null,
            session.ExpiresAt >= Never ? null : session.ExpiresAt);
}
