using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Parley.Infrastructure.Data;

namespace Parley.Search;

/// <summary>
/// PostgreSQL's full-text search over the Messages.SearchVector column (see <see cref="PostgresMessageSearchSql"/>):
/// the same terms, filters, order and snippets as <see cref="SqliteMessageSearch"/>. Each term becomes a phrase query
/// (its words adjacent and in order, <c>&lt;-&gt;</c>) over the same words the index holds; a prefix term's last word
/// gets <c>:*</c>; all of them must match (<c>&amp;&amp;</c>).
/// </summary>
internal sealed class PostgresMessageSearch(ParleyDb db) : IMessageSearch
{
    private const string Configuration = $"'{PostgresMessageSearchSql.Configuration}'";

    // As SQLite's snippet(): at most 24 words around the match, each matched stretch between private-use characters
    // (never markup, so clients highlight without parsing HTML); ShortWord=0 keeps short words at the edges.
    private const string SnippetOptions = "StartSel=\uE000, StopSel=\uE001, MaxWords=24, MinWords=12, ShortWord=0, MaxFragments=1";

    public async Task<List<SearchHit>> FindAsync(MessageSearchFilter filter, int limit, CancellationToken cancellationToken)
    {
        var parameters = new List<NpgsqlParameter>
        {
            new("viewer", filter.ViewerId),
            new("conversations", filter.ConversationIds.ToArray()),
            new("limit", limit),
            new("snippet", SnippetOptions),
        };
        var query = new StringBuilder();
        for (var i = 0; i < filter.Terms.Count; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"term{i}");
            parameters.Add(new(name, filter.Terms[i].Text));
            query.Append(i > 0 ? " && " : "").Append(TermQuery("@" + name, filter.Terms[i].Prefix));
        }

        var sql = new StringBuilder($"""
            SELECT m."Id", m."Text"
            FROM "Messages" m
            JOIN "Memberships" mb ON mb."ConversationId" = m."ConversationId" AND mb."UserId" = @viewer
            WHERE m."SearchVector" @@ ({query}) AND m."Id" > mb."ClearedBeforeMessageId" AND m."ConversationId" = ANY(@conversations)
            """);
        if (filter.AuthorId is { } author)
        {
            sql.Append(""" AND m."AuthorId" = @author""");
            parameters.Add(new("author", author));
        }

        if (filter.CreatedBefore is { } createdBefore)
        {
            sql.Append(""" AND m."CreatedAt" < @createdBefore""");
            parameters.Add(new("createdBefore", createdBefore));
        }

        if (filter.CreatedFrom is { } createdFrom)
        {
            sql.Append(""" AND m."CreatedAt" >= @createdFrom""");
            parameters.Add(new("createdFrom", createdFrom));
        }

        if (filter.BeforeMessageId is { } beforeId)
        {
            sql.Append(""" AND m."Id" < @beforeId""");
            parameters.Add(new("beforeId", beforeId));
        }

        sql.Append(""" ORDER BY m."Id" DESC LIMIT @limit""");

        // Snippets only for the page: ts_headline parses the whole text again, so never for every match.
        var page = $"""
            SELECT hit."Id" AS "MessageId", ts_headline({Configuration}, hit."Text", ({query}), @snippet) AS "Snippet"
            FROM ({sql}) hit
            ORDER BY hit."Id" DESC
            """;
        return await db.Database.SqlQueryRaw<SearchHit>(page, [.. parameters]).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// One term as a tsquery: its words in order (phraseto_tsquery over the same words as the index), the last one as a
    /// prefix when asked. A term that leaves no word (nothing the parser counts as one) drops out of the &amp;&amp;, and
    /// a query left with none matches nothing.
    /// </summary>
    private static string TermQuery(string parameter, bool prefix)
    {
        var phrase = $"phraseto_tsquery({Configuration}, {PostgresMessageSearchSql.Words(parameter)})";
        return prefix
            ? $"(SELECT CASE WHEN numnode(p) = 0 THEN p ELSE (p::text || ':*')::tsquery END FROM {phrase} p)"
            : phrase;
    }
}
