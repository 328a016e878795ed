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
/// Fills a Parley database the fast way: users, rooms and memberships through EF, then the messages: on SQLite with
/// one prepared INSERT in large transactions and the full-text index as the server builds it (in batches after commit),
/// on PostgreSQL with one binary COPY (<see cref="PostgresFill"/>). The same messages on both.
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
        // The marker says the fill finished; an empty database (a PostgreSQL cluster made anew) is filled again.
        if (!File.Exists(marker) || !await db.Messages.AnyAsync())
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
        var generated = Generate(options, random, vocabulary, rooms[0].Id, [.. rooms.Skip(1).Select(r => r.Id)], roomAuthors, start);
        var columns = MessageColumns.Of(db);
        if (db.Database.IsNpgsql())
        {
            await PostgresFill.WriteMessagesAsync(db, generated, columns, options.TotalMessages, clock, log);
        }
        else
        {
            await WriteSqliteMessagesAsync(db, generated, columns, options.TotalMessages, clock, log);
        }

        await columns.AfterFillAsync(db);
        await log.WriteLineAsync($"  filled in {clock.Elapsed.TotalSeconds:F0} s");
    }

    /// <summary>
    /// The messages, in commit order: the big room gets its share spread over the whole year, like any busy room.
    /// The same stream for both providers (one seeded <see cref="Random"/>), so they hold the same data set.
    /// </summary>
    private static IEnumerable<GeneratedMessage> Generate(
        DataSetOptions options, Random random, Vocabulary vocabulary, long bigRoom, long[] smallRooms, Dictionary<long, long[]> roomAuthors, DateTime start)
    {
        var total = options.TotalMessages;
        var bigShare = (double)options.BigRoomMessages / total;
        var bigLeft = options.BigRoomMessages;
        var otherLeft = options.OtherMessages;
        var seqOf = new Dictionary<long, long>();
        for (var written = 0; written < total; written++)
        {
            var inBig = otherLeft == 0 || (bigLeft > 0 && random.NextDouble() < bigShare);
            var room = inBig ? bigRoom : smallRooms[random.Next(smallRooms.Length)];
            if (inBig)
            {
                bigLeft--;
            }
            else
            {
                otherLeft--;
            }

            var authors = roomAuthors[room];
            var author = authors[random.Next(authors.Length)];
            var text = vocabulary.Sentence(random, 3, 18);
            var seq = seqOf[room] = seqOf.GetValueOrDefault(room) + 1;
            yield return new GeneratedMessage(room, author, text, start.AddSeconds(365.0 * 24 * 3600 * written / total), seq);
        }
    }

    /// <summary>One prepared INSERT in transactions of 50,000, then the full-text index as the server builds it.</summary>
    private static async Task WriteSqliteMessagesAsync(ParleyDb db, IEnumerable<GeneratedMessage> messages, MessageColumns columns, int total, Stopwatch clock, TextWriter log)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous=OFF;";
            await pragma.ExecuteNonQueryAsync();
        }

        const int batch = 50_000;
        using var rows = messages.GetEnumerator();
        for (var written = 0; written < total;)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = columns.HasSeq
                ? "INSERT INTO Messages (ConversationId, AuthorId, Kind, Text, CreatedAt, MentionsRoom, Seq) VALUES ($c, $a, 0, $t, $at, 0, $s)"
                : "INSERT INTO Messages (ConversationId, AuthorId, Kind, Text, CreatedAt, MentionsRoom) VALUES ($c, $a, 0, $t, $at, 0)";
            var conversation = insert.Parameters.Add("$c", SqliteType.Integer);
            var author = insert.Parameters.Add("$a", SqliteType.Integer);
            var text = insert.Parameters.Add("$t", SqliteType.Text);
            var at = insert.Parameters.Add("$at", SqliteType.Text);
            var seq = insert.Parameters.Add("$s", SqliteType.Integer);
            await insert.PrepareAsync();
            for (var i = 0; i < batch && written < total && rows.MoveNext(); i++, written++)
            {
                var row = rows.Current;
                conversation.Value = row.ConversationId;
                author.Value = row.AuthorId;
                text.Value = row.Text;
                at.Value = row.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture);
                seq.Value = row.Seq;
                await insert.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
            await log.WriteLineAsync($"  {written:N0} / {total:N0} messages ({clock.Elapsed.TotalSeconds:F0} s)");
        }

        // As the server does after commits (Search/SqliteSearchIndexer), in big batches: the index is the real one.
        await Parley.Search.SqliteSearchIndexer.IndexPendingAsync(connection, long.MaxValue, batch, CancellationToken.None);
        await log.WriteLineAsync($"  indexed for search ({clock.Elapsed.TotalSeconds:F0} s)");
        using var optimize = connection.CreateCommand();
        optimize.CommandText = "INSERT INTO MessageSearch(MessageSearch) VALUES('optimize'); ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);";
        await optimize.ExecuteNonQueryAsync();
    }
}

/// <summary>A generated message; <see cref="Seq"/> is its position in its conversation (1, 2, …).</summary>
internal readonly record struct GeneratedMessage(long ConversationId, long AuthorId, string Text, DateTime CreatedAt, long Seq);

/// <summary>
/// THE place for columns of Messages that a bulk fill writes itself (everything else is a database default, null,
/// or computed by the database, like PostgreSQL's generated search vector). Read from the EF model, so the benchmark
/// builds and fills the same before and after the model gains them: a per-conversation <c>Messages.Seq</c> (written
/// per row) and the conversation's <c>Conversations.LastMessageSeq</c> (set once after the fill). A new column the
/// fill must write goes here, in DataSet's SQLite INSERT and in <see cref="PostgresFill"/>'s COPY.
/// </summary>
internal sealed record MessageColumns(bool HasSeq, bool HasLastMessageSeq)
{
    public static MessageColumns Of(ParleyDb db) => new(
        db.Model.FindEntityType(typeof(Message))?.FindProperty("Seq") is not null,
        db.Model.FindEntityType(typeof(Conversation))?.FindProperty("LastMessageSeq") is not null);

    public async Task AfterFillAsync(ParleyDb db)
    {
        if (HasSeq && HasLastMessageSeq)
        {
            await db.Database.ExecuteSqlRawAsync(
                "UPDATE \"Conversations\" SET \"LastMessageSeq\" = (SELECT COALESCE(MAX(m.\"Seq\"), 0) FROM \"Messages\" m WHERE m.\"ConversationId\" = \"Conversations\".\"Id\")");
        }
    }
}
