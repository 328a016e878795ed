using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Parley.Search;

namespace Parley.Tests.Integration;

/// <summary>An upgrade from the first release's schema keeps every message, and makes the old ones searchable.</summary>
public sealed class MigrationTests
{
    // SQLite only, so pinned to it in every run: the first release's schema existed only on SQLite; PostgresSearchTests.Upgrade_MessagesWrittenBeforeTheSearchIndex_AreFound is the PostgreSQL upgrade.
    [Fact]
    public async Task Upgrade_FromTheFirstSchema_KeepsDataAndIndexesOldMessagesForSearch()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("parley-upgrade-").FullName;
        await using (var first = await ParleyServer.StartAsync(ParleyServer.OnSqlite, dataDirectory))
        {
            await first.StopAsync();
        }

        // Roll the database back to the first migration, as a server from that release left it, with a message in it.
        var connectionString = $"Data Source={Path.Combine(dataDirectory, "parley.db")}";
        var options = new DbContextOptionsBuilder<SqliteParleyDb>().UseSqlite(connectionString).Options;
        await using (var db = new SqliteParleyDb(options))
        {
            await db.GetService<IMigrator>().MigrateAsync("20261122031418_Initial");
        }

        await using (var connection = new SqliteConnection(connectionString))
        {
            await connection.OpenAsync();
            using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO AspNetUsers (UserName, NormalizedUserName, Email, NormalizedEmail, EmailConfirmed, PasswordHash, SecurityStamp, ConcurrencyStamp,
                    PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount, DisplayName, CreatedAt)
                VALUES ('oldtimer', 'OLDTIMER', 'old@example.com', 'OLD@EXAMPLE.COM', 0, NULL, 'stamp', 'c', 0, 0, 1, 0, 'Old Timer', '2026-11-01 10:00:00');
                INSERT INTO Conversations (Kind, Name, Visibility, CreatedById, CreatedAt) VALUES (1, 'archive', 1, last_insert_rowid(), '2026-11-01 10:00:00');
                INSERT INTO Memberships (ConversationId, UserId, Role, JoinedAt) VALUES (last_insert_rowid(), (SELECT Id FROM AspNetUsers WHERE UserName = 'oldtimer'), 2, '2026-11-01 10:00:00');
                INSERT INTO Messages (ConversationId, AuthorId, Kind, Text, CreatedAt)
                VALUES ((SELECT Id FROM Conversations WHERE Name = 'archive'), (SELECT Id FROM AspNetUsers WHERE UserName = 'oldtimer'), 0, 'written before search existed', '2026-11-01 10:05:00');
                """;
            await insert.ExecuteNonQueryAsync();
        }

        SqliteConnection.ClearAllPools();
        await using var upgraded = await ParleyServer.StartAsync(ParleyServer.OnSqlite, dataDirectory);
        await using var scope = upgraded.Services.CreateAsyncScope();
        var db2 = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        var userId = await db2.Users.Where(u => u.UserName == "oldtimer").Select(u => u.Id).SingleAsync();
        var search = scope.ServiceProvider.GetRequiredService<SearchService>();

        var found = await search.SearchAsync(userId, "before search", null, null, null, CancellationToken.None);

        var hit = Assert.Single(found.Value!.Results);
        Assert.Equal(("written before search existed", MessageKind.Text), (hit.Message.Text, hit.Message.Kind));
        Assert.True(await db2.Users.Where(u => u.Id == userId).Select(u => u.SendReadReceipts).SingleAsync(), "New settings take their defaults for existing users.");
        Directory.Delete(dataDirectory, recursive: true);
    }
}
