using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Parley.Infrastructure.Data;

/// <summary>
/// Whether the database refused a write because a unique index (or primary key) already holds its key: the way two
/// requests racing for the same row learn that the other one won. Read from each provider's own error, never from
/// message text alone: PostgreSQL's SQLSTATE 23505 and the constraint it names, SQLite's extended result code.
/// </summary>
public static class UniqueViolations
{
    private const int SqliteConstraintUnique = 2067; // SQLITE_CONSTRAINT_UNIQUE
    private const int SqliteConstraintPrimaryKey = 1555; // SQLITE_CONSTRAINT_PRIMARYKEY

    /// <summary>Any unique index or primary key; with <paramref name="index"/>, only that index (its database name).</summary>
    public static bool IsUniqueViolation(this DbUpdateException exception, string? index = null) =>
        exception.InnerException is DbException inner
        && IsUniqueViolation(inner, index, index is null ? null : SqliteNameOf(exception, index));

    /// <summary>For writes below EF's change tracker (ExecuteUpdate, raw SQL), which throw the provider's exception itself.</summary>
    public static bool IsUniqueViolation(this DbException exception, string? index = null) =>
        IsUniqueViolation(exception, index, sqliteName: null);

    private static bool IsUniqueViolation(DbException exception, string? index, string? sqliteName) => exception switch
    {
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation
            && (index is null || postgres.ConstraintName == index),
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey
            && (index is null || sqlite.Message.Contains(index, StringComparison.Ordinal)
                || (sqliteName is not null && sqlite.Message.Contains(sqliteName, StringComparison.Ordinal))),
        _ => false,
    };

    /// <summary>
    /// SQLite names an index on columns by its columns (SQLite Error 19: 'UNIQUE constraint failed:
    /// Conversations.NameKey'.), not by its name: the model says which columns the index has. The closing quote
    /// keeps an index on (A) from matching one on (A, B).
    /// </summary>
    private static string? SqliteNameOf(DbUpdateException exception, string index)
    {
        var found = exception.Entries.Select(entry => entry.Metadata)
            .SelectMany(entity => entity.GetIndexes())
            .FirstOrDefault(candidate => candidate.GetDatabaseName() == index);
        return found is null || found.DeclaringEntityType.GetTableName() is not { } table
            ? null
            : "constraint failed: " + string.Join(", ", found.Properties.Select(p => $"{table}.{p.GetColumnName()}")) + "'";
    }
}
