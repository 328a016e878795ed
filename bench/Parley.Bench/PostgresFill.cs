using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Parley.Infrastructure.Data;

namespace Parley.Bench;

/// <summary>
/// The messages of the data set into PostgreSQL the way a bulk load is done there: the secondary indexes of Messages
/// dropped, one binary COPY, the indexes built again (each in one pass, the full-text GIN index included), then VACUUM
/// ANALYZE so the planner and index-only scans see what a long-running server would. Whatever columns the database
/// computes itself (the generated search vector) it computes during the COPY, as it would for each send.
/// </summary>
internal static class PostgresFill
{
    public static async Task WriteMessagesAsync(ParleyDb db, IEnumerable<GeneratedMessage> messages, MessageColumns columns, int total, Stopwatch clock, TextWriter log)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        await ExecuteAsync(connection, "SET maintenance_work_mem = '512MB'");
        // The rows are consistent by construction (rooms and authors exist): foreign-key triggers would only check
        // 1.5 million times what is known. Needs a superuser (the benchmark's own cluster); otherwise they stay on.
        var skipTriggers = await IsSuperuserAsync(connection);
        if (skipTriggers)
        {
            await ExecuteAsync(connection, "SET session_replication_role = replica");
        }

        var indexes = new List<(string Name, string Definition)>();
        await using (var read = new NpgsqlCommand(
            """
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = current_schema() AND i.tablename = 'Messages'
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)
            """, connection))
        await using (var reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                indexes.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, _) in indexes)
        {
            await ExecuteAsync(connection, $"DROP INDEX \"{name}\"");
        }

        var copy = columns.HasSeq
            ? "COPY \"Messages\" (\"ConversationId\", \"AuthorId\", \"Kind\", \"Text\", \"CreatedAt\", \"MentionsRoom\", \"ChangeSeq\", \"Seq\") FROM STDIN (FORMAT BINARY)"
            : "COPY \"Messages\" (\"ConversationId\", \"AuthorId\", \"Kind\", \"Text\", \"CreatedAt\", \"MentionsRoom\", \"ChangeSeq\") FROM STDIN (FORMAT BINARY)";
        await using (var importer = await connection.BeginBinaryImportAsync(copy))
        {
            var written = 0;
            foreach (var row in messages.Take(total))
            {
                await importer.StartRowAsync();
                await importer.WriteAsync(row.ConversationId, NpgsqlDbType.Bigint);
                await importer.WriteAsync(row.AuthorId, NpgsqlDbType.Bigint);
                await importer.WriteAsync((int)MessageKind.Text, NpgsqlDbType.Integer);
                await importer.WriteAsync(row.Text, NpgsqlDbType.Text);
                await importer.WriteAsync(row.CreatedAt, NpgsqlDbType.TimestampTz);
                await importer.WriteAsync(false, NpgsqlDbType.Boolean);
                await importer.WriteAsync(0L, NpgsqlDbType.Bigint);
                if (columns.HasSeq)
                {
                    await importer.WriteAsync(row.Seq, NpgsqlDbType.Bigint);
                }

                if (++written % 250_000 == 0)
                {
                    await log.WriteLineAsync($"  {written:N0} / {total:N0} messages ({clock.Elapsed.TotalSeconds:F0} s)");
                }
            }

            await importer.CompleteAsync();
        }

        await log.WriteLineAsync($"  copied ({clock.Elapsed.TotalSeconds:F0} s)");
        foreach (var (name, definition) in indexes)
        {
            await ExecuteAsync(connection, definition);
            await log.WriteLineAsync($"  index {name} ({clock.Elapsed.TotalSeconds:F0} s)");
        }

        if (skipTriggers)
        {
            await ExecuteAsync(connection, "SET session_replication_role = DEFAULT");
        }

        await ExecuteAsync(connection, "VACUUM ANALYZE");
        await log.WriteLineAsync($"  vacuumed and analysed ({clock.Elapsed.TotalSeconds:F0} s)");
    }

    /// <summary>The database's size on disk, tables and indexes together.</summary>
    public static async Task<long> DatabaseBytesAsync(ParleyDb db) =>
        await db.Database.SqlQueryRaw<long>("SELECT pg_database_size(current_database()) AS \"Value\"").SingleAsync();

    /// <summary>Creates the database of <paramref name="connectionString"/> unless it exists (connecting to "postgres" to do it).</summary>
    public static async Task EnsureDatabaseAsync(string connectionString)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var name = target.Database ?? throw new ArgumentException("The PostgreSQL connection string names no database.");
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", name);
        if (await exists.ExecuteScalarAsync() is null)
        {
            await ExecuteAsync(connection, $"CREATE DATABASE \"{name}\"");
        }
    }

    private static async Task<bool> IsSuperuserAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("SELECT rolsuper FROM pg_roles WHERE rolname = current_user", connection);
        return await command.ExecuteScalarAsync() is true;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }
}
