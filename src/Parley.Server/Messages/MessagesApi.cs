using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Accounts;
using Parley.Conversations;
using Parley.Infrastructure;

namespace Parley.Messages;

public static class MessagesApi
{
    public static RouteGroupBuilder MapMessages(this RouteGroupBuilder rooms)
    {
        rooms.MapGet("/{id:long}/messages", GetHistoryAsync)
            .WithName("GetRoomMessages")
            .WithSummary("A page of a room's history, oldest first")
            .WithDescription("Newest page without a cursor; `before` pages back (scrolling up), `after` catches up after a reconnect. `limit` is 1–100 (default 50).");
        return rooms;
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

        return TypedResults.Ok(await queries.GetPageAsync(id, before, after, limit ?? MessageRules.DefaultPageSize, cancellationToken));
    }
}
