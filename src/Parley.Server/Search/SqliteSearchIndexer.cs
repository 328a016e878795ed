using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Parley.Events;
using Parley.Infrastructure.Data;

namespace Parley.Search;

/// <summary>
/// Brings the SQLite full-text index up to the newest committed message, off the send path. Indexing inside each
/// send's transaction cost more than the rest of the insert, and FTS5 writes a segment per transaction, so hundreds
/// of small commits a second also meant hundreds of segments to merge. Woken by new messages, the indexer waits
/// <see cref="Gather"/> so that one transaction indexes many, and takes at most <see cref="BatchSize"/> per
/// transaction so that a send never waits long behind it for the write lock. The mark (MessageSearchProgress) is in
/// the database: messages committed just before a crash are indexed after the restart. A search catches up first
/// (<see cref="CatchUpAsync"/>), so what was sent a moment ago is found.
/// </summary>
public sealed partial class SqliteSearchIndexer(ParleyDatabase database, ILogger<SqliteSearchIndexer> logger) : BackgroundService, IEventSubscriber
{
    public static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(200);
    public const int BatchSize = 500;

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly SemaphoreSlim _gate = new(1, 1);

    public Task HandleAsync(ChatEvent chatEvent, CancellationToken cancellationToken)
    {
        if (chatEvent is MessageCreated)
        {
            _wake.Writer.TryWrite(true);
        }

        return Task.CompletedTask;
    }

    /// <summary>Indexes every message committed before this call.</summary>
    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await SqliteBusyWait.ApplyAsync(connection, cancellationToken);

        // A read first: searching must not take the write lock when the index is already up to date.
        if (await PendingUpToAsync(connection, cancellationToken) is not { } newest)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            await IndexPendingAsync(connection, newest, BatchSize, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Indexes the messages after the mark up to <paramref name="upTo"/>, <paramref name="batchSize"/> per
    /// transaction. Public for tools that fill a database directly (the benchmark's data set).
    /// </summary>
    public static async Task IndexPendingAsync(SqliteConnection connection, long upTo, int batchSize, CancellationToken cancellationToken)
    {
        while (true)
        {
            // Microsoft.Data.Sqlite begins IMMEDIATE: the write lock is taken before the mark is read.
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            using var next = Command(connection, transaction, SqliteMessageSearchSql.NextMark, ("$until", upTo), ("$batch", batchSize));
            if (await next.ExecuteScalarAsync(cancellationToken) is not long mark)
            {
                return;
            }

            using var index = Command(connection, transaction, SqliteMessageSearchSql.IndexPending, ("$upTo", mark));
            await index.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _wake.Writer.TryWrite(true); // whatever a crash left unindexed
        try
        {
            while (await _wake.Reader.WaitToReadAsync(stoppingToken))
            {
                await Task.Delay(Gather, stoppingToken);
                _wake.Reader.TryRead(out _);
                try
                {
                    await CatchUpAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Searches still catch up for themselves; try again shortly rather than stop indexing.
                    LogIndexingFailed(ex);
                    await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
                    _wake.Writer.TryWrite(true);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static async Task<long?> PendingUpToAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        using var pending = Command(connection, null, SqliteMessageSearchSql.PendingUpTo);
        return await pending.ExecuteScalarAsync(cancellationToken) as long?;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    [LoggerMessage(LogLevel.Error, "Indexing new messages for search failed; retrying in 5 s")]
    private partial void LogIndexingFailed(Exception ex);
}
