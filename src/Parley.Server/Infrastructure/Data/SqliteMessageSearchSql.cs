namespace Parley.Infrastructure.Data;

/// <summary>
/// The SQLite full-text index of messages: an FTS5 table over Messages.Text (text messages only, system notices
/// are not searchable), filled by triggers in the same transaction as every insert, update and delete.
/// Created by a migration; the queries live in <c>Search/MessageSearch.cs</c>.
/// </summary>
public static class SqliteMessageSearchSql
{
    public const string Create = """
        CREATE VIRTUAL TABLE MessageSearch USING fts5(
            Text,
            content='Messages',
            content_rowid='Id',
            tokenize='unicode61 remove_diacritics 2',
            prefix='2 3'
        );

        CREATE TRIGGER Messages_Search_Insert AFTER INSERT ON Messages WHEN new.Kind = 0 BEGIN
            INSERT INTO MessageSearch(rowid, Text) VALUES (new.Id, new.Text);
        END;

        CREATE TRIGGER Messages_Search_Delete AFTER DELETE ON Messages WHEN old.Kind = 0 BEGIN
            INSERT INTO MessageSearch(MessageSearch, rowid, Text) VALUES ('delete', old.Id, old.Text);
        END;

        CREATE TRIGGER Messages_Search_Update AFTER UPDATE OF Text ON Messages WHEN old.Kind = 0 BEGIN
            INSERT INTO MessageSearch(MessageSearch, rowid, Text) VALUES ('delete', old.Id, old.Text);
            INSERT INTO MessageSearch(rowid, Text) VALUES (new.Id, new.Text);
        END;

        INSERT INTO MessageSearch(rowid, Text) SELECT Id, Text FROM Messages WHERE Kind = 0;
        """;

    public const string Drop = """
        DROP TRIGGER IF EXISTS Messages_Search_Insert;
        DROP TRIGGER IF EXISTS Messages_Search_Delete;
        DROP TRIGGER IF EXISTS Messages_Search_Update;
        DROP TABLE IF EXISTS MessageSearch;
        """;
}
