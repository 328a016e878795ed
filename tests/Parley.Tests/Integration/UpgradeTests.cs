using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Parley.Tests.Integration;

/// <summary>
/// An upgrade brings data that broke today's rules into line without losing any of it: a room the old races left with
/// several owners keeps one, and public or password rooms that shared a name each get one of their own.
/// </summary>
public sealed class UpgradeTests
{
    // SQLite only, so pinned to it in every run: rolls the schema back to a SQLite release from before the one-owner and one-name rules; PostgreSQL started with them (its first migration has both indexes).
    [Fact]
    public async Task Upgrade_RoomsWithSeveralOwnersOrSharedNames_KeepOneOwnerAndGetNamesOfTheirOwn()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("parley-upgrade-").FullName;
        await using (var first = await ParleyServer.StartAsync(ParleyServer.OnSqlite, dataDirectory))
        {
            await first.StopAsync();
        }

        // The database as the release before this one left it.
        var connectionString = $"Data Source={Path.Combine(dataDirectory, "parley.db")}";
        await using (var db = new SqliteParleyDb(new DbContextOptionsBuilder<SqliteParleyDb>().UseSqlite(connectionString).Options))
        {
            await db.GetService<IMigrator>().MigrateAsync("20261201085809_IndexSearchAfterCommit");
        }

        await using (var connection = new SqliteConnection(connectionString))
        {
            await connection.OpenAsync();
            using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO AspNetUsers (Id, UserName, NormalizedUserName, Email, NormalizedEmail, EmailConfirmed, SecurityStamp, ConcurrencyStamp,
                    PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount, DisplayName, CreatedAt, SendReadReceipts, DoNotDisturb, NotificationSounds)
                VALUES (1, 'ann', 'ANN', 'ann@example.com', 'ANN@EXAMPLE.COM', 0, 's', 'c', 0, 0, 1, 0, 'Ann', '2026-11-01 10:00:00', 1, 0, 1),
                       (2, 'ben', 'BEN', 'ben@example.com', 'BEN@EXAMPLE.COM', 0, 's', 'c', 0, 0, 1, 0, 'Ben', '2026-11-01 10:00:00', 1, 0, 1);
                INSERT INTO Conversations (Id, Kind, Name, Visibility, CreatedById, CreatedAt) VALUES
                    (10, 1, 'Général', 1, 1, '2026-11-01 10:00:00'),
                    (11, 1, 'GÉNÉRAL', 1, 1, '2026-11-01 10:00:00'),
                    (12, 1, 'général', 3, 1, '2026-11-01 10:00:00'),
                    (13, 1, 'Général', 2, 1, '2026-11-01 10:00:00');
                INSERT INTO Memberships (ConversationId, UserId, Role, JoinedAt, LastReadMessageId, ClearedBeforeMessageId, Muted) VALUES
                    (10, 1, 2, '2026-11-01 10:00:00', 0, 0, 0),
                    (10, 2, 2, '2026-11-01 11:00:00', 0, 0, 0),
                    (11, 1, 2, '2026-11-01 10:00:00', 0, 0, 0),
                    (12, 1, 2, '2026-11-01 10:00:00', 0, 0, 0),
                    (13, 1, 2, '2026-11-01 10:00:00', 0, 0, 0);
                """;
            await insert.ExecuteNonQueryAsync();
        }

        SqliteConnection.ClearAllPools();
        await using var upgraded = await ParleyServer.StartAsync(ParleyServer.OnSqlite, dataDirectory);
        await using var scope = upgraded.Services.CreateAsyncScope();
        var after = scope.ServiceProvider.GetRequiredService<ParleyDb>();

        var rooms = await after.Conversations.OrderBy(c => c.Id).Select(c => new { c.Id, c.Name }).ToListAsync();
        Assert.Equal([(10L, "Général"), (11L, "GÉNÉRAL (11)"), (12L, "général (12)"), (13L, "Général")], rooms.Select(r => (r.Id, r.Name)));
        var owners = await after.Memberships.Where(m => m.ConversationId == 10).OrderBy(m => m.UserId).Select(m => m.Role).ToListAsync();
        Assert.Equal([MemberRole.Owner, MemberRole.Admin], owners);
        using var newcomer = await ApiClient.RegisterAsync(upgraded);
        using var taken = await newcomer.PostAsync("/api/rooms", new { name = "GÉNÉRAL", visibility = "public" });
        Assert.Equal((409, "room_name_taken"), await taken.StatusAndCodeAsync());
        SqliteConnection.ClearAllPools();
        Directory.Delete(dataDirectory, recursive: true);
    }

    /// <summary>
    /// Before room endpoints refused direct conversations, "leaving" one took a participant out for good: reopening
    /// answered 200 with an empty body and the other side's messages reached nobody. Opening it again now repairs it.
    /// </summary>
    [Fact]
    public async Task DirectConversation_BrokenByTheOldLeave_IsRepairedWhenOpenedAgain()
    {
        await using var server = await ParleyServer.StartAsync();
        using var alice = await ApiClient.RegisterAsync(server);
        using var bob = await ApiClient.RegisterAsync(server);
        var dm = await alice.OpenDirectAsync(bob.Username);
        await using (var scope = server.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ParleyDb>().Memberships.Where(m => m.ConversationId == dm.Id && m.UserId == bob.Id).ExecuteDeleteAsync();
            server.GetRequiredService<Parley.Access.MembershipCache>().Invalidate(dm.Id);
        }

        await using var bobHub = await bob.ConnectHubAsync();
        var reopened = await bob.OpenDirectAsync(alice.Username);
        await using var aliceHub = await alice.ConnectHubAsync();
        var sent = await aliceHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = dm.Id, text = "are you there?" });

        Assert.Equal(dm.Id, reopened.Id);
        await bobHub.WaitForAsync<MessageDto>("messageReceived", m => m.Id == sent.Id);
        Assert.Contains((await bob.MessagesAsync(dm.Id)).Messages, m => m.Id == sent.Id);
    }
}
