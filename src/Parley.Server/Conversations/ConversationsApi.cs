using Parley.Access;
using Parley.Accounts;
using Parley.Infrastructure;
using Parley.Messages;

namespace Parley.Conversations;

public static class ConversationsApi
{
    /// <summary>The conversation list and each member's own state in a conversation (read, cleared, muted, pinned, hidden).</summary>
    public static WebApplicationBuilder AddConversations(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ConversationQueries>();
        builder.Services.AddScoped<ConversationActions>();
        return builder;
    }

    /// <summary>Endpoints for any conversation, room or direct, of which the caller is a member.</summary>
    public static RouteGroupBuilder MapConversations(this RouteGroupBuilder api)
    {
        var conversations = api.MapGroup("/conversations").WithTags("Conversations");

        conversations.MapGet("/", (HttpContext http, ConversationQueries queries, CancellationToken ct) => queries.ListAsync(http.User.GetUserId(), ct))
            .WithSummary("Rooms and direct conversations in one list, most recent activity first, with unread and mention counts");
        conversations.MapGet("/{id:long}", async (long id, HttpContext http, ConversationAccess access, ConversationQueries queries, CancellationToken ct) =>
                ApiResults.Ok(await access.ConversationAsync(http.User.GetUserId(), id).ThenAsync(async grant =>
                    await queries.GetAsync(grant, ct) is { } conversation ? conversation : (Result<ConversationDto>)ConversationAccess.ConversationNotFound)))
            .WithSummary("One of the caller's conversations, as it appears in the list");
        conversations.MapPost("/{id:long}/read", async (long id, MarkReadRequest request, HttpContext http, ConversationAccess access, ConversationActions actions) =>
                ApiResults.Ok(await access.ConversationAsync(http.User.GetUserId(), id).ThenAsync(grant => actions.MarkReadAsync(grant, request.MessageId))))
            .WithSummary("Mark read up to a message; follows the user to every device");
        conversations.MapPost("/{id:long}/clear", async (long id, HttpContext http, ConversationAccess access, ConversationActions actions) =>
                ApiResults.Ok(await access.ConversationAsync(http.User.GetUserId(), id).ThenAsync(actions.ClearAsync)))
            .WithSummary("Hide the history so far, for the caller only");
        conversations.MapPut("/{id:long}/mute", async (long id, MuteRequest request, HttpContext http, ConversationAccess access, ConversationActions actions) =>
                ApiResults.Ok(await access.ConversationAsync(http.User.GetUserId(), id).ThenAsync(grant => actions.SetMutedAsync(grant, request.Muted))))
            .WithSummary("Mute or unmute notifications from a conversation");
        conversations.MapPut("/{id:long}/pin", async (long id, PinRequest request, HttpContext http, ConversationAccess access, ConversationActions actions) =>
                ApiResults.Ok(await access.ConversationAsync(http.User.GetUserId(), id).ThenAsync(grant => actions.SetPinnedAsync(grant, request.Pinned))))
            .RequireUserLimit(UserLimit.ListChanges)
            .WithSummary("Pin a conversation to the top of the caller's list, or unpin it; follows the user to every device");
        conversations.MapPut("/{id:long}/hidden", async (long id, HideRequest request, HttpContext http, ConversationAccess access, ConversationActions actions) =>
                ApiResults.Ok(await access.ConversationAsync(http.User.GetUserId(), id).ThenAsync(grant => actions.SetHiddenAsync(grant, request.Hidden))))
            .RequireUserLimit(UserLimit.ListChanges)
            .WithSummary("Hide a conversation from the caller's list until a newer message arrives, or show it again; follows the user to every device");
        conversations.MapGet("/{id:long}/messages/{messageId:long}/seen-by", async (long id, long messageId, HttpContext http, ConversationAccess access, ConversationQueries queries, CancellationToken ct) =>
                ApiResults.Ok(await access.ConversationAsync(http.User.GetUserId(), id).ThenAsync(grant => queries.SeenByAsync(grant, messageId, ct))))
            .WithSummary("Who has read up to a message (members who share read receipts; only for callers who share theirs)");

        // A direct conversation's history is read exactly like a room's.
        conversations.MapMessages(static (access, userId, id) => access.ConversationAsync(userId, id));
        conversations.MapMessageChanges();
        return api;
    }
}
