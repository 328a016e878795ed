namespace Parley.Infrastructure.Data;

/// <summary>
/// The SQLite full-text index of text messages (system notices are not searchable): an FTS5 table with two columns,
/// the message text and its scope — tokens naming its conversation and author ("c12 a7"). Searching for "word AND
/// in one of my conversations AND by this author" then happens inside FTS5, whose doclists intersect cheaply,
/// instead of walking every match of a common word and discarding what the searcher may not read. The scope is
/// computed by a view that FTS5 reads as its content. New messages are indexed after their commit, in batches, by
/// Search/SqliteSearchIndexer.cs, up to the id kept in MessageSearchProgress (a send must not wait for it: indexing
/// in the send's transaction cost more than the rest of the insert); triggers update the index in the same
/// transaction as an edit or delete of a message already indexed. Created by migrations; queried by Search/MessageSearch.cs.
/// </summary>
public static class SqliteMessageSearchSql
{
    public const string Create = """
        CREATE VIEW MessageSearchContent AS
            SELECT Id, Text, 'c' || ConversationId || ' a' || AuthorId AS Scope FROM Messages;

        CREATE VIRTUAL TABLE MessageSearch USING fts5(
            Text,
            Scope,
            content='MessageSearchContent',
            content_rowid='Id',
            tokenize='unicode61 remove_diacritics 2',
            prefix='2 3'
        );

        CREATE TRIGGER Messages_Search_Insert AFTER INSERT ON Messages WHEN new.Kind = 0 BEGIN
            INSERT INTO MessageSearch(rowid, Text, Scope) VALUES (new.Id, new.Text, 'c' || new.ConversationId || ' a' || new.AuthorId);
        END;

        CREATE TRIGGER Messages_Search_Delete AFTER DELETE ON Messages WHEN old.Kind = 0 BEGIN
            INSERT INTO MessageSearch(MessageSearch, rowid, Text, Scope) VALUES ('delete', old.Id, old.Text, 'c' || old.ConversationId || ' a' || old.AuthorId);
        END;

        CREATE TRIGGER Messages_Search_Update AFTER UPDATE OF Text ON Messages WHEN old.Kind = 0 BEGIN
            INSERT INTO MessageSearch(MessageSearch, rowid, Text, Scope) VALUES ('delete', old.Id, old.Text, 'c' || old.ConversationId || ' a' || old.AuthorId);
            INSERT INTO MessageSearch(rowid, Text, Scope) VALUES (new.Id, new.Text, 'c' || new.ConversationId || ' a' || new.AuthorId);
        END;

        INSERT INTO MessageSearch(rowid, Text, Scope) SELECT Id, Text, Scope FROM MessageSearchContent WHERE Id IN (SELECT Id FROM Messages WHERE Kind = 0);
        """;

    /// <summary>From indexing in the send's transaction to indexing after commit (migration IndexSearchAfterCommit).</summary>
    public const string IndexAfterCommit = """
        CREATE TABLE MessageSearchProgress (Id INTEGER PRIMARY KEY CHECK (Id = 1), LastIndexedId INTEGER NOT NULL);
        INSERT INTO MessageSearchProgress (Id, LastIndexedId) VALUES (1, COALESCE((SELECT MAX(Id) FROM Messages), 0));

        DROP TRIGGER Messages_Search_Insert;
        DROP TRIGGER Messages_Search_Delete;
        DROP TRIGGER Messages_Search_Update;

        -- A message not indexed yet is not in the index to take out: telling FTS5 to delete it would corrupt the index.
        CREATE TRIGGER Messages_Search_Delete AFTER DELETE ON Messages
        WHEN old.Kind = 0 AND old.Id <= (SELECT LastIndexedId FROM MessageSearchProgress) BEGIN
            INSERT INTO MessageSearch(MessageSearch, rowid, Text, Scope) VALUES ('delete', old.Id, old.Text, 'c' || old.ConversationId || ' a' || old.AuthorId);
        END;

        CREATE TRIGGER Messages_Search_Update AFTER UPDATE OF Text ON Messages
        WHEN old.Kind = 0 AND old.Id <= (SELECT LastIndexedId FROM MessageSearchProgress) BEGIN
            INSERT INTO MessageSearch(MessageSearch, rowid, Text, Scope) VALUES ('delete', old.Id, old.Text, 'c' || old.ConversationId || ' a' || old.AuthorId);
            INSERT INTO MessageSearch(rowid, Text, Scope) VALUES (new.Id, new.Text, 'c' || new.ConversationId || ' a' || new.AuthorId);
        END;
        """;

    /// <summary>Indexes the messages after the mark up to <c>$upTo</c> and moves the mark there.</summary>
    public const string IndexPending = """
        INSERT INTO MessageSearch(rowid, Text, Scope)
            SELECT Id, Text, 'c' || ConversationId || ' a' || AuthorId FROM Messages
            WHERE Id > (SELECT LastIndexedId FROM MessageSearchProgress) AND Id <= $upTo AND Kind = 0;
        UPDATE MessageSearchProgress SET LastIndexedId = $upTo WHERE LastIndexedId < $upTo;
        """;

    /// <summary>Where the next indexing transaction stops: at most <c>$batch</c> messages past the mark, none past <c>$until</c>; NULL when none are left.</summary>
    public const string NextMark = """
        SELECT MAX(Id) FROM (
            SELECT Id FROM Messages
            WHERE Id > (SELECT LastIndexedId FROM MessageSearchProgress) AND Id <= $until
            ORDER BY Id LIMIT $batch)
        """;

    /// <summary>The newest message id when some are not indexed yet; NULL when the index is up to date.</summary>
    public const string PendingUpTo = """
        SELECT CASE WHEN Newest > LastIndexedId THEN Newest END
        FROM (SELECT (SELECT MAX(Id) FROM Messages) AS Newest, LastIndexedId FROM MessageSearchProgress)
        """;

    /// <summary>Back to triggers for every insert (the migration's Down), after indexing whatever was still pending.</summary>
    public const string IndexInTransaction = """
        INSERT INTO MessageSearch(rowid, Text, Scope)
            SELECT Id, Text, 'c' || ConversationId || ' a' || AuthorId FROM Messages
            WHERE Id > (SELECT LastIndexedId FROM MessageSearchProgress) AND Kind = 0;

        DROP TRIGGER Messages_Search_Delete;
        DROP TRIGGER Messages_Search_Update;
        DROP TABLE MessageSearchProgress;

        CREATE TRIGGER Messages_Search_Insert AFTER INSERT ON Messages WHEN new.Kind = 0 BEGIN
            INSERT INTO MessageSearch(rowid, Text, Scope) VALUES (new.Id, new.Text, 'c' || new.ConversationId || ' a' || new.AuthorId);
        END;

        CREATE TRIGGER Messages_Search_Delete AFTER DELETE ON Messages WHEN old.Kind = 0 BEGIN
            INSERT INTO MessageSearch(MessageSearch, rowid, Text, Scope) VALUES ('delete', old.Id, old.Text, 'c' || old.ConversationId || ' a' || old.AuthorId);
        END;

        CREATE TRIGGER Messages_Search_Update AFTER UPDATE OF Text ON Messages WHEN old.Kind = 0 BEGIN
            INSERT INTO MessageSearch(MessageSearch, rowid, Text, Scope) VALUES ('delete', old.Id, old.Text, 'c' || old.ConversationId || ' a' || old.AuthorId);
            INSERT INTO MessageSearch(rowid, Text, Scope) VALUES (new.Id, new.Text, 'c' || new.ConversationId || ' a' || new.AuthorId);
        END;
        """;

    public const string Drop = """
        DROP TRIGGER IF EXISTS Messages_Search_Insert;
        DROP TRIGGER IF EXISTS Messages_Search_Delete;
        DROP TRIGGER IF EXISTS Messages_Search_Update;
        DROP TABLE IF EXISTS MessageSearch;
        DROP VIEW IF EXISTS MessageSearchContent;
        """;
}
