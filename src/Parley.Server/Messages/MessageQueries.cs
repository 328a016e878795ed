using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Parley.Access;
using Parley.Events;
using Parley.Infrastructure.Data;

namespace Parley.Messages;

/// <summary>Reads history straight from the database, paged by message id (never through the event bus).</summary>
public sealed class MessageQueries(ParleyDb db)
{
    /// <summary>The one projection from a stored message to what clients see, translated to SQL by EF.</summary>
    public static readonly Expression<Func<Message, MessageDto>> AsDto = m =>
        new MessageDto(
            m.Id, m.ConversationId, new UserSummary(m.AuthorId, m.Author!.UserName!, m.Author.DisplayName), m.Text, m.CreatedAt, m.Kind,
            m.ClientMessageId, m.Mentions.Select(x => x.UserId).ToList(), m.MentionsRoom);

    /// <summary>
    /// Without a cursor: the newest page. With <paramref name="before"/>: the newest messages older than it (scrolling
    /// up). With <paramref name="after"/>: the oldest messages newer than it (catching up). Always chronological, and
    /// never what the viewer cleared from their view of the conversation.
    /// </summary>
    public async Task<MessagePage> GetPageAsync(ConversationGrant grant, long? before, long? after, int limit, CancellationToken cancellationToken)
    {
        var visible = await VisibleAsync(grant, after ?? 0, cancellationToken);
        var page = after is not null
            ? await visible.OrderBy(m => m.Id).Take(limit + 1).Select(AsDto).ToListAsync(cancellationToken)
            : await visible.Where(m => before == null || m.Id < before).OrderByDescending(m => m.Id).Take(limit + 1).Select(AsDto).ToListAsync(cancellationToken);

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

    /// <summary>About half a page on each side of a message, to show it in its place (a search hit, a link).</summary>
    public async Task<MessageWindow?> GetWindowAsync(ConversationGrant grant, long messageId, int limit, CancellationToken cancellationToken)
    {
        var visible = await VisibleAsync(grant, 0, cancellationToken);
        if (!await visible.AnyAsync(m => m.Id == messageId, cancellationToken))
        {
            return null;
        }

        var olderCount = limit / 2;
        var older = await visible.Where(m => m.Id < messageId).OrderByDescending(m => m.Id).Take(olderCount + 1).Select(AsDto).ToListAsync(cancellationToken);
        var newer = await visible.Where(m => m.Id >= messageId).OrderBy(m => m.Id).Take(limit - olderCount + 1).Select(AsDto).ToListAsync(cancellationToken);
        var hasOlder = older.Count > olderCount;
        var hasNewer = newer.Count > limit - olderCount;
        older = [.. older.Take(olderCount).Reverse()];
        return new MessageWindow([.. older, .. newer.Take(limit - olderCount)], hasOlder, hasNewer);
    }

    /// <summary>
    /// A conversation's messages after <paramref name="afterId"/> as one member sees them: without those they cleared.
    /// The clear position is read first so the query has one constant lower bound: given a subquery as a bound,
    /// SQLite may start its index range there (usually 0) and walk the whole room.
    /// </summary>
    private async Task<IQueryable<Message>> VisibleAsync(ConversationGrant grant, long afterId, CancellationToken cancellationToken)
    {
        var cleared = await db.Memberships
            .Where(mb => mb.ConversationId == grant.ConversationId && mb.UserId == grant.UserId)
            .Select(mb => mb.ClearedBeforeMessageId)
            .FirstOrDefaultAsync(cancellationToken);
        var floor = Math.Max(cleared, afterId);
        return db.Messages.Where(m => m.ConversationId == grant.ConversationId && m.Id > floor);
    }
}
