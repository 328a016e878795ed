using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Access;
using Parley.Accounts;
using Parley.Infrastructure;

namespace Parley.Messages;

/// <summary>How an endpoint family lets a caller in: rooms only (/api/rooms), or any conversation (/api/conversations).</summary>
public delegate Task<Result<ConversationGrant>> GrantLookup(ConversationAccess access, long userId, long conversationId);

public static class MessagesApi
{
    public static RouteGroupBuilder MapMessages(this RouteGroupBuilder conversations, GrantLookup grantFor)
    {
        // Optional numbers in the query: bound at run time so a malformed one gets a clear error (RuntimeBinding).
#pragma warning disable RDG002
        conversations.MapGet("/{id:long}/messages", RuntimeBinding.BoundAtRunTime(
                (long id, long? before, long? after, int? limit, HttpContext http, ConversationAccess access, MessageQueries queries, CancellationToken ct) =>
                    GetHistoryAsync(grantFor(access, http.User.GetUserId(), id), before, after, limit, queries, ct)))
            .WithSummary("A page of a conversation's history, oldest first")
            .WithDescription("Newest page without a cursor; `before` pages back (scrolling up), `after` catches up after a reconnect. `limit` is 1–100 (default 50).");
        conversations.MapGet("/{id:long}/messages/{messageId:long}/around", RuntimeBinding.BoundAtRunTime(
                (long id, long messageId, int? limit, HttpContext http, ConversationAccess access, MessageQueries queries, CancellationToken ct) =>
                    GetWindowAsync(grantFor(access, http.User.GetUserId(), id), messageId, limit, queries, ct)))
            .WithSummary("The messages around one, to show a search hit or a link in its place");
        conversations.MapGet("/{id:long}/messages/changes", RuntimeBinding.BoundAtRunTime(
                (long id, long? after, int? limit, HttpContext http, ConversationAccess access, MessageQueries queries, CancellationToken ct) =>
                    GetChangesAsync(grantFor(access, http.User.GetUserId(), id), after, limit, queries, ct)))
            .WithSummary("Messages edited, deleted, reacted to or (un)pinned after a change sequence, in their current state")
            .WithDescription("`after` is the highest `changeSeq` the client has seen (default 0); `limit` is 1–100 (default 100). Continue from the answer's `changeSeq` while `hasMore`.");
#pragma warning restore RDG002
        return conversations;
    }

    /// <summary>Changing sent messages: edit, delete, react, pin. For any conversation (under /api/conversations).</summary>
    public static RouteGroupBuilder MapMessageChanges(this RouteGroupBuilder conversations)
    {
        // Editing, reacting and pinning are writing: a block in a direct conversation stops them. Deleting one's own
        // message, taking back one's reaction and reading are not.
        conversations.MapPatch("/{id:long}/messages/{messageId:long}", async (long id, long messageId, EditMessageRequest request, HttpContext http, ConversationAccess access, MessageChanges changes, CancellationToken ct) =>
                ApiResults.Ok(await access.ConversationToWriteAsync(http.User.GetUserId(), id).ThenAsync(grant => changes.EditAsync(grant, messageId, request, ct))))
            .RequireUserLimit(UserLimit.MessageChanges)
            .WithSummary("Edit one's own message; the conversation's members get messageEdited");
        conversations.MapDelete("/{id:long}/messages/{messageId:long}", async (long id, long messageId, HttpContext http, ConversationAccess access, MessageChanges changes, CancellationToken ct) =>
                ApiResults.NoContent(await access.ConversationAsync(http.User.GetUserId(), id).ThenAsync(grant => changes.DeleteAsync(grant, messageId, ct))))
            .RequireUserLimit(UserLimit.MessageChanges)
            .WithSummary("Delete a message for everyone (its author; in rooms also admins and the owner); members get messageDeleted");
        conversations.MapPut("/{id:long}/messages/{messageId:long}/reactions/{emoji}", async (long id, long messageId, string emoji, HttpContext http, ConversationAccess access, MessageChanges changes, CancellationToken ct) =>
                ApiResults.Ok(await access.ConversationToWriteAsync(http.User.GetUserId(), id).ThenAsync(grant => changes.ReactAsync(grant, messageId, emoji, ct))))
            .RequireUserLimit(UserLimit.Reactions)
            .WithSummary("React with one emoji (URL-encoded); again changes nothing. Members get reactionsChanged");
        conversations.MapDelete("/{id:long}/messages/{messageId:long}/reactions/{emoji}", async (long id, long messageId, string emoji, HttpContext http, ConversationAccess access, MessageChanges changes, CancellationToken ct) =>
                ApiResults.Ok(await access.ConversationAsync(http.User.GetUserId(), id).ThenAsync(grant => changes.UnreactAsync(grant, messageId, emoji, ct))))
            .RequireUserLimit(UserLimit.Reactions)
            .WithSummary("Take back one's own reaction; when there is none, nothing changes");
        conversations.MapGet("/{id:long}/pins", async (long id, HttpContext http, ConversationAccess access, MessageQueries queries, CancellationToken ct) =>
                ApiResults.Ok(await access.ConversationAsync(http.User.GetUserId(), id).MapAsync(grant => queries.GetPinsAsync(grant, ct))))
            .WithSummary("The conversation's pinned messages, newest pin first");
        conversations.MapPut("/{id:long}/pins/{messageId:long}", async (long id, long messageId, HttpContext http, ConversationAccess access, MessageChanges changes, CancellationToken ct) =>
                ApiResults.Ok(await access.ConversationToWriteAsync(http.User.GetUserId(), id).ThenAsync(grant => changes.PinAsync(grant, messageId, ct))))
            .RequireUserLimit(UserLimit.Pins)
            .WithSummary("Pin a message (rooms: owner and admins; direct conversations: anyone in them); members get pinsChanged");
        conversations.MapDelete("/{id:long}/pins/{messageId:long}", async (long id, long messageId, HttpContext http, ConversationAccess access, MessageChanges changes, CancellationToken ct) =>
                ApiResults.NoContent(await access.ConversationToWriteAsync(http.User.GetUserId(), id).ThenAsync(grant => changes.UnpinAsync(grant, messageId, ct))))
            .RequireUserLimit(UserLimit.Pins)
            .WithSummary("Unpin a message (the same people who may pin)");
        return conversations;
    }

    private static async Task<Results<Ok<MessagePage>, ProblemHttpResult>> GetChangesAsync(
        Task<Result<ConversationGrant>> access, long? after, int? limit, MessageQueries queries, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors()
            .AddIf(after is < 0, "after", "after is a change sequence: 0 or more.")
            .AddIf(limit is < 1 or > MessageRules.MaxPageSize, "limit", $"limit is 1 to {MessageRules.MaxPageSize}.");
        if (!errors.IsEmpty)
        {
            return ApiError.Validation(errors).ToProblem();
        }

        var grant = await access;
        if (!grant.IsSuccess)
        {
            return grant.Error!.ToProblem();
        }

        return TypedResults.Ok(await queries.GetChangesAsync(grant.Value!, after ?? 0, limit ?? MessageRules.MaxPageSize, cancellationToken));
    }

    private static async Task<Results<Ok<MessageWindow>, ProblemHttpResult>> GetWindowAsync(
        Task<Result<ConversationGrant>> access, long messageId, int? limit, MessageQueries queries, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MessageRules.MaxPageSize)
        {
            return ApiError.Validation(new ValidationErrors().Add("limit", $"limit is 1 to {MessageRules.MaxPageSize}.")).ToProblem();
        }

        var grant = await access;
        if (!grant.IsSuccess)
        {
            return grant.Error!.ToProblem();
        }

        var window = await queries.GetWindowAsync(grant.Value!, messageId, limit ?? MessageRules.DefaultPageSize, cancellationToken);
        return window is null
            ? MessageChanges.MessageNotFound.ToProblem()
            : TypedResults.Ok(window);
    }

    private static async Task<Results<Ok<MessagePage>, ProblemHttpResult>> GetHistoryAsync(
        Task<Result<ConversationGrant>> access, long? before, long? after, int? limit, MessageQueries queries, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors()
            .AddIf(before is not null && after is not null, "after", "Use either before or after, not both.")
            .AddIf(limit is < 1 or > MessageRules.MaxPageSize, "limit", $"limit is 1 to {MessageRules.MaxPageSize}.");
        if (!errors.IsEmpty)
        {
            return ApiError.Validation(errors).ToProblem();
        }

        var grant = await access;
        if (!grant.IsSuccess)
        {
            return grant.Error!.ToProblem();
        }

        return TypedResults.Ok(await queries.GetPageAsync(grant.Value!, before, after, limit ?? MessageRules.DefaultPageSize, cancellationToken));
    }
}
