using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Accounts;
using Parley.Conversations;
using Parley.Infrastructure;

namespace Parley.Messages;

public static class MessagesApi
{
    public static RouteGroupBuilder MapMessages(this RouteGroupBuilder rooms)
    {
        // Optional numbers in the query: bound at run time so a malformed one gets a clear error (RuntimeBinding).
#pragma warning disable RDG002
        rooms.MapGet("/{id:long}/messages", RuntimeBinding.BoundAtRunTime(GetHistoryAsync))
            .WithSummary("A page of a conversation's history, oldest first")
            .WithDescription("Newest page without a cursor; `before` pages back (scrolling up), `after` catches up after a reconnect. `limit` is 1–100 (default 50).");
        rooms.MapGet("/{id:long}/messages/{messageId:long}/around", RuntimeBinding.BoundAtRunTime(GetWindowAsync))
            .WithSummary("The messages around one, to show a search hit or a link in its place");
#pragma warning restore RDG002
        return rooms;
    }

    private static async Task<Results<Ok<MessageWindow>, ProblemHttpResult>> GetWindowAsync(
        long id, long messageId, int? limit, HttpContext http, ConversationAccess access, MessageQueries queries, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MessageRules.MaxPageSize)
        {
            return ApiError.Validation(new ValidationErrors().Add("limit", $"limit is 1 to {MessageRules.MaxPageSize}.")).ToProblem();
        }

        var role = await access.RequireMemberAsync(http.User.GetUserId(), id, cancellationToken);
        if (!role.IsSuccess)
        {
            return role.Error!.ToProblem();
        }

        var window = await queries.GetWindowAsync(id, http.User.GetUserId(), messageId, limit ?? MessageRules.DefaultPageSize, cancellationToken);
        return window is null
            ? ApiError.NotFound("message_not_found", "This message does not exist in the conversation, or was cleared from your view.").ToProblem()
            : TypedResults.Ok(window);
    }

    private static async Task<Results<Ok<MessagePage>, ProblemHttpResult>> GetHistoryAsync(
        long id, long? before, long? after, int? limit,
        HttpContext http, ConversationAccess access, MessageQueries queries, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors()
            .AddIf(before is not null && after is not null, "after", "Use either before or after, not both.")
            .AddIf(limit is < 1 or > MessageRules.MaxPageSize, "limit", $"limit is 1 to {MessageRules.MaxPageSize}.");
        if (!errors.IsEmpty)
        {
            return ApiError.Validation(errors).ToProblem();
        }

        var role = await access.RequireMemberAsync(http.User.GetUserId(), id, cancellationToken);
        if (!role.IsSuccess)
        {
            return role.Error!.ToProblem();
        }

        return TypedResults.Ok(await queries.GetPageAsync(id, http.User.GetUserId(), before, after, limit ?? MessageRules.DefaultPageSize, cancellationToken));
    }
}
