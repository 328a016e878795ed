using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Parley.Access;
using Parley.Events;
using Parley.Files;
using Parley.Infrastructure.Data;
using Parley.Media;

namespace Parley.Messages;

/// <summary>Reads history straight from the database, paged by message id (never through the event bus).</summary>
public sealed class MessageQueries(ParleyDb db)
{
    /// <summary>A reply quotes this much of the first line of its original.</summary>
    public const int ExcerptLength = 140;

    /// <summary>
    /// The one projection from a stored message to what clients see, translated to SQL by EF. What depends on other
    /// rows (the quoted original, reactions, the pin, the files) is read here, at query time, so it is never stale.
    /// Files join in the same statement as mentions and reactions: at most a handful per message, usually none.
    /// </summary>
    public static readonly Expression<Func<Message, MessageDto>> AsDto = m =>
        new MessageDto(
            m.Id, m.ConversationId, m.Seq, new UserSummary(m.AuthorId, m.Author!.UserName!, m.Author.DisplayName, m.Author.AvatarVersion), m.Text, m.CreatedAt, m.Kind,
            m.ClientMessageId, m.Mentions.Select(x => x.UserId).ToList(), m.MentionsRoom,
            m.EditedAt,
            m.DeletedAt != null,
            m.ReplyTo == null
                ? null
                : new ReplyPreviewDto(m.ReplyTo.Id, new UserSummary(m.ReplyTo.AuthorId, m.ReplyTo.Author!.UserName!, m.ReplyTo.Author.DisplayName, m.ReplyTo.Author.AvatarVersion),
                    m.ReplyTo.DeletedAt != null
                        ? ""
                        : m.ReplyTo.Text != ""
                            ? Excerpt(m.ReplyTo.Text)
                            : FilesExcerpt(
                                m.ReplyTo.Files.OrderBy(f => f.Position).Select(f => (int?)f.Kind).FirstOrDefault(),
                                m.ReplyTo.Files.OrderBy(f => f.Position).Select(f => f.Name).FirstOrDefault(),
                                m.ReplyTo.Files.Count()),
                    m.ReplyTo.DeletedAt != null),
            GroupReactions(m.Reactions
                .OrderBy(r => r.CreatedAt).ThenBy(r => r.UserId)
                .Select(r => new ReactionRow(r.Emoji, new UserSummary(r.UserId, r.User!.UserName!, r.User.DisplayName, r.User.AvatarVersion)))
                .ToList()),
            m.PinnedAt == null || m.PinnedBy == null ? null : new PinDto(new UserSummary(m.PinnedBy.Id, m.PinnedBy.UserName!, m.PinnedBy.DisplayName, m.PinnedBy.AvatarVersion), m.PinnedAt.Value),
            m.ChangeSeq,
            m.Files.OrderBy(f => f.Position)
                .Select(f => Attachments.Dto(f.PublicId, f.Kind, f.Name, f.ContentType, f.Size, f.ThumbnailKey != null, f.Width, f.Height, f.DurationMs, f.Waveform, f.ExternalUrl, f.PreviewUrl, f.Provider))
                .ToList());

    /// <summary>
    /// Without a cursor: the newest page. With <paramref name="before"/>: the newest messages older than it (scrolling
    /// up). With <paramref name="after"/>: the oldest messages newer than it (catching up). Always chronological, and
    /// never what the viewer cleared from their view of the conversation.
    /// </summary>
    public async Task<MessagePage> GetPageAsync(ConversationGrant grant, long? before, long? after, int limit, CancellationToken cancellationToken)
    {
        var changeSeq = await LastChangeSeqAsync(grant, cancellationToken);
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

        return new MessagePage(page, hasMore, changeSeq);
    }

    /// <summary>About half a page on each side of a message, to show it in its place (a search hit, a link).</summary>
    public async Task<MessageWindow?> GetWindowAsync(ConversationGrant grant, long messageId, int limit, CancellationToken cancellationToken)
    {
        var changeSeq = await LastChangeSeqAsync(grant, cancellationToken);
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
        return new MessageWindow([.. older, .. newer.Take(limit - olderCount)], hasOlder, hasNewer, changeSeq);
    }

    /// <summary>
    /// Messages that changed after change <paramref name="afterSeq"/>, in their current state (tombstones too), in
    /// change order. The answer's change sequence is where to continue: the last one's when there is more, else the
    /// conversation's, read before the messages, so that nothing committed meanwhile is skipped.
    /// </summary>
    public async Task<MessagePage> GetChangesAsync(ConversationGrant grant, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        var lastChangeSeq = await LastChangeSeqAsync(grant, cancellationToken);
        var visible = await VisibleAsync(grant, 0, cancellationToken);
        // "ChangeSeq > 0" in so many words: it is the condition of the partial index (ConversationId, ChangeSeq).
        var page = await visible.Where(m => m.ChangeSeq > 0 && m.ChangeSeq > afterSeq).OrderBy(m => m.ChangeSeq).Take(limit + 1).Select(AsDto).ToListAsync(cancellationToken);
        var hasMore = page.Count > limit;
        if (hasMore)
        {
            page.RemoveAt(page.Count - 1);
        }

        var next = hasMore ? page[^1].ChangeSeq : Math.Max(Math.Max(lastChangeSeq, afterSeq), page.Count == 0 ? 0 : page[^1].ChangeSeq);
        return new MessagePage(page, hasMore, next);
    }

    /// <summary>The pinned messages the viewer can see, the newest pin first.</summary>
    public async Task<List<MessageDto>> GetPinsAsync(ConversationGrant grant, CancellationToken cancellationToken)
    {
        var visible = await VisibleAsync(grant, 0, cancellationToken);
        return await visible.Where(m => m.PinnedAt != null).OrderByDescending(m => m.PinnedAt).ThenByDescending(m => m.Id).Select(AsDto).ToListAsync(cancellationToken);
    }

    /// <summary>A reply's quote: the first non-empty line, at most <see cref="ExcerptLength"/> characters as people count them.</summary>
    public static string Excerpt(string text)
    {
        var line = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
        var elements = StringInfo.GetTextElementEnumerator(line);
        var (count, end) = (0, 0);
        while (elements.MoveNext())
        {
            if (count == ExcerptLength - 1)
            {
                // One more element still fits only if it is the last one; otherwise the cut is marked.
                return elements.MoveNext() ? line[..end] + "…" : line;
            }

            count++;
            end = elements.ElementIndex + ((string)elements.Current).Length;
        }

        return line;
    }

    /// <summary>
    /// The quote of a message that is only files (a photo, a voice message, a GIF): what it carries, as the web app's
    /// previews say it.
    /// </summary>
    public static string FilesExcerpt(int? firstKind, string? firstName, int count) => (firstKind, count) switch
    {
        (null, _) => "",
        ((int)FileKind.Voice, 1) => "🎤 Voice message",
        ((int)FileKind.Gif, 1) => "GIF",
        (_, 1) => $"📎 {firstName}",
        (_, 2) => $"📎 {firstName} and 1 more file",
        _ => $"📎 {firstName} and {count - 1} more files",
    };

    /// <summary>Reactions per emoji, in the order each emoji was first used (rows come ordered by time).</summary>
    public static IReadOnlyList<ReactionDto> GroupReactions(List<ReactionRow> rows) =>
        rows.Count == 0
            ? []
            : [.. rows.GroupBy(r => r.Emoji, StringComparer.Ordinal).Select(g => new ReactionDto(g.Key, g.Count(), [.. g.Select(r => r.User)]))];

    private Task<long> LastChangeSeqAsync(ConversationGrant grant, CancellationToken cancellationToken) =>
        db.Conversations.Where(c => c.Id == grant.ConversationId).Select(c => c.LastChangeSeq).FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// A conversation's messages after <paramref name="afterId"/> as one member sees them: without those they cleared.
    /// The clear position is read first so the query has one constant lower bound: given a subquery as a bound,
    /// SQLite may start its index range there (usually 0) and walk the whole room.
    /// </summary>
    private Task<IQueryable<Message>> VisibleAsync(ConversationGrant grant, long afterId, CancellationToken cancellationToken) =>
        VisibleToAsync(db, grant, afterId, cancellationToken);

    /// <inheritdoc cref="VisibleAsync"/>
    internal static async Task<IQueryable<Message>> VisibleToAsync(ParleyDb db, ConversationGrant grant, long afterId, CancellationToken cancellationToken)
    {
        var cleared = await db.Memberships
            .Where(mb => mb.ConversationId == grant.ConversationId && mb.UserId == grant.UserId)
            .Select(mb => mb.ClearedBeforeMessageId)
            .FirstOrDefaultAsync(cancellationToken);
        var floor = Math.Max(cleared, afterId);
        return db.Messages.Where(m => m.ConversationId == grant.ConversationId && m.Id > floor);
    }
}

/// <summary>One reaction as read from the database, before they are grouped per emoji.</summary>
public sealed record ReactionRow(string Emoji, UserSummary User);
