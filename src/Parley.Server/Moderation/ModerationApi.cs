using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Access;
using Parley.Accounts;
using Parley.Audit;
using Parley.Events;
using Parley.Infrastructure;

namespace Parley.Moderation;

public static class ModerationApi
{
    public static WebApplicationBuilder AddModeration(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<Reports>();
        builder.Services.AddScoped<RoomModeration>();
        return builder;
    }

    /// <summary>
    /// Reporting messages and the reports queue (/api/reports), and bans and timeouts in rooms. Reports are filed
    /// through <see cref="ConversationAccess"/> as any member action; a report is handled through
    /// <see cref="ConversationAccess.ReportAsync"/>, which answers 404 report_not_found to whoever may not handle it.
    /// </summary>
    public static RouteGroupBuilder MapModeration(this RouteGroupBuilder api)
    {
        api.MapPost("/conversations/{id:long}/messages/{messageId:long}/report", async (long id, long messageId, ReportMessageRequest request, HttpContext http, ConversationAccess access, Reports reports, CancellationToken ct) =>
                ApiResults.Ok(await access.ConversationAsync(http.User.GetUserId(), id).ThenAsync(grant => reports.FileAsync(grant, messageId, request, AuditActor.Of(http), ct))))
            .WithTags("Moderation")
            .WithSummary("Report a message to the room's owner and admins and to the server's administrators (direct conversations: the administrators)")
            .WithDescription("`category` is `spam`, `harassment`, `inappropriate` or `other`; `comment` is optional (at most 500 characters). Once per message and person (409 `already_reported`); rate limited.");

        var queue = api.MapGroup("/reports").WithTags("Moderation");
        queue.MapGet("/", GetQueueAsync)
            .WithSummary("The caller's reports queue, newest first: all reports for server administrators, their rooms' for room owners and admins, none for others")
            .WithDescription("`status` is `open` (default) or `closed` (resolved and dismissed). At most 100.");
        queue.MapPost("/{reportId:long}/resolve", async (long reportId, HttpContext http, ConversationAccess access, Reports reports) =>
                ApiResults.Ok(await access.ReportAsync(http.User.GetUserId(), reportId).ThenAsync(grant => reports.ResolveAsync(grant, AuditActor.Of(http)))))
            .WithSummary("Mark a report handled (room owner and admins, server administrators)");
        queue.MapPost("/{reportId:long}/dismiss", async (long reportId, HttpContext http, ConversationAccess access, Reports reports) =>
                ApiResults.Ok(await access.ReportAsync(http.User.GetUserId(), reportId).ThenAsync(grant => reports.DismissAsync(grant, AuditActor.Of(http)))))
            .WithSummary("Dismiss a report: nothing to act on");
        queue.MapPost("/{reportId:long}/delete-message", async (long reportId, HttpContext http, ConversationAccess access, Reports reports, CancellationToken ct) =>
                ApiResults.Ok(await access.ReportAsync(http.User.GetUserId(), reportId).ThenAsync(grant => reports.DeleteMessageAsync(grant, AuditActor.Of(http), ct))))
            .WithSummary("Delete the reported message for everyone and resolve its reports; a server administrator may do so without being in the conversation");

        var rooms = api.MapGroup("/rooms").WithTags("Moderation");
        rooms.MapGet("/{id:long}/bans", async (long id, HttpContext http, ConversationAccess access, RoomModeration moderation) =>
                ApiResults.Ok(await access.RoomAsync(http.User.GetUserId(), id).ThenAsync(moderation.ListBansAsync)))
            .WithSummary("People banned from the room (owner, admins)");
        rooms.MapPost("/{id:long}/bans", async (long id, BanRequest request, HttpContext http, ConversationAccess access, RoomModeration moderation) =>
                ApiResults.Ok(await access.RoomAsync(http.User.GetUserId(), id).ThenAsync(room => moderation.BanAsync(room, request, AuditActor.Of(http)))))
            .WithSummary("Ban someone (`userId`, optional `reason`): removed at once, and refused every way back in until unbanned (owner: anyone; admins: plain members)");
        rooms.MapDelete("/{id:long}/bans/{userId:long}", async (long id, long userId, HttpContext http, ConversationAccess access, RoomModeration moderation) =>
                ApiResults.NoContent(await access.RoomAsync(http.User.GetUserId(), id).ThenAsync(room => moderation.UnbanAsync(room, userId, AuditActor.Of(http)))))
            .WithSummary("Lift a ban: they may join again the usual ways");
        rooms.MapPut("/{id:long}/members/{userId:long}/timeout", async (long id, long userId, TimeoutRequest request, HttpContext http, ConversationAccess access, RoomModeration moderation) =>
                ApiResults.Ok(await access.RoomAsync(http.User.GetUserId(), id).ThenAsync(room => moderation.TimeOutAsync(room, userId, request, AuditActor.Of(http)))))
            .WithSummary("Time a member out for `minutes` (1 to 10080): they read but cannot write, react or edit until then; members get memberUpdated");
        rooms.MapDelete("/{id:long}/members/{userId:long}/timeout", async (long id, long userId, HttpContext http, ConversationAccess access, RoomModeration moderation) =>
                ApiResults.Ok(await access.RoomAsync(http.User.GetUserId(), id).ThenAsync(room => moderation.LiftTimeoutAsync(room, userId, AuditActor.Of(http)))))
            .WithSummary("Lift a member's timeout before it ends");
        return api;
    }

    private static async Task<Results<Ok<List<ReportDto>>, ProblemHttpResult>> GetQueueAsync(string? status, HttpContext http, Reports reports, CancellationToken ct)
    {
        if (status is not (null or "open" or "closed"))
        {
            return ApiError.Validation(new ValidationErrors().Add("status", "status is \"open\" or \"closed\".")).ToProblem();
        }

        return TypedResults.Ok(await reports.ListAsync(http.User.GetUserId(), status != "closed", ct));
    }
}
