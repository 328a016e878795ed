using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;
using Parley.Infrastructure;
using Parley.Infrastructure.Operations;
using Parley.Tests.Integration.Files;
using Parley.Tests.Integration.RichMessages;

namespace Parley.Tests.Integration.Operations;

/// <summary>
/// <c>database copy-to-postgres</c>: a SQLite server's community, moved into an empty PostgreSQL database, is the same
/// community on a PostgreSQL server started on the same data folder.
/// </summary>
public sealed partial class PostgresMoveTests
{
    private static readonly Dictionary<string, string> OnSqlite = new() { [ParleyServer.ProviderSetting] = ParleyOptions.DatabaseOptions.Sqlite };

    /// <summary>
    /// Everything people see survives the move: they sign in with their passwords and find the same conversations,
    /// unread and mention counts, read positions, history (replies, reactions, pins, edits, deletions, attachments)
    /// and files; and what they write next gets fresh ids past the moved ones.
    /// </summary>
    [Fact]
    public async Task CopyToPostgres_FilledSqliteServer_PostgresServerOnTheSameFolderShowsTheSameCommunity()
    {
        await using var sqlite = await ParleyServer.StartAsync(OnSqlite);
        using var alice = await ApiClient.RegisterAsync(sqlite, ApiClient.UniqueName("alice"));
        using var bob = await ApiClient.RegisterAsync(sqlite, ApiClient.UniqueName("bob"));
        using var carol = await ApiClient.RegisterAsync(sqlite, ApiClient.UniqueName("carol"));
        var room = await MessageChangeCalls.RoomAsync(alice, admin: null, bob, carol);
        var direct = await alice.OpenDirectAsync(bob.Username);
        var attachment = Array.Empty<byte>();
        var newestId = 0L;
        await using (var aliceHub = await alice.ConnectHubAsync())
        await using (var bobHub = await bob.ConnectHubAsync())
        {
            var first = await aliceHub.SendAsync(room, "welcome everyone");
            var reply = await bobHub.SendAsync(room, $"thanks @{alice.Username}", replyToId: first.Id);
            attachment = FileCalls.Text("minutes of the first meeting\n");
            var upload = await alice.UploadOkAsync(room, attachment, "minutes.txt");
            var withFile = await aliceHub.SendFilesAsync(room, "the minutes", upload.Id);
            var edited = await bobHub.SendAsync(room, "typo hree");
            var deleted = await bobHub.SendAsync(room, "oops");
            await ApiClient.EnsureSuccessAsync(await bob.EditAsync(room, edited.Id, "typo here"));
            await ApiClient.EnsureSuccessAsync(await bob.DeleteMessageAsync(room, deleted.Id));
            await ApiClient.EnsureSuccessAsync(await carol.ReactAsync(room, first.Id, "👍"));
            await ApiClient.EnsureSuccessAsync(await bob.ReactAsync(room, first.Id, "👍"));
            await ApiClient.EnsureSuccessAsync(await alice.PinAsync(room, withFile.Id));
            await ApiClient.EnsureSuccessAsync(await carol.PostAsync($"/api/conversations/{room}/read", new { messageId = reply.Id }));
            await aliceHub.SendAsync(direct.Id, "just between us");
            var lastDirect = await bobHub.SendAsync(direct.Id, "sure");
            newestId = lastDirect.Id;
        }

        var before = await ViewsAsync(alice, bob, carol);
        var bobsUnread = (await ConversationAsync(bob, room)).UnreadCount;
        await sqlite.StopAsync();
        var cluster = await PostgresServer.SharedAsync();
        var target = await cluster.CreateDatabaseAsync("moved");

        var (exit, output) = await CopyAsync(target, sqlite.DataDirectory);

        Assert.True(exit == 0, output);
        await using var postgres = await ParleyServer.StartAsync(
            new Dictionary<string, string> { [ParleyServer.ProviderSetting] = ParleyOptions.DatabaseOptions.Postgres, [ParleyServer.ConnectionStringSetting] = target },
            dataDirectory: sqlite.DataDirectory);
        using var aliceAgain = await ApiClient.SignInAsync(postgres, alice.Username, alice.Password);
        using var bobAgain = await ApiClient.SignInAsync(postgres, bob.Username, bob.Password);
        using var carolAgain = await ApiClient.SignInAsync(postgres, carol.Username, carol.Password);
        var after = await ViewsAsync(aliceAgain, bobAgain, carolAgain);
        Assert.Equal(before, after);

        var movedFile = (await bobAgain.MessagesAsync(room)).Messages.Single(m => m.Text == "the minutes").Attachments.Single();
        Assert.Equal(attachment, await bobAgain.Http.GetByteArrayAsync(movedFile.Url));

        await using var hub = await aliceAgain.ConnectHubAsync();
        var next = await hub.SendAsync(room, "hello from PostgreSQL");
        using var dave = await ApiClient.RegisterAsync(postgres, ApiClient.UniqueName("dave"));
        var newRoom = await dave.CreateRoomAsync(name: ApiClient.UniqueName("fresh"));
        Assert.True(next.Id > newestId, $"new message id {next.Id} must follow the moved ones (newest {newestId})");
        Assert.True(dave.Id > carol.Id, $"new account id {dave.Id} must follow the moved ones");
        Assert.True(newRoom.Id > direct.Id, $"new room id {newRoom.Id} must follow the moved ones");
        Assert.Equal(bobsUnread + 1, (await ConversationAsync(bobAgain, room)).UnreadCount);
    }

    /// <summary>
    /// No table is left behind: every table of the SQLite database (but its own full-text index and EF's bookkeeping)
    /// is in PostgreSQL with the same number of rows. Fails when a table is added that the move does not know.
    /// </summary>
    [Fact]
    public async Task CopyToPostgres_EveryTable_HasTheSameRowCountInPostgres()
    {
        await using var sqlite = await ParleyServer.StartAsync(OnSqlite);
        using var alice = await ApiClient.RegisterAsync(sqlite);
        using var bob = await ApiClient.RegisterAsync(sqlite);
        var room = await MessageChangeCalls.RoomAsync(alice, admin: null, bob);
        await using (var hub = await bob.ConnectHubAsync())
        {
            var message = await hub.SendAsync(room, "counted");
            await ApiClient.EnsureSuccessAsync(await alice.ReactAsync(room, message.Id, "🎉"));
        }

        await sqlite.StopAsync();
        var target = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync("moved");

        var (exit, output) = await CopyAsync(target, sqlite.DataDirectory);

        Assert.True(exit == 0, output);
        var sqliteCounts = await SqliteTableCountsAsync(Path.Combine(sqlite.DataDirectory, "parley.db"));
        Assert.Contains("Messages", sqliteCounts.Keys);
        Assert.Contains("AspNetUsers", sqliteCounts.Keys);
        await using var connection = new NpgsqlConnection(target);
        await connection.OpenAsync();
        foreach (var (table, rows) in sqliteCounts)
        {
            await using var count = connection.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            Assert.True(rows == Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture), $"{table}: {rows} rows in SQLite");
        }
    }

    /// <summary>A database that already has data is never written into: the command says so, exits non-zero, and the rows there stay as they were.</summary>
    [Fact]
    public async Task CopyToPostgres_TargetNotEmpty_IsRefusedAndLeavesItAlone()
    {
        await using var sqlite = await ParleyServer.StartAsync(OnSqlite);
        using var alice = await ApiClient.RegisterAsync(sqlite);
        await sqlite.StopAsync();
        var target = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync("moved");
        var (first, _) = await CopyAsync(target, sqlite.DataDirectory);
        await sqlite.StartAsync();
        using var later = await ApiClient.RegisterAsync(sqlite);
        await sqlite.StopAsync();

        var (again, output) = await CopyAsync(target, sqlite.DataDirectory);

        Assert.Equal((0, 1), (first, again));
        Assert.Contains("not empty", output, StringComparison.Ordinal);
        await using var connection = new NpgsqlConnection(target);
        await connection.OpenAsync();
        await using var users = connection.CreateCommand();
        users.CommandText = "SELECT COUNT(*) FROM \"AspNetUsers\"";
        Assert.Equal(1L, await users.ExecuteScalarAsync());
    }

    /// <summary>A PostgreSQL that cannot be reached gets one readable sentence naming where it was looked for, and a failing exit code.</summary>
    [Fact]
    public async Task CopyToPostgres_Unreachable_ExplainsWhereItLooked()
    {
        await using var sqlite = await ParleyServer.StartAsync(OnSqlite);
        await sqlite.StopAsync();
        var closedPort = ClosedPort();
        var target = $"Host=127.0.0.1;Port={closedPort};Database=parley;Username=parley;Timeout=5";

        var (exit, output) = await CopyAsync(target, sqlite.DataDirectory);

        Assert.Equal(1, exit);
        Assert.Contains($"Could not reach PostgreSQL at 127.0.0.1:{closedPort}/parley", output, StringComparison.Ordinal);
    }

    private static readonly string[] Quiet = ["--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.EntityFrameworkCore=Error"];

    private static Task<(int Exit, string Output)> CopyAsync(string target, string dataDirectory) =>
        RunAsync(["database", "copy-to-postgres", target, $"--Parley:DataDirectory={dataDirectory}", .. Quiet]);

    /// <summary>The command as Program.Main runs it, with its output captured.</summary>
    internal static async Task<(int Exit, string Output)> RunAsync(string[] args)
    {
        await using var tool = Program.Build(DatabaseCommand.SettingsArguments(args));
        await using var output = new StringWriter();
        var exit = await DatabaseCommand.RunAsync(tool, args, output);
        return (exit, output.ToString());
    }

    /// <summary>What each person's client reads: their conversation list and every conversation's history and pins, as JSON.</summary>
    private static async Task<List<string>> ViewsAsync(params ApiClient[] people)
    {
        var views = new List<string>();
        foreach (var person in people)
        {
            var conversations = await person.ConversationsAsync();
            views.Add(Normalised(await person.Http.GetStringAsync("/api/conversations")));
            foreach (var conversation in conversations.OrderBy(c => c.Id))
            {
                views.Add(Normalised(await person.Http.GetStringAsync($"/api/conversations/{conversation.Id}/messages")));
                views.Add(Normalised(await person.Http.GetStringAsync($"/api/conversations/{conversation.Id}/pins")));
            }
        }

        return views;
    }

    private static async Task<Parley.Conversations.ConversationDto> ConversationAsync(ApiClient person, long id) =>
        (await person.ConversationsAsync()).Single(c => c.Id == id);

    /// <summary>PostgreSQL keeps microseconds, SQLite .NET's 100 ns ticks: timestamps compare to the microsecond.</summary>
    private static string Normalised(string json) => Timestamp().Replace(json, m =>
    {
        var fraction = m.Groups[2].Value[..Math.Min(6, m.Groups[2].Value.Length)].TrimEnd('0');
        return m.Groups[1].Value + (fraction.Length > 0 ? "." + fraction : "") + "Z";
    });

    [GeneratedRegex(@"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z")]
    private static partial Regex Timestamp();

    private static async Task<Dictionary<string, long>> SqliteTableCountsAsync(string file)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables.Where(t => !PostgresMove.IsSqliteOnly(t)))
        {
            await using var count = connection.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            counts[table] = (long)(await count.ExecuteScalarAsync())!;
        }

        return counts;
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
