using Npgsql;

namespace Parley.Infrastructure.Data;

/// <summary>
/// One node at a time migrates a PostgreSQL database: a session-level advisory lock, held on a connection of its own
/// (outside the pool, so that closing it ends the session and frees the lock even if unlocking failed) from before
/// the migrations to after the start-up data fixes. Another node starting at the same moment waits for it, then
/// finds every migration applied. SQLite needs none: it is one node by design, and EF serialises its migrations there.
/// </summary>
public sealed class MigrationLock : IAsyncDisposable
{
    /// <summary>The lock's key, shared by every Parley node: "parley" in ASCII, far from keys other software picks.</summary>
    public const long Key = 0x7061726C6579;

    private readonly NpgsqlConnection? _connection;

    private MigrationLock(NpgsqlConnection? connection) => _connection = connection;

    public static async Task<MigrationLock> TakeAsync(ParleyDatabase database, CancellationToken cancellationToken = default)
    {
        if (!database.IsPostgres)
        {
            return new MigrationLock(null);
        }

        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", Key);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new MigrationLock(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            // Closing the (unpooled) connection ends the session, which releases the lock.
            await _connection.DisposeAsync();
        }
    }
}
