using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Parley.Infrastructure.Data;

/// <summary>
/// How every connection waits for SQLite's single write lock. Microsoft.Data.Sqlite retries a busy database by
/// sleeping 150 ms at a time (blocking its thread); SQLite's own busy handler, enabled by <see cref="Pragma"/>, retries
/// within a few milliseconds of the lock being free. The message writer, the search indexer and EF's connections
/// all write, so all of them set it — once per native connection, which keeps it while it sits in the pool.
/// </summary>
public static class SqliteBusyWait
{
    public const string Pragma = "PRAGMA busy_timeout = 30000;";

    private static readonly ConditionalWeakTable<object, object> Applied = [];

    public static async Task ApplyAsync(SqliteConnection connection, CancellationToken cancellationToken = default)
    {
        if (FirstTime(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragma;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public static void Apply(SqliteConnection connection)
    {
        if (FirstTime(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragma;
            command.ExecuteNonQuery();
        }
    }

    private static bool FirstTime(SqliteConnection connection) => connection.Handle is { } handle && Applied.TryAdd(handle, handle);
}

/// <summary>Sets <see cref="SqliteBusyWait.Pragma"/> on the connections EF opens.</summary>
internal sealed class SqliteBusyWaitInterceptor : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (connection is SqliteConnection sqlite)
        {
            SqliteBusyWait.Apply(sqlite);
        }
    }

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default) =>
        connection is SqliteConnection sqlite ? SqliteBusyWait.ApplyAsync(sqlite, cancellationToken) : Task.CompletedTask;
}
