using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Audit;
using Parley.Infrastructure;

namespace Parley.Accounts;

/// <summary>The caller's own sessions (browsers and access tokens): see where the account is signed in, sign any of them out.</summary>
public static class SessionsApi
{
    public static RouteGroupBuilder MapSessions(this RouteGroupBuilder api)
    {
        var sessions = api.MapGroup("/me/sessions").WithTags("Accounts").RequireUserLimit(UserLimit.Sessions);

        sessions.MapGet("/", ListAsync)
            .WithSummary("Your active sessions: browsers and access tokens")
            .WithDescription("Browser and operating system are read from the user agent; `current` marks the session making this request.");
        sessions.MapDelete("/{id:guid}", RevokeAsync)
            .WithSummary("Sign one session out")
            .WithDescription("Its next request is refused and its live connections close at once. Someone else's session answers 404 like one that does not exist.");
        sessions.MapPost("/revoke-others", RevokeOthersAsync)
            .WithSummary("Sign out every session but this one");
        return api;
    }

    private static async Task<Ok<List<SessionDto>>> ListAsync(HttpContext http, UserSessions sessions, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sessions.ListAsync(http.User.GetUserId(), http.User.GetSessionId(), cancellationToken));

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(Guid id, HttpContext http, UserSessions sessions, AuditLog audit)
    {
        if (!await sessions.RevokeAsync(http.User.GetUserId(), id))
        {
            return ApiError.NotFound("session_not_found", "There is no such active session.").ToProblem();
        }

        await audit.RecordAsync(AuditActions.SessionsRevoked, AuditActor.Of(http), new AuditTarget("session", id.ToString(), null), "Signed out from the sessions list.");
        return TypedResults.NoContent();
    }

    private static async Task<Ok<RevokedSessionsResponse>> RevokeOthersAsync(HttpContext http, UserSessions sessions, AuditLog audit)
    {
        var revoked = await sessions.RevokeOthersAsync(http.User.GetUserId(), http.User.GetSessionId() ?? Guid.Empty);
        await audit.RecordAsync(AuditActions.SessionsRevoked, AuditActor.Of(http), AuditTarget.User(http.User.GetUserId(), http.User.Identity?.Name), $"Signed out everywhere else: {revoked} session(s) ended.");
        return TypedResults.Ok(new RevokedSessionsResponse(revoked));
    }
}

public sealed record RevokedSessionsResponse(int Revoked);
