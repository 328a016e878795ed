namespace Parley.Infrastructure.Data;

/// <summary>
/// The SQLite full-text index of text messages (system notices are not searchable): an FTS5 table with two columns,
/// the message text and its scope — tokens naming its conversation and author ("c12 a7"). Searching for "word AND
/// in one of my conversations AND by this author" then happens inside FTS5, whose doclists intersect cheaply,
/// instead of walking every match of a common word and discarding what the searcher may not read. The scope is
/// computed by a view that FTS5 reads as its content; triggers keep the index in step in the same transaction as
/// every insert, edit and delete. Created by a migration; queried by Search/MessageSearch.cs.
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

    public const string Drop = """
        DROP TRIGGER IF EXISTS Messages_Search_Insert;
        DROP TRIGGER IF EXISTS Messages_Search_Delete;
        DROP TRIGGER IF EXISTS Messages_Search_Update;
        DROP TABLE IF EXISTS MessageSearch;
        DROP VIEW IF EXISTS MessageSearchContent;
        """;
}
