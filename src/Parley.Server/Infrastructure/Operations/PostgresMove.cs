using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using Parley.Infrastructure.Data;

namespace Parley.Infrastructure.Operations;

/// <summary>
/// Moves a SQLite server's data into an empty PostgreSQL database: the way a growing community upgrades. Every table
/// of the model is copied, generically from the EF model, so a table added to the model later is moved without a
/// change here (PostgresMoveTests fails if a SQLite table is left behind). Values travel through both providers' type
/// mappings (SQLite keeps timestamps, booleans and GUIDs as text and integers; PostgreSQL has types for them), ids are
/// kept, and identity sequences are set past the largest id so new rows get fresh ones.
/// <para>
/// The whole copy is ONE PostgreSQL transaction, fed by COPY (binary) streams that read the SQLite snapshot row by row:
/// memory stays flat however many messages there are, and a copy that fails or is interrupted leaves the target with
/// its tables but no rows, so running the command again is the restart. The row counts are compared table by table
/// before the commit; any difference rolls everything back.
/// </para>
/// </summary>
public sealed class PostgresMove(SqliteParleyDb source, string targetConnectionString, TextWriter output)
{
    /// <summary>Tables of the SQLite database that are not data to move: SQLite's full-text index (PostgreSQL has its own) and EF's bookkeeping.</summary>
    public static readonly IReadOnlySet<string> SqliteOnlyTables = new HashSet<string>(StringComparer.Ordinal)
    {
        "__EFMigrationsHistory", "__EFMigrationsLock", "MessageSearch", "MessageSearchProgress",
    };

    /// <summary>True for a table of the SQLite database that is not moved (the full-text index keeps its data in MessageSearch_* tables).</summary>
    public static bool IsSqliteOnly(string table) => SqliteOnlyTables.Contains(table) || table.StartsWith("MessageSearch_", StringComparison.Ordinal);

    public sealed record TableCount(string Table, long Source, long Target);

    /// <summary>Copies everything; the per-table counts, or a failure that explains itself (<see cref="MoveRefusedException"/>).</summary>
    public async Task<IReadOnlyList<TableCount>> RunAsync(CancellationToken cancellationToken = default)
    {
        await using var target = CreateTarget(targetConnectionString);
        await target.Database.MigrateAsync(cancellationToken);
        var tables = TablesInCopyOrder(target.Model.GetRelationalModel());

        var sourceConnection = (SqliteConnection)source.Database.GetDbConnection();
        await sourceConnection.OpenAsync(cancellationToken);
        // One read transaction: every table is read from the same snapshot, even if something writes meanwhile.
        await using var snapshot = sourceConnection.BeginTransaction(deferred: true);
        var sourceTables = source.Model.GetRelationalModel().Tables.ToDictionary(t => t.Name, StringComparer.Ordinal);

        await using var connection = new NpgsqlConnection(targetConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var notEmpty = new List<string>();
        foreach (var table in tables)
        {
            if (await CountAsync(connection, transaction, table.Name, cancellationToken) > 0)
            {
                notEmpty.Add(table.Name);
            }
        }

        if (notEmpty.Count > 0)
        {
            throw new MoveRefusedException(
                $"The PostgreSQL database is not empty (rows in {string.Join(", ", notEmpty)}). Moving needs an empty database: create a new one (CREATE DATABASE …) and point the command at it.");
        }

        var counts = new List<TableCount>();
        foreach (var table in tables)
        {
            if (!sourceTables.TryGetValue(table.Name, out var sourceTable))
            {
                throw new MoveRefusedException($"Table {table.Name} of the PostgreSQL model has no SQLite counterpart.");
            }

            var clock = Stopwatch.StartNew();
            var copied = await CopyTableAsync(sourceConnection, snapshot, sourceTable, connection, table, cancellationToken);
            var expected = await CountAsync(sourceConnection, snapshot, sourceTable.Name, cancellationToken);
            var found = await CountAsync(connection, transaction, table.Name, cancellationToken);
            counts.Add(new TableCount(table.Name, expected, found));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {table.Name,-24} {copied,12:N0} rows  {clock.Elapsed.TotalSeconds,6:F1} s"));
        }

        var mismatches = counts.Where(c => c.Source != c.Target).ToList();
        if (mismatches.Count > 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            throw new MoveRefusedException("The row counts differ, nothing was kept:\n" + string.Join('\n',
                mismatches.Select(m => string.Create(CultureInfo.InvariantCulture, $"  {m.Table}: {m.Source:N0} in SQLite, {m.Target:N0} in PostgreSQL"))));
        }

        await ResetIdentitySequencesAsync(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return counts;
    }

    private static PostgresParleyDb CreateTarget(string connectionString) =>
        new(new DbContextOptionsBuilder<PostgresParleyDb>()
            .UseNpgsql(connectionString)
            .ConfigureWarnings(w => w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.PendingModelChangesWarning))
            .Options);

    /// <summary>
    /// Parents before children, so every foreign key finds its row (PostgreSQL checks them row by row; EF's constraints
    /// are not deferrable). A table that refers to itself (a reply to a message) needs nothing: COPY checks its
    /// references at the end of the statement.
    /// </summary>
    private static List<ITable> TablesInCopyOrder(IRelationalModel model)
    {
        var ordered = new List<ITable>();
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var pending = model.Tables.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        while (pending.Count > 0)
        {
            var ready = pending.Where(t => t.ForeignKeyConstraints.All(fk => fk.PrincipalTable.Name == t.Name || placed.Contains(fk.PrincipalTable.Name))).ToList();
            if (ready.Count == 0)
            {
                throw new MoveRefusedException($"The tables {string.Join(", ", pending.Select(t => t.Name))} refer to each other in a cycle; the move cannot order them.");
            }

            foreach (var table in ready)
            {
                ordered.Add(table);
                placed.Add(table.Name);
                pending.Remove(table);
            }
        }

        return ordered;
    }

    private static async Task<long> CopyTableAsync(SqliteConnection sourceConnection, SqliteTransaction snapshot, ITable sourceTable,
        NpgsqlConnection connection, ITable table, CancellationToken cancellationToken)
    {
        var generated = await GeneratedColumnsAsync(connection, table.Name, cancellationToken);
        var sourceColumns = sourceTable.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        // A column PostgreSQL computes itself (a search vector) is filled by the target; one only PostgreSQL has keeps its default.
        var columns = table.Columns
            .Where(c => c.ComputedColumnSql is null && !generated.Contains(c.Name) && sourceColumns.ContainsKey(c.Name))
            .Select(c => new ColumnCopy(c.Name, ReaderFor(sourceColumns[c.Name]), WriterFor(sourceColumns[c.Name], c)))
            .ToList();

        await using var read = sourceConnection.CreateCommand();
        read.Transaction = snapshot;
        read.CommandText = $"SELECT {string.Join(", ", columns.Select(c => Quote(c.Name)))} FROM {Quote(sourceTable.Name)}";
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);

        var rows = 0L;
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY {Quote(table.Name)} ({string.Join(", ", columns.Select(c => Quote(c.Name)))}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            await importer.StartRowAsync(cancellationToken);
            for (var i = 0; i < columns.Count; i++)
            {
                if (await reader.IsDBNullAsync(i, cancellationToken))
                {
                    await importer.WriteNullAsync(cancellationToken);
                }
                else
                {
                    var (value, dataType) = columns[i].Write(columns[i].Read(reader, i));
                    await importer.WriteAsync(value, dataType, cancellationToken);
                }
            }

            rows++;
        }

        await importer.CompleteAsync(cancellationToken);
        return rows;
    }

    private sealed record ColumnCopy(string Name, Func<DbDataReader, int, object> Read, Func<object, (object Value, string DataType)> Write);

    /// <summary>Reads a SQLite value as the CLR type its provider mapping stores (text to DateTime, integer to bool …) and converts it to the model's value.</summary>
    private static Func<DbDataReader, int, object> ReaderFor(IColumn column)
    {
        if (column.PropertyMappings is not [{ TypeMapping: var mapping }, ..])
        {
            // A JSON document (an owned or complex type stored as one column): text on both sides.
            return (reader, i) => reader.GetString(i);
        }

        var providerType = mapping.Converter?.ProviderClrType ?? mapping.ClrType;
        var read = ReadAsMethod.MakeGenericMethod(Nullable.GetUnderlyingType(providerType) ?? providerType)
            .CreateDelegate<Func<DbDataReader, int, object>>();
        return mapping.Converter is { } converter
            ? (reader, i) => converter.ConvertFromProvider(read(reader, i))!
            : read;
    }

    /// <summary>Converts the model's value to what PostgreSQL's mapping stores, named by its type for the binary COPY.</summary>
    private static Func<object, (object, string)> WriterFor(IColumn sourceColumn, IColumn column)
    {
        var dataType = column.StoreType.Split('(')[0].Trim();
        if (column.PropertyMappings is not [{ TypeMapping: var mapping }, ..] || sourceColumn.PropertyMappings.Count == 0)
        {
            return value => (value, dataType);
        }

        return mapping.Converter is { } converter
            ? value => (converter.ConvertToProvider(value)!, dataType)
            : value => (value, dataType);
    }

    private static readonly MethodInfo ReadAsMethod = typeof(PostgresMove).GetMethod(nameof(ReadAs), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static object ReadAs<T>(DbDataReader reader, int ordinal) => reader.GetFieldValue<T>(ordinal)!;

    private static async Task<HashSet<string>> GeneratedColumnsAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table AND is_generated = 'ALWAYS'";
        command.Parameters.AddWithValue("table", table);
        var columns = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }

    /// <summary>Every identity (or serial) column's sequence continues after the largest id copied: the next message gets a fresh id.</summary>
    private static async Task ResetIdentitySequencesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var identities = new List<(string Table, string Column)>();
        await using (var find = connection.CreateCommand())
        {
            find.Transaction = transaction;
            find.CommandText = """
                SELECT table_name, column_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')
                """;
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                identities.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (table, column) in identities)
        {
            await using var reset = connection.CreateCommand();
            reset.Transaction = transaction;
            reset.CommandText = $"SELECT setval(pg_get_serial_sequence(@table, @column), COALESCE((SELECT MAX({Quote(column)}) FROM {Quote(table)}), 0) + 1, false)";
            reset.Parameters.AddWithValue("table", Quote(table));
            reset.Parameters.AddWithValue("column", column);
            await reset.ExecuteScalarAsync(cancellationToken);
        }
    }

    private static async Task<long> CountAsync(DbConnection connection, DbTransaction transaction, string table, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT COUNT(*) FROM {Quote(table)}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

/// <summary>A move or backup that cannot go on, with a sentence for the person at the shell.</summary>
public sealed class MoveRefusedException(string message) : Exception(message);
