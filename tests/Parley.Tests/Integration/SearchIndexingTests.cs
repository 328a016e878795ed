using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parley.Search;

namespace Parley.Tests.Integration;

/// <summary>
/// New messages are indexed for search after their commit (Search/SqliteSearchIndexer.cs), beside the other writers. Each test has its own
/// server, so nothing else wakes the indexer or moves its mark while a test looks at it.
/// </summary>
public sealed class SearchIndexingTests
{
    // SQLite only, so pinned to it in every run: PostgreSQL indexes in the writing statement (a generated column), so there is no background indexer or mark; PostgresSearchTests covers its index.
    [Fact]
    public async Task ASentMessage_IsIndexedInTheBackground_WithoutWaitingForASearch()
    {
        await using var server = await ParleyServer.StartAsync(ParleyServer.OnSqlite);
        using var alice = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("alice"));
        var room = await alice.CreateRoomAsync();
        await using var hub = await alice.ConnectHubAsync();

        var sent = await hub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = "indexed after commit" });

        await Poll.UntilAsync(async () => await LastIndexedIdAsync(server) >= sent.Id, TimeSpan.FromSeconds(10),
            "the indexer should reach a new message by itself within moments.");
    }

    // SQLite only, so pinned to it in every run: nothing is ever stored unindexed on PostgreSQL (a generated column); PostgresSearchTests covers rows written outside the server.
    [Fact]
    public async Task MessagesStoredButNotIndexedBeforeAStop_AreIndexedAfterTheRestart()
    {
        await using var server = await ParleyServer.StartAsync(ParleyServer.OnSqlite);
        using var alice = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("alice"));
        var room = await alice.CreateRoomAsync();
        await server.StopAsync();

        // As a crash between a commit and its indexing leaves it: rows in Messages past the mark.
        var stored = await InsertDirectlyAsync(server, room.Id, alice.Me.Id, ["stranded before the crash", "and another"]);
        SqliteConnection.ClearAllPools();
        await server.StartAsync();

        await Poll.UntilAsync(async () => await LastIndexedIdAsync(server) >= stored[^1], TimeSpan.FromSeconds(10),
            "the indexer should pick up where it stopped when the server starts.");
        using var again = ApiClient.Anonymous(server); // the restarted server listens on a new port
        again.DefaultRequestHeaders.Authorization = new("Bearer", alice.AccessToken);
        var found = await ApiClient.ReadAsync<SearchPage>(again.GetAsync("/api/search?q=stranded"));
        Assert.Equal([stored[0]], found.Results.Select(r => r.Message.Id));
    }

    // SQLite only, so pinned to it in every run: the FTS5 triggers and integrity check; PostgresSearchTests.DirectWrites_EditsAndDeletes_AreSearchedAsTheyCommit is the PostgreSQL version.
    [Fact]
    public async Task EditsAndDeletes_BeforeAndAfterIndexing_KeepTheIndexTrue()
    {
        await using var server = await ParleyServer.StartAsync(ParleyServer.OnSqlite);
        using var alice = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("alice"));
        var room = await alice.CreateRoomAsync();
        var indexer = server.GetRequiredService<SqliteSearchIndexer>();
        await indexer.CatchUpAsync(CancellationToken.None);

        // Edited and deleted in the transaction that stored them, so surely before the indexer saw them: the triggers
        // must leave the index alone.
        var ids = await InsertDirectlyAsync(server, room.Id, alice.Me.Id, ["walrus original", "narwhal doomed", "octopus steady"],
            then: ids => $"UPDATE Messages SET Text = 'walrus edited' WHERE Id = {ids[0]}; DELETE FROM Messages WHERE Id = {ids[1]};");
        await indexer.CatchUpAsync(CancellationToken.None);

        Assert.Equal([ids[0]], await FoundAsync(alice, "walrus edited"));
        Assert.Empty(await FoundAsync(alice, "original"));
        Assert.Empty(await FoundAsync(alice, "narwhal"));

        // Indexed now: the triggers must take the old words out and put the new ones in.
        await ExecuteAsync(server, $"UPDATE Messages SET Text = 'octopus moved' WHERE Id = {ids[2]}; DELETE FROM Messages WHERE Id = {ids[0]};");

        Assert.Equal([ids[2]], await FoundAsync(alice, "octopus"));
        Assert.Empty(await FoundAsync(alice, "steady"));
        Assert.Empty(await FoundAsync(alice, "walrus"));
        // FTS5's own check, with rank 1: the index holds exactly its content. System notices are in the content view
        // but never indexed, so they go first (deleting them leaves the index alone); a 'delete' of a message that was
        // never indexed, the mistake the triggers guard against, fails this check.
        await ExecuteAsync(server, "DELETE FROM Messages WHERE Kind <> 0; INSERT INTO MessageSearch(MessageSearch, rank) VALUES('integrity-check', 1);");
    }

    // SQLite only, so pinned to it in every run: the busy handler of SQLite's single write lock; PostgreSQL has no such lock.
    [Fact]
    public async Task EveryWriter_WaitsForTheWriteLockInSqlitesBusyHandler()
    {
        // The indexer now writes beside the message writer and EF; a connection without SQLite's busy handler would
        // sleep 150 ms per retry when it meets another writer (Infrastructure/Data/SqliteBusyWait.cs).
        await using var server = await ParleyServer.StartAsync(ParleyServer.OnSqlite);
        // Connections share one pool: stop the indexer (once stopped, it has given back the connection of its start-up
        // pass and opens no other), then empty the pool, so the handle EF opens next is new and only EF's own set-up
        // can have set the wait.
        await server.GetRequiredService<SqliteSearchIndexer>().StopAsync(CancellationToken.None);
        SqliteConnection.ClearAllPools();
        for (var i = 0; i < 2; i++) // the second open gets the pooled handle back
        {
            await using var scope = server.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
            await db.Database.OpenConnectionAsync();
            using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA busy_timeout";
            Assert.Equal(30_000L, await command.ExecuteScalarAsync());
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<List<long>> FoundAsync(ApiClient user, string q) =>
        [.. (await ApiClient.ReadAsync<SearchPage>(user.GetAsync($"/api/search?q={Uri.EscapeDataString(q)}"))).Results.Select(r => r.Message.Id)];

    private static async Task<long> LastIndexedIdAsync(ParleyServer server)
    {
        await using var connection = await OpenAsync(server);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT LastIndexedId FROM MessageSearchProgress";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<List<long>> InsertDirectlyAsync(ParleyServer server, long conversationId, long authorId, string[] texts, Func<List<long>, string>? then = null)
    {
        await using var connection = await OpenAsync(server);
        await using var transaction = connection.BeginTransaction();
        var ids = new List<long>();
        foreach (var text in texts)
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            // Numbered as the writer numbers them (Messages/MessageStore.cs): the conversation's next seq, taken.
            insert.CommandText = """
                UPDATE Conversations SET LastMessageSeq = LastMessageSeq + 1 WHERE Id = $c;
                INSERT INTO Messages (ConversationId, Seq, AuthorId, Kind, Text, CreatedAt, MentionsRoom)
                VALUES ($c, (SELECT LastMessageSeq FROM Conversations WHERE Id = $c), $a, 0, $t, '2026-12-01 09:00:00', 0) RETURNING Id
                """;
            insert.Parameters.AddWithValue("$c", conversationId);
            insert.Parameters.AddWithValue("$a", authorId);
            insert.Parameters.AddWithValue("$t", text);
            ids.Add((long)(await insert.ExecuteScalarAsync())!);
        }

        if (then is not null)
        {
            using var more = connection.CreateCommand();
            more.Transaction = transaction;
            more.CommandText = then(ids);
            await more.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        return ids;
    }

    private static async Task ExecuteAsync(ParleyServer server, string sql)
    {
        await using var connection = await OpenAsync(server);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<SqliteConnection> OpenAsync(ParleyServer server)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(server.DataDirectory, "parley.db")}");
        await connection.OpenAsync();
        return connection;
    }
}
