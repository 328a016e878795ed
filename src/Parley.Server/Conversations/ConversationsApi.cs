using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Accounts;
using Parley.Infrastructure;
using Parley.Messages;

namespace Parley.Conversations;

public static class ConversationsApi
{
    public static RouteGroupBuilder MapConversations(this RouteGroupBuilder api)
    {
        var conversations = api.MapGroup("/conversations").WithTags("Conversations");

        conversations.MapGet("/", (HttpContext http, ConversationQueries queries, CancellationToken ct) => queries.ListAsync(http.User.GetUserId(), ct))
            .WithSummary("Rooms and direct conversations in one list, most recent activity first, with unread and mention counts");
        conversations.MapGet("/{id:long}", GetAsync)
            .WithSummary("One of the caller's conversations, as it appears in the list");
        conversations.MapPost("/{id:long}/read", async (long id, MarkReadRequest request, HttpContext http, ConversationActions actions) =>
                ApiResults.Ok(await actions.MarkReadAsync(http.User.GetUserId(), id, request.MessageId)))
            .WithSummary("Mark read up to a message; follows the user to every device");
        conversations.MapPost("/{id:long}/clear", async (long id, HttpContext http, ConversationActions actions) =>
                ApiResults.Ok(await actions.ClearAsync(http.User.GetUserId(), id)))
            .WithSummary("Hide the history so far, for the caller only");
        conversations.MapPut("/{id:long}/mute", async (long id, MuteRequest request, HttpContext http, ConversationActions actions) =>
                ApiResults.Ok(await actions.SetMutedAsync(http.User.GetUserId(), id, request.Muted)))
            .WithSummary("Mute or unmute notifications from a conversation");
        conversations.MapGet("/{id:long}/messages/{messageId:long}/seen-by", SeenByAsync)
            .WithSummary("Who has read up to a message (members who share read receipts)");

        // A direct conversation's history is read exactly like a room's.
        conversations.MapMessages();
        return api;
    }

    private static async Task<Results<Ok<ConversationDto>, ProblemHttpResult>> GetAsync(long id, HttpContext http, ConversationAccess access, ConversationQueries queries, CancellationToken ct)
    {
        var role = await access.RequireMemberAsync(http.User.GetUserId(), id, ct);
        return role.IsSuccess ? TypedResults.Ok((await queries.GetAsync(http.User.GetUserId(), id, ct))!) : role.Error!.ToProblem();
    }

    private static async Task<Results<Ok<List<UserSummary>>, ProblemHttpResult>> SeenByAsync(
        long id, long messageId, HttpContext http, ConversationAccess access, ConversationQueries queries, CancellationToken ct)
    {
        var role = await access.RequireMemberAsync(http.User.GetUserId(), id, ct);
        return role.IsSuccess ? TypedResults.Ok(await queries.SeenByAsync(id, messageId, ct)) : role.Error!.ToProblem();
    }
}
