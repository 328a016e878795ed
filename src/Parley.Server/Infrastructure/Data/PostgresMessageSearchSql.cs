namespace Parley.Infrastructure.Data;

/// <summary>
/// The PostgreSQL full-text index of text messages (system notices are not searchable): a tsvector column that
/// PostgreSQL computes from the text in the same statement that writes it (a generated column), so an insert, an edit
/// or a delete is in the index the moment it commits, whoever writes it; and a GIN index over it. Nothing runs after
/// the commit, unlike SQLite's indexer: GIN's pending list already batches index writes, and a message is small.
/// Created by the migration PostgresSearch; queried by Search/PostgresMessageSearch.cs.
/// <para>
/// The text is read as SQLite's unicode61 tokenizer reads it, so both providers find the same messages: punctuation
/// separates words (<see cref="Words"/> turns it into spaces before PostgreSQL's parser, which would otherwise keep
/// "bob@example.com", "a/b" or "1.5" whole), case and accents do not matter ("Café" is found by "cafe": the unaccent
/// dictionary, as remove_diacritics does), and there is no stemming or stop word (the configuration is a copy of
/// 'simple'). unaccent ships with PostgreSQL (Debian's postgresql-15 package) and is a trusted extension since
/// PostgreSQL 13: the database's owner may create it without being a superuser.
/// </para>
/// </summary>
public static class PostgresMessageSearchSql
{
    /// <summary>The text search configuration (a regconfig name) both the index and the queries use.</summary>
    public const string Configuration = "parley_search";

    /// <summary>SQL for the words of <paramref name="text"/> (an SQL expression), punctuation turned into spaces.</summary>
    public static string Words(string text) => $"regexp_replace({text}, '[[:punct:]]+', ' ', 'g')";

    public static readonly string Create = $"""
        CREATE EXTENSION IF NOT EXISTS unaccent;
        CREATE TEXT SEARCH CONFIGURATION {Configuration} (COPY = simple);
        ALTER TEXT SEARCH CONFIGURATION {Configuration}
            ALTER MAPPING FOR asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, hword_numpart
            WITH unaccent, simple;

        ALTER TABLE "Messages" ADD COLUMN "SearchVector" tsvector GENERATED ALWAYS AS (
            CASE WHEN "Kind" = 0 THEN to_tsvector('{Configuration}', {Words("\"Text\"")}) END) STORED;
        CREATE INDEX "IX_Messages_SearchVector" ON "Messages" USING gin ("SearchVector");
        """;

    /// <summary>The extension stays: other objects of the database may use it, and it costs nothing unused.</summary>
    public static readonly string Drop = $"""
        DROP INDEX IF EXISTS "IX_Messages_SearchVector";
        ALTER TABLE "Messages" DROP COLUMN IF EXISTS "SearchVector";
        DROP TEXT SEARCH CONFIGURATION IF EXISTS {Configuration};
        """;
}
