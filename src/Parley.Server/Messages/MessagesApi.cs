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
#pragma warning restore RDG002
        return conversations;
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
            ? ApiError.NotFound("message_not_found", "This message does not exist in the conversation, or was cleared from your view.").ToProblem()
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
