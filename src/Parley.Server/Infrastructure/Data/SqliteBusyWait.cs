using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Parley.Infrastructure.Data;

/// <summary>
/// How every connection waits for SQLite's single write lock. Microsoft.Data.Sqlite retries a busy database by
/// sleeping 150 ms at a time (blocking its thread); SQLite's own busy handler, enabled by <see cref="Pragma"/>, retries
/// within a few milliseconds of the lock being free. The message writer, the search indexer and EF's connections
/// all write, so all of them set it.
/// </summary>
public static class SqliteBusyWait
{
    public const string Pragma = "PRAGMA busy_timeout = 30000;";

    public static async Task ApplyAsync(SqliteConnection connection, CancellationToken cancellationToken = default)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>Sets <see cref="SqliteBusyWait.Pragma"/> once on each native connection EF opens (pooled handles keep it).</summary>
internal sealed class SqliteBusyWaitInterceptor : DbConnectionInterceptor
{
    private readonly ConditionalWeakTable<object, object> _applied = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (connection is SqliteConnection sqlite && FirstTime(sqlite))
        {
            using var command = sqlite.CreateCommand();
            command.CommandText = SqliteBusyWait.Pragma;
            command.ExecuteNonQuery();
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (connection is SqliteConnection sqlite && FirstTime(sqlite))
        {
            await SqliteBusyWait.ApplyAsync(sqlite, cancellationToken);
        }
    }

    private bool FirstTime(SqliteConnection connection) => connection.Handle is { } handle && _applied.TryAdd(handle, handle);
}
