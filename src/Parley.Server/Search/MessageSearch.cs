using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Parley.Infrastructure.Data;

namespace Parley.Search;

/// <summary>
/// What to look for, already resolved to ids: <see cref="Terms"/> must all match (see <see cref="SearchQuery.Terms"/>);
/// <see cref="ConversationIds"/> are the viewer's conversations to search (all of them, or those a filter named) and
/// never include one they are not in.
/// </summary>
public sealed record MessageSearchFilter(
    long ViewerId,
    IReadOnlyList<SearchTerm> Terms,
    long? AuthorId,
    IReadOnlyList<long> ConversationIds,
    DateTime? CreatedBefore,
    DateTime? CreatedFrom,
    long? BeforeMessageId);

public sealed record SearchHit(long MessageId, string? Snippet);

/// <summary>
/// The database's own full-text engine, behind one method per provider: SQLite FTS5 (<see cref="SqliteMessageSearch"/>) or
/// PostgreSQL's text search (<see cref="PostgresMessageSearch"/>), chosen in <see cref="SearchApi.AddSearch"/>.
/// </summary>
public interface IMessageSearch
{
    /// <summary>Newest matching messages in conversations the viewer belongs to (never what they cleared).</summary>
    Task<List<SearchHit>> FindAsync(MessageSearchFilter filter, int limit, CancellationToken cancellationToken);
}

/// <summary>SQLite FTS5 over the MessageSearch index (see <see cref="SqliteMessageSearchSql"/>).</summary>
internal sealed class SqliteMessageSearch(ParleyDb db, SqliteSearchIndexer indexer) : IMessageSearch
{
    /// <summary>Beyond this many conversations the scope stays out of the FTS5 query (the join below still filters).</summary>
    private const int MaxScopedConversations = 500;

    // Private-use characters around each matched stretch: never markup, so clients highlight without parsing HTML.
    private const string SnippetCall = "snippet(MessageSearch, 0, char(57344), char(57345), '…', 24)";

    public async Task<List<SearchHit>> FindAsync(MessageSearchFilter filter, int limit, CancellationToken cancellationToken)
    {
        await indexer.CatchUpAsync(cancellationToken);
        var parameters = new List<SqliteParameter>
        {
            new("$match", Match(filter)),
            new("$viewer", filter.ViewerId),
            new("$limit", limit),
        };
        var sql = new StringBuilder($"""
            SELECT m.Id AS MessageId, {SnippetCall} AS Snippet
            FROM MessageSearch
            JOIN Messages m ON m.Id = MessageSearch.rowid
            JOIN Memberships mb ON mb.ConversationId = m.ConversationId AND mb.UserId = $viewer
            WHERE MessageSearch MATCH $match AND m.Id > mb.ClearedBeforeMessageId
            """);
        if (filter.AuthorId is { } author)
        {
            sql.Append(" AND m.AuthorId = $author");
            parameters.Add(new("$author", author));
        }

        // Ids are numbers the server resolved itself, never text from the request.
        sql.Append(CultureInfo.InvariantCulture, $" AND m.ConversationId IN ({string.Join(',', filter.ConversationIds.DefaultIfEmpty(-1))})");

        if (filter.CreatedBefore is { } createdBefore)
        {
            sql.Append(" AND m.CreatedAt < $createdBefore");
            parameters.Add(new("$createdBefore", StoredTime(createdBefore)));
        }

        if (filter.CreatedFrom is { } createdFrom)
        {
            sql.Append(" AND m.CreatedAt >= $createdFrom");
            parameters.Add(new("$createdFrom", StoredTime(createdFrom)));
        }

        if (filter.BeforeMessageId is { } beforeId)
        {
            sql.Append(" AND MessageSearch.rowid < $beforeId");
            parameters.Add(new("$beforeId", beforeId));
        }

        // Ordering by the index's own rowid lets FTS5 walk newest first and stop at the limit.
        sql.Append(" ORDER BY MessageSearch.rowid DESC LIMIT $limit");
        return await db.Database.SqlQueryRaw<SearchHit>(sql.ToString(), [.. parameters]).ToListAsync(cancellationToken);
    }

    /// <summary>The words in the text column, narrowed by the scope tokens of the conversations and the author.</summary>
    private static string Match(MessageSearchFilter filter)
    {
        var match = new StringBuilder($"Text : ({SearchQuery.ToFullTextQuery(filter.Terms)})");
        if (filter.ConversationIds.Count is > 0 and <= MaxScopedConversations)
        {
            match.Append(" AND Scope : (").AppendJoin(" OR ", filter.ConversationIds.Select(id => string.Create(CultureInfo.InvariantCulture, $"c{id}"))).Append(')');
        }

        if (filter.AuthorId is { } author)
        {
            match.Append(CultureInfo.InvariantCulture, $" AND Scope : a{author}");
        }

        return match.ToString();
    }

    /// <summary>Timestamps as EF stores them in SQLite (sortable text).</summary>
    private static string StoredTime(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
