using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parley.Infrastructure;
using Parley.Tests.Integration.Files;
using Parley.Tests.Integration.RichMessages;

namespace Parley.Tests.Integration.Operations;

/// <summary>
/// Online backups that restore: <c>database backup</c> of a SQLite server (a data folder), and pg_dump / pg_restore of a
/// PostgreSQL one, each taken while the server keeps serving.
/// </summary>
public sealed class BackupTests
{
    /// <summary>
    /// A backup taken while people keep sending (no downtime: sends are acknowledged during and after it) restores into
    /// a new data folder on which a server starts, with a consistent database, every message acknowledged before the
    /// backup began, and the files.
    /// </summary>
    [Fact]
    public async Task Backup_WhileSendersKeepSending_RestoresEveryMessageAcknowledgedBeforeIt()
    {
        await using var server = await ParleyServer.StartAsync(new Dictionary<string, string> { [ParleyServer.ProviderSetting] = ParleyOptions.DatabaseOptions.Sqlite });
        using var alice = await ApiClient.RegisterAsync(server);
        using var bob = await ApiClient.RegisterAsync(server);
        var room = await MessageChangeCalls.RoomAsync(alice, admin: null, bob);
        var content = FileCalls.Text("backed up with the messages\n");
        var upload = await alice.UploadOkAsync(room, content, "notes.txt");
        await using var aliceHub = await alice.ConnectHubAsync();
        await using var bobHub = await bob.ConnectHubAsync();
        var withFile = await aliceHub.SendFilesAsync(room, "the notes", upload.Id);

        var acknowledged = new ConcurrentQueue<long>();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var senders = Task.WhenAll(SendUntilStoppedAsync(aliceHub, room, "alice", acknowledged, stop.Token), SendUntilStoppedAsync(bobHub, room, "bob", acknowledged, stop.Token));
        await Poll.UntilAsync(() => Task.FromResult(acknowledged.Count >= 400), TimeSpan.FromSeconds(60), "the senders have a history to back up");
        var beforeBackup = acknowledged.ToHashSet();
        var backupFolder = Path.Combine(Directory.CreateTempSubdirectory("parley-backup-").FullName, "backup");
        try
        {
            var (exit, output) = await PostgresMoveTests.RunAsync(["database", "backup", backupFolder, $"--Parley:DataDirectory={server.DataDirectory}", "--Logging:LogLevel:Default=Warning"]);
            var atBackupEnd = acknowledged.Count;
            await Poll.UntilAsync(() => Task.FromResult(acknowledged.Count >= atBackupEnd + 50), TimeSpan.FromSeconds(60), "the server keeps acknowledging sends after the backup");
            await stop.CancelAsync();
            await senders;

            Assert.True(exit == 0, output);
            await using var restored = await ParleyServer.StartAsync(OnSqlite, dataDirectory: backupFolder);
            using var bobRestored = await ApiClient.SignInAsync(restored, bob.Username, bob.Password);
            var restoredIds = await MessageIdsAsync(restored, room);
            Assert.Subset(restoredIds, beforeBackup);
            Assert.Equal("ok", await IntegrityAsync(restored));
            var around = await ApiClient.ReadAsync<Parley.Messages.MessagePage>(bobRestored.GetAsync($"/api/conversations/{room}/messages/{withFile.Id}/around"));
            var file = around.Messages.Single(m => m.Id == withFile.Id).Attachments.Single();
            Assert.Equal(content, await bobRestored.Http.GetByteArrayAsync(file.Url));
        }
        finally
        {
            await stop.CancelAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(Path.GetDirectoryName(backupFolder)!, recursive: true);
        }
    }

    /// <summary>
    /// PostgreSQL's backup as docs/operations.md gives it: pg_dump while people keep sending (acknowledged during and
    /// after it), pg_restore into a new database, a server started on that: every message acknowledged before the dump
    /// began is there, the people can sign in, and a new message gets an id after every restored one (the sequences
    /// came along).
    /// </summary>
    [Fact]
    public async Task PgDump_WhileSendersKeepSending_RestoresEveryMessageAcknowledgedBeforeIt()
    {
        var postgres = await PostgresServer.SharedAsync();
        await using var server = await ParleyServer.StartAsync(ParleyServer.OnPostgres);
        using var alice = await ApiClient.RegisterAsync(server);
        using var bob = await ApiClient.RegisterAsync(server);
        var room = await MessageChangeCalls.RoomAsync(alice, admin: null, bob);
        await using var aliceHub = await alice.ConnectHubAsync();
        await using var bobHub = await bob.ConnectHubAsync();

        var acknowledged = new ConcurrentQueue<long>();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var senders = Task.WhenAll(SendUntilStoppedAsync(aliceHub, room, "alice", acknowledged, stop.Token), SendUntilStoppedAsync(bobHub, room, "bob", acknowledged, stop.Token));
        try
        {
            await Poll.UntilAsync(() => Task.FromResult(acknowledged.Count >= 400), TimeSpan.FromSeconds(60), "the senders have a history to back up");
            var beforeDump = acknowledged.ToHashSet();
            var dump = await postgres.DumpAsync(server.GetRequiredService<ParleyDatabase>().ConnectionString);
            var atDumpEnd = acknowledged.Count;
            await Poll.UntilAsync(() => Task.FromResult(acknowledged.Count >= atDumpEnd + 50), TimeSpan.FromSeconds(60), "the server keeps acknowledging sends after the dump");
            await stop.CancelAsync();
            await senders;

            var restoredDatabase = await postgres.RestoreAsync(dump);
            await using var restored = await ParleyServer.StartAsync(new Dictionary<string, string>
            {
                [ParleyServer.ProviderSetting] = ParleyOptions.DatabaseOptions.Postgres,
                [ParleyServer.ConnectionStringSetting] = restoredDatabase,
            });
            using var bobRestored = await ApiClient.SignInAsync(restored, bob.Username, bob.Password);
            var restoredIds = await MessageIdsAsync(restored, room);
            await using var bobRestoredHub = await bobRestored.ConnectHubAsync();
            var next = await bobRestoredHub.SendAsync(room, "after the restore");

            Assert.Subset(restoredIds, beforeDump);
            Assert.True(next.Id > restoredIds.Max(), $"The new message got id {next.Id}, not after the restored {restoredIds.Max()}.");
            Assert.Equal(next.Id, (await bobRestored.InHistoryAsync(room, next.Id)).Id);
        }
        finally
        {
            await stop.CancelAsync();
        }
    }

    /// <summary>A backup never writes over something: a folder that is not empty is refused with a message, and left as it was.</summary>
    [Fact]
    public async Task Backup_IntoAFolderThatIsNotEmpty_IsRefused()
    {
        await using var server = await ParleyServer.StartAsync(OnSqlite);
        var folder = Directory.CreateTempSubdirectory("parley-backup-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "keep.txt"), "mine");
        try
        {
            var (exit, output) = await PostgresMoveTests.RunAsync(["database", "backup", folder, $"--Parley:DataDirectory={server.DataDirectory}", "--Logging:LogLevel:Default=Warning"]);

            Assert.Equal(1, exit);
            Assert.Contains("is not empty", output, StringComparison.Ordinal);
            Assert.Equal(["keep.txt"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Sends into the room as fast as acknowledgements come back, noting each acknowledged id, until stopped.</summary>
    private static async Task SendUntilStoppedAsync(HubClient hub, long room, string who, ConcurrentQueue<long> acknowledged, CancellationToken stop)
    {
        for (var i = 0; i < 20_000 && !stop.IsCancellationRequested; i++)
        {
            acknowledged.Enqueue((await hub.SendAsync(room, $"{who} {i}")).Id);
        }
    }

    private static readonly Dictionary<string, string> OnSqlite = new() { [ParleyServer.ProviderSetting] = ParleyOptions.DatabaseOptions.Sqlite };

    private static async Task<HashSet<long>> MessageIdsAsync(ParleyServer server, long conversationId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        return [.. await db.Messages.Where(m => m.ConversationId == conversationId).Select(m => m.Id).ToListAsync()];
    }

    private static async Task<string> IntegrityAsync(ParleyServer server)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        return (await db.Database.SqlQueryRaw<string>("PRAGMA integrity_check").ToListAsync()).Single();
    }
}
