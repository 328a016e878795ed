using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Parley.Search;

namespace Parley.Tests.Integration;

/// <summary>
/// PostgreSQL's search index is a generated column (Infrastructure/Data/PostgresMessageSearchSql.cs): what any
/// statement writes is searchable as it commits, and an upgrade indexes what was written before the index existed.
/// The SQLite indexer's tests (SearchIndexingTests) are the same rules on SQLite. Each test has its own server.
/// </summary>
public sealed class PostgresSearchTests
{
    /// <summary>Rows written by any statement, not only the server's own writer, are searched as they are now: inserted, edited, deleted.</summary>
    [Fact]
    public async Task DirectWrites_EditsAndDeletes_AreSearchedAsTheyCommit()
    {
        await using var server = await ParleyServer.StartAsync(ParleyServer.OnPostgres);
        using var alice = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("alice"));
        var room = await alice.CreateRoomAsync();
        var ids = new List<long>();
        foreach (var text in new[] { "walrus original", "narwhal doomed", "octopus steady" })
        {
            ids.Add((long)(await ExecuteAsync(server,
                // The conversation's next seq, taken as the writer takes it (a message without one breaks the unique order).
                """
                WITH next AS (UPDATE "Conversations" SET "LastMessageSeq" = "LastMessageSeq" + 1 WHERE "Id" = @c RETURNING "LastMessageSeq")
                INSERT INTO "Messages" ("ConversationId", "Seq", "AuthorId", "Kind", "Text", "CreatedAt", "MentionsRoom", "ChangeSeq")
                SELECT @c, next."LastMessageSeq", @a, 0, @t, now(), false, 0 FROM next RETURNING "Id"
                """,
                ("c", room.Id), ("a", alice.Me.Id), ("t", text)))!);
        }

        Assert.Equal([ids[1]], await FoundAsync(alice, "narwhal"));

        await ExecuteAsync(server, """UPDATE "Messages" SET "Text" = 'walrus edited' WHERE "Id" = @id""", ("id", ids[0]));
        await ExecuteAsync(server, """DELETE FROM "Messages" WHERE "Id" = @id""", ("id", ids[1]));

        Assert.Equal([ids[0]], await FoundAsync(alice, "walrus edited"));
        Assert.Empty(await FoundAsync(alice, "original"));
        Assert.Empty(await FoundAsync(alice, "narwhal"));
        Assert.Equal([ids[2]], await FoundAsync(alice, "octopus steady"));
    }

    /// <summary>Messages written before the search migration (on a database from before it) are found after the upgrade.</summary>
    [Fact]
    public async Task Upgrade_MessagesWrittenBeforeTheSearchIndex_AreFound()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("parley-upgrade-").FullName;
        long userId;
        await using (var first = await ParleyServer.StartAsync(ParleyServer.OnPostgres, dataDirectory))
        {
            using var alice = await ApiClient.RegisterAsync(first, ApiClient.UniqueName("alice"));
            userId = alice.Me.Id;
            var room = await alice.CreateRoomAsync();
            await first.StopAsync();

            // The database as the release before the search index left it, with a message written then.
            var connectionString = first.Settings[ParleyServer.ConnectionStringSetting];
            await using (var db = new PostgresParleyDb(new DbContextOptionsBuilder<PostgresParleyDb>().UseNpgsql(connectionString).Options))
            {
                await db.GetService<IMigrator>().MigrateAsync("20261201223305_Initial");
            }

            await ExecuteAsync(connectionString,
                """INSERT INTO "Messages" ("ConversationId", "AuthorId", "Kind", "Text", "CreatedAt", "MentionsRoom", "ChangeSeq") VALUES (@c, @a, 0, 'written before search existed', now(), false, 0)""",
                ("c", room.Id), ("a", userId));
        }

        await using var upgraded = await ParleyServer.StartAsync(ParleyServer.OnPostgres, dataDirectory);
        await using var scope = upgraded.Services.CreateAsyncScope();
        var found = await scope.ServiceProvider.GetRequiredService<SearchService>().SearchAsync(userId, "before search", null, null, null, CancellationToken.None);

        Assert.Equal(["written before search existed"], found.Value!.Results.Select(r => r.Message.Text));
        Directory.Delete(dataDirectory, recursive: true);
    }

    private static async Task<List<long>> FoundAsync(ApiClient user, string q) =>
        [.. (await ApiClient.ReadAsync<SearchPage>(user.GetAsync($"/api/search?q={Uri.EscapeDataString(q)}"))).Results.Select(r => r.Message.Id)];

    private static Task<object?> ExecuteAsync(ParleyServer server, string sql, params (string Name, object Value)[] parameters) =>
        ExecuteAsync(server.Settings[ParleyServer.ConnectionStringSetting], sql, parameters);

    private static async Task<object?> ExecuteAsync(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteScalarAsync();
    }
}
