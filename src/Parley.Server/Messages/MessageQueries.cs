using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Parley.Accounts;
using Parley.Infrastructure.Data;

namespace Parley.Messages;

/// <summary>Reads history straight from the database, paged by message id (never through the event bus).</summary>
public sealed class MessageQueries(ParleyDb db)
{
    /// <summary>The one projection from a stored message to what clients see, translated to SQL by EF.</summary>
    public static readonly Expression<Func<Message, MessageDto>> AsDto = m =>
        new MessageDto(m.Id, m.ConversationId, new UserSummary(m.AuthorId, m.Author!.UserName!, m.Author.DisplayName), m.Text, m.CreatedAt, m.Kind, m.ClientMessageId);

    /// <summary>
    /// Without a cursor: the newest page. With <paramref name="before"/>: the newest messages older than it (scrolling
    /// up). With <paramref name="after"/>: the oldest messages newer than it (catching up). Always chronological.
    /// </summary>
    public async Task<MessagePage> GetPageAsync(long conversationId, long? before, long? after, int limit, CancellationToken cancellationToken)
    {
        var query = db.Messages.Where(m => m.ConversationId == conversationId);
        if (after is { } afterId)
        {
            query = query.Where(m => m.Id > afterId).OrderBy(m => m.Id);
        }
        else
        {
            if (before is { } beforeId)
            {
                query = query.Where(m => m.Id < beforeId);
            }

            query = query.OrderByDescending(m => m.Id);
        }

        var page = await query
            .Take(limit + 1)
            .Select(AsDto)
            .ToListAsync(cancellationToken);

        var hasMore = page.Count > limit;
        if (hasMore)
        {
            page.RemoveAt(page.Count - 1);
        }

        if (after is null)
        {
            page.Reverse();
        }

        return new MessagePage(page, hasMore);
    }
}
