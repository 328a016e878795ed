using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parley.Infrastructure.Data;

namespace Parley.Bench;

/// <summary>The shape of the generated community.</summary>
internal sealed record DataSetOptions(int Users, int Rooms, int RoomsPerUser, int BigRoomMessages, int OtherMessages, int Seed)
{
    public static DataSetOptions Default { get; } = new(Users: 1_000, Rooms: 200, RoomsPerUser: 20, BigRoomMessages: 1_000_000, OtherMessages: 500_000, Seed: 42);

    public int TotalMessages => BigRoomMessages + OtherMessages;

    public string Key => $"u{Users}-r{Rooms}-b{BigRoomMessages}-o{OtherMessages}-s{Seed}";
}

/// <summary>What the benchmark needs to know about the generated data.</summary>
/// <summary><see cref="SmallRoomIds"/> are the small rooms both searchers can read.</summary>
internal sealed record DataSetInfo(long BigRoomId, IReadOnlyList<long> SmallRoomIds, string SmallRoomName, long MinBigRoomMessageId, long MaxBigRoomMessageId, string AuthorUsername);

/// <summary>
/// Fills a Parley database the fast way: users, rooms and memberships through EF, then messages with one prepared
/// INSERT in large transactions, then the full-text index as the server builds it (in batches after commit).
/// Two searchers: "bench_all" (in the big room and 20 small ones) and "bench_small" (small rooms only).
/// </summary>
internal static class DataSet
{
    public const string Password = "benchmark password 1";
    public const string SearcherInBigRoom = "bench_all";
    public const string SearcherInSmallRooms = "bench_small";

    public static async Task<DataSetInfo> EnsureAsync(IServiceProvider services, DataSetOptions options, string dataDirectory, TextWriter log)
    {
        var marker = Path.Combine(dataDirectory, $"dataset-{options.Key}.done");
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        if (!File.Exists(marker))
        {
            await FillAsync(db, options, log);
            await File.WriteAllTextAsync(marker, DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        }

        var big = await db.Conversations.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        var searcherRooms = await db.Memberships
            .Where(m => m.User!.UserName == SearcherInBigRoom && m.ConversationId != big)
            .OrderBy(m => m.ConversationId)
            .Select(m => new { m.ConversationId, m.Conversation!.Name })
            .ToListAsync();
        var min = await db.Messages.Where(m => m.ConversationId == big).MinAsync(m => m.Id);
        var max = await db.Messages.Where(m => m.ConversationId == big).MaxAsync(m => m.Id);
        var author = await db.Users.Where(u => u.UserName!.StartsWith("user")).OrderBy(u => u.Id).Select(u => u.UserName!).FirstAsync();
        return new DataSetInfo(big, [.. searcherRooms.Select(r => r.ConversationId)], searcherRooms[0].Name, min, max, author);
    }

    private static async Task FillAsync(ParleyDb db, DataSetOptions options, TextWriter log)
    {
        var clock = Stopwatch.StartNew();
        var random = new Random(options.Seed);
        var start = DateTime.UtcNow.AddDays(-365);
        var passwordHash = new PasswordHasher<User>().HashPassword(new User(), Password);

        var names = Enumerable.Range(0, options.Users).Select(i => $"user{i:D5}").Concat([SearcherInBigRoom, SearcherInSmallRooms]).ToList();
        db.Users.AddRange(names.Select(name => new User
        {
            UserName = name,
            NormalizedUserName = name.ToUpperInvariant(),
            Email = $"{name}@bench.example",
            NormalizedEmail = $"{name}@bench.example".ToUpperInvariant(),
            DisplayName = name,
            PasswordHash = passwordHash,
            SecurityStamp = Guid.NewGuid().ToString("N"),
            ConcurrencyStamp = Guid.NewGuid().ToString(),
            LockoutEnabled = true,
            CreatedAt = start,
        }));
        await db.SaveChangesAsync();
        var userIds = await db.Users.OrderBy(u => u.Id).Select(u => u.Id).ToListAsync();
        var searcherAll = userIds[options.Users];
        var searcherSmall = userIds[options.Users + 1];
        var ownerId = userIds[0];

        var rooms = Enumerable.Range(0, options.Rooms).Select(i => new Conversation
        {
            Kind = ConversationKind.Room,
            Name = i == 0 ? "big-room" : $"room-{i:D3}",
            NameKey = Infrastructure.NameText.Key(i == 0 ? "big-room" : $"room-{i:D3}"),
            Visibility = RoomVisibility.Public,
            CreatedById = ownerId,
            CreatedAt = start,
        }).ToList();
        db.Conversations.AddRange(rooms);
        await db.SaveChangesAsync();

        var members = rooms.ToDictionary(r => r.Id, _ => new HashSet<long>());
        members[rooms[0].Id].UnionWith(userIds.Take(options.Users / 2).Append(searcherAll));
        foreach (var user in userIds)
        {
            var count = user == searcherAll || user == searcherSmall ? 20 : options.RoomsPerUser;
            foreach (var room in rooms.Skip(1).OrderBy(_ => random.Next()).Take(count))
            {
                members[room.Id].Add(user);
            }
        }

        members[rooms[1].Id].UnionWith([searcherAll, searcherSmall]); // both can search the first small room by name
        db.Memberships.AddRange(members.SelectMany(room => room.Value.Select(user => new Membership
        {
            ConversationId = room.Key,
            UserId = user,
            Role = user == ownerId ? MemberRole.Owner : MemberRole.Member,
            JoinedAt = start,
        })));
        await db.SaveChangesAsync();
        await log.WriteLineAsync($"  users, {rooms.Count} rooms and {members.Sum(m => m.Value.Count)} memberships in {clock.Elapsed.TotalSeconds:F1} s");

        var vocabulary = new Vocabulary(5_000, options.Seed);
        var roomAuthors = members.ToDictionary(m => m.Key, m => m.Value.ToArray());
        var smallRooms = rooms.Skip(1).Select(r => r.Id).ToArray();
        var total = options.TotalMessages;
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous=OFF;";
            await pragma.ExecuteNonQueryAsync();
        }

        // Interleave: the big room gets its share spread over the whole year, like any busy room.
        var bigShare = (double)options.BigRoomMessages / total;
        var bigLeft = options.BigRoomMessages;
        var otherLeft = options.OtherMessages;
        const int batch = 50_000;
        for (var written = 0; written < total;)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO Messages (ConversationId, AuthorId, Kind, Text, CreatedAt, MentionsRoom) VALUES ($c, $a, 0, $t, $at, 0)";
            var conversation = insert.Parameters.Add("$c", SqliteType.Integer);
            var author = insert.Parameters.Add("$a", SqliteType.Integer);
            var text = insert.Parameters.Add("$t", SqliteType.Text);
            var at = insert.Parameters.Add("$at", SqliteType.Text);
            await insert.PrepareAsync();
            for (var i = 0; i < batch && written < total; i++, written++)
            {
                var inBig = otherLeft == 0 || (bigLeft > 0 && random.NextDouble() < bigShare);
                var room = inBig ? rooms[0].Id : smallRooms[random.Next(smallRooms.Length)];
                if (inBig)
                {
                    bigLeft--;
                }
                else
                {
                    otherLeft--;
                }

                var authors = roomAuthors[room];
                conversation.Value = room;
                author.Value = authors[random.Next(authors.Length)];
                text.Value = vocabulary.Sentence(random, 3, 18);
                at.Value = start.AddSeconds(365.0 * 24 * 3600 * written / total).ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture);
                await insert.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
            await log.WriteLineAsync($"  {written:N0} / {total:N0} messages ({clock.Elapsed.TotalSeconds:F0} s)");
        }

        // As the server does after commits (Search/SqliteSearchIndexer), in big batches: the index is the real one.
        await Parley.Search.SqliteSearchIndexer.IndexPendingAsync(connection, long.MaxValue, batch, CancellationToken.None);
        await log.WriteLineAsync($"  indexed for search ({clock.Elapsed.TotalSeconds:F0} s)");
        using (var optimize = connection.CreateCommand())
        {
            optimize.CommandText = "INSERT INTO MessageSearch(MessageSearch) VALUES('optimize'); ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);";
            await optimize.ExecuteNonQueryAsync();
        }

        await log.WriteLineAsync($"  filled in {clock.Elapsed.TotalSeconds:F0} s");
    }
}
