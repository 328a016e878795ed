using Microsoft.EntityFrameworkCore;
using Parley.Access;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;
using Parley.Messages;

namespace Parley.Search;

/// <summary>Search over every message the caller may read, and nothing else.</summary>
public sealed class SearchService(ParleyDb db, IMessageSearch fullText)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 50;

    /// <summary>Searches every conversation of the viewer, or only <paramref name="within"/> (what the access helper granted).</summary>
    public async Task<Result<SearchPage>> SearchAsync(long viewerId, string? q, ConversationGrant? within, long? before, int? limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxLimit)
        {
            return ApiError.Validation(new ValidationErrors().Add("limit", $"limit is 1 to {MaxLimit}."));
        }

        var parsed = SearchQuery.Parse(q);
        if (!parsed.IsSuccess)
        {
            return parsed.Error!;
        }

        var query = parsed.Value!;
        if (query.IsEmpty)
        {
            return ApiError.Validation(new ValidationErrors().Add("q", "Type something to search for."));
        }

        var take = limit ?? DefaultLimit;
        var authorId = query.From is null ? null : await ResolveAuthorAsync(query.From, cancellationToken);
        var conversationIds = await ResolveConversationsAsync(viewerId, query.In, within?.ConversationId, cancellationToken);
        if ((query.From is not null && authorId is null) || conversationIds.Count == 0)
        {
            return new SearchPage([], false, query.Highlights);
        }

        var hits = query.HasText
            ? await fullText.FindAsync(new MessageSearchFilter(viewerId, query.Terms, authorId, conversationIds, query.Before, query.After, before), take + 1, cancellationToken)
            : await FindByFiltersAsync(viewerId, authorId, conversationIds, query, before, take + 1, cancellationToken);

        var hasMore = hits.Count > take;
        hits = [.. hits.Take(take)];
        var ids = hits.Select(h => h.MessageId).ToList();
        var messages = await db.Messages.Where(m => ids.Contains(m.Id)).Select(MessageQueries.AsDto).ToDictionaryAsync(m => m.Id, cancellationToken);
        var conversations = await ConversationNamesAsync(viewerId, [.. messages.Values.Select(m => m.RoomId).Distinct()], cancellationToken);
        var results = hits
            .Where(h => messages.ContainsKey(h.MessageId))
            .Select(h => new SearchResultDto(messages[h.MessageId], conversations[messages[h.MessageId].RoomId], h.Snippet))
            .ToList();
        return new SearchPage(results, hasMore, query.Highlights);
    }

    /// <summary>Filters without words (say, everything from:alice last week): no full-text index needed.</summary>
    private Task<List<SearchHit>> FindByFiltersAsync(long viewerId, long? authorId, IReadOnlyList<long> conversationIds, SearchQuery query, long? before, int take, CancellationToken cancellationToken) =>
        db.Messages
            .Where(m => m.Kind == MessageKind.Text && m.DeletedAt == null
                && db.Memberships.Any(mb => mb.UserId == viewerId && mb.ConversationId == m.ConversationId && m.Id > mb.ClearedBeforeMessageId)
                && (authorId == null || m.AuthorId == authorId)
                && conversationIds.Contains(m.ConversationId)
                && (query.Before == null || m.CreatedAt < query.Before)
                && (query.After == null || m.CreatedAt >= query.After)
                && (before == null || m.Id < before))
            .OrderByDescending(m => m.Id)
            .Take(take)
            .Select(m => new SearchHit(m.Id, null))
            .ToListAsync(cancellationToken);

    private Task<long?> ResolveAuthorAsync(string username, CancellationToken cancellationToken)
    {
        var normalized = username.ToUpperInvariant();
        return db.Users.Where(u => u.NormalizedUserName == normalized).Select(u => (long?)u.Id).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// The viewer's conversations to search: all of them, or those the filters name (possibly none): a conversation
    /// id, a room name (in:general, in:#general) or the people of a direct conversation (in:@bob).
    /// </summary>
    private async Task<IReadOnlyList<long>> ResolveConversationsAsync(long viewerId, string? inFilter, long? conversationId, CancellationToken cancellationToken)
    {
        var mine = db.Memberships.Where(mb => mb.UserId == viewerId).Select(mb => mb.Conversation!);
        IReadOnlyList<long> ids = conversationId is { } id
            ? await mine.Where(c => c.Id == id).Select(c => c.Id).ToListAsync(cancellationToken)
            : await mine.Select(c => c.Id).ToListAsync(cancellationToken);

        if (inFilter is not null)
        {
            List<long> named;
            if (inFilter.StartsWith('@'))
            {
                var normalized = inFilter.TrimStart('@').ToUpperInvariant();
                named = await mine
                    .Where(c => c.Kind == ConversationKind.Direct && c.Members.Any(m => m.UserId != viewerId && m.User!.NormalizedUserName == normalized))
                    .Select(c => c.Id)
                    .ToListAsync(cancellationToken);
            }
            else
            {
                var name = inFilter.TrimStart('#').ToLowerInvariant();
#pragma warning disable CA1862 // Lower-casing both sides is the form every provider translates.
                named = await mine.Where(c => c.Kind == ConversationKind.Room && c.Name.ToLower() == name).Select(c => c.Id).ToListAsync(cancellationToken);
#pragma warning restore CA1862
            }

            ids = [.. ids.Intersect(named)];
        }

        return ids;
    }

    /// <summary>Rooms by name; direct conversations by the other people in them (only those are loaded).</summary>
    private async Task<Dictionary<long, SearchConversationDto>> ConversationNamesAsync(long viewerId, IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        var conversations = await db.Conversations.Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.Kind, c.Name }).ToListAsync(cancellationToken);
        var directIds = conversations.Where(c => c.Kind == ConversationKind.Direct).Select(c => c.Id).ToList();
        var others = (await db.Memberships
                .Where(m => directIds.Contains(m.ConversationId) && m.UserId != viewerId)
                .OrderBy(m => m.User!.NormalizedUserName)
                .Select(m => new { m.ConversationId, m.User!.DisplayName })
                .ToListAsync(cancellationToken))
            .ToLookup(m => m.ConversationId, m => m.DisplayName);
        return conversations.ToDictionary(
            c => c.Id,
            c => new SearchConversationDto(c.Id, c.Kind, c.Kind == ConversationKind.Direct ? string.Join(", ", others[c.Id]) : c.Name));
    }
}
