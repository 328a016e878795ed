using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Parley.Infrastructure;

namespace Parley.Tests.Integration;

/// <summary>
/// Message ids and seqs with several writers: two nodes, each with its own single writer, store into the same
/// conversations of one PostgreSQL database at once, and a client catching up with "after=" never misses a message.
/// The nodes do not share live events here (no Redis): what is tested is the database's order and catch-up.
/// </summary>
public sealed class MessageOrderTests
{
    private const int SendersPerNode = 4;
    private const int MessagesPerSender = 60;

    private static readonly Dictionary<string, string> Postgres = new() { [ParleyServer.ProviderSetting] = ParleyOptions.DatabaseOptions.Postgres };

    /// <summary>
    /// Guards the per-conversation commit order: whichever node commits first, a message committed later never has
    /// a smaller id in its conversation, so a reader that keeps catching up with after=(the last id it has) while
    /// both nodes write finds every message once, each page continuing at the next seq, and seqs are 1..N in id order.
    /// Senders alternate between two rooms so that batches hold several conversations, locked in the same order on both nodes.
    /// </summary>
    [Fact]
    public async Task CatchUp_TwoNodesWritingOneConversation_NeverSkipsACommittedMessage()
    {
        await using var first = await ParleyServer.StartAsync(Postgres);
        await using var second = await ParleyServer.StartAsync(Postgres, dataDirectory: first.DataDirectory);
        using var owner = await ApiClient.RegisterAsync(first);
        var watched = await owner.CreateRoomAsync();
        var other = await owner.CreateRoomAsync();
        var senders = new List<ApiClient>();
        foreach (var node in new[] { first, second })
        {
            for (var i = 0; i < SendersPerNode; i++)
            {
                var sender = await ApiClient.RegisterAsync(node);
                await sender.JoinAsync(watched.Id);
                await sender.JoinAsync(other.Id);
                senders.Add(sender);
            }
        }

        var acknowledged = new ConcurrentBag<MessageDto>();
        var sending = Task.WhenAll(senders.Select(async (sender, n) =>
        {
            await using var hub = await sender.ConnectHubAsync();
            for (var i = 0; i < MessagesPerSender; i++)
            {
                var roomId = (i + n) % 2 == 0 ? watched.Id : other.Id;
                acknowledged.Add(await hub.InvokeAsync<MessageDto>("SendMessage", new { roomId, text = $"{sender.Username} {i}", clientMessageId = $"m{i}" }));
            }
        }));

        // The reader catches up as a client does after a reconnect, again and again while both nodes write.
        var read = new List<MessageDto>();
        var pagesNotContinuing = new List<(long LastSeq, long NextSeq)>();
        var writing = true;
        while (writing)
        {
            writing = !sending.IsCompleted;
            for (var more = true; more;)
            {
                var page = await owner.MessagesAsync(watched.Id, $"?after={read.LastOrDefault()?.Id ?? 0}&limit=100");
                if (page.Messages.Count > 0 && page.Messages[0].Seq != (read.LastOrDefault()?.Seq ?? 0) + 1)
                {
                    pagesNotContinuing.Add((read.LastOrDefault()?.Seq ?? 0, page.Messages[0].Seq));
                }

                read.AddRange(page.Messages);
                more = page.HasMore;
            }
        }

        await sending;
        var history = await owner.AllMessagesAsync(watched.Id);
        var otherHistory = await owner.AllMessagesAsync(other.Id);

        var skipped = history.Select(m => m.Id).Except(read.Select(m => m.Id)).ToList();
        Assert.True(skipped.Count == 0, $"The reader never found {skipped.Count} of {history.Count} messages, committed after it had passed their ids: {string.Join(", ", skipped.Take(10))}");
        Assert.Equal(history.Select(m => m.Id), read.Select(m => m.Id)); // nothing twice either
        Assert.True(pagesNotContinuing.Count == 0, $"{pagesNotContinuing.Count} catch-up pages did not continue at the next seq: {string.Join(", ", pagesNotContinuing.Take(10))}");
        Assert.Equal(Enumerable.Range(1, history.Count).Select(n => (long)n), history.Select(m => m.Seq));
        Assert.Equal(Enumerable.Range(1, otherHistory.Count).Select(n => (long)n), otherHistory.Select(m => m.Seq));
        Assert.Equal(history.Select(m => m.Id).Order(), history.Select(m => m.Id));
        Assert.Equal(
            acknowledged.OrderBy(m => m.Id).Select(m => (m.Id, m.Seq)),
            history.Concat(otherHistory).Where(m => m.Kind == MessageKind.Text).OrderBy(m => m.Id).Select(m => (m.Id, m.Seq)));
        Assert.Equal(SendersPerNode * 2 * MessagesPerSender, acknowledged.Count);
    }

    /// <summary>
    /// Guards the seqs' density when a batch stores less than it reserved: a retried send (the same clientMessageId)
    /// returns the stored message with its seq and takes none, so the next message continues at the next seq.
    /// </summary>
    [Fact]
    public async Task Seq_RetriedSendAmongNewOnes_TakesNoSeqAndLeavesNoGap()
    {
        await using var server = await ParleyServer.StartAsync();
        using var alice = await ApiClient.RegisterAsync(server);
        var room = await alice.CreateRoomAsync();
        await using var hub = await alice.ConnectHubAsync();
        var original = await hub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = "once", clientMessageId = "retried" });

        // Sent together, so that the writer may store them in one batch with the retry among them.
        var sends = await Task.WhenAll(
            hub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = "before", clientMessageId = "before" }),
            hub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = "once", clientMessageId = "retried" }),
            hub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = "after", clientMessageId = "after" }));
        var next = await hub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = "next", clientMessageId = "next" });

        Assert.Equal((original.Id, original.Seq), (sends[1].Id, sends[1].Seq));
        Assert.Equal([original.Seq + 1, original.Seq + 2, original.Seq + 3], [sends[0].Seq, sends[2].Seq, next.Seq]);
        var history = await alice.AllMessagesAsync(room.Id);
        Assert.Equal(Enumerable.Range(1, history.Count).Select(n => (long)n), history.Select(m => m.Seq));
    }

    /// <summary>
    /// Guards the upgrade: messages stored before messages had seqs (ids interleaved across conversations) are
    /// numbered 1..N per conversation in id order, and the next message sent continues at N+1. Runs on the test run's provider.
    /// </summary>
    [Fact]
    public async Task Upgrade_MessagesStoredBeforeSeqs_AreNumberedPerConversationInIdOrder()
    {
        await using var server = await ParleyServer.StartAsync();
        using var alice = await ApiClient.RegisterAsync(server);
        var first = await alice.CreateRoomAsync();
        var second = await alice.CreateRoomAsync();
        await using (var hub = await alice.ConnectHubAsync())
        {
            foreach (var roomId in new[] { first.Id, second.Id, first.Id, first.Id, second.Id })
            {
                await hub.InvokeAsync<MessageDto>("SendMessage", new { roomId, text = "from before seqs" });
            }
        }

        await server.StopAsync();
        await using (var db = OpenDatabase(server))
        {
            // The schema as it was before the migration that brought seqs, which the next start applies again.
            await db.Database.ExecuteSqlRawAsync("""
                DROP INDEX "IX_Messages_ConversationId_Seq";
                ALTER TABLE "Messages" DROP COLUMN "Seq";
                ALTER TABLE "Conversations" DROP COLUMN "LastMessageSeq";
                DELETE FROM "__EFMigrationsHistory" WHERE "MigrationId" LIKE '%\_MessageSequence' ESCAPE '\';
                """);
        }

        SqliteConnection.ClearAllPools();
        await server.StartAsync();
        using var upgraded = await ApiClient.SignInAsync(server, alice.Username, alice.Password);
        await using var hubAfter = await upgraded.ConnectHubAsync();
        var next = await hubAfter.InvokeAsync<MessageDto>("SendMessage", new { roomId = first.Id, text = "after the upgrade" });

        var firstHistory = await upgraded.AllMessagesAsync(first.Id);
        var secondHistory = await upgraded.AllMessagesAsync(second.Id);
        Assert.Equal([1L, 2, 3, 4, 5], firstHistory.Select(m => m.Seq)); // "created the room", three, and the new one
        Assert.Equal([1L, 2, 3], secondHistory.Select(m => m.Seq));
        Assert.Equal((next.Id, 5L), (firstHistory[^1].Id, next.Seq));
    }

    private static ParleyDb OpenDatabase(ParleyServer server) =>
        server.Settings.TryGetValue(ParleyServer.ProviderSetting, out var provider) && string.Equals(provider, ParleyOptions.DatabaseOptions.Postgres, StringComparison.OrdinalIgnoreCase)
            ? new PostgresParleyDb(new DbContextOptionsBuilder<PostgresParleyDb>().UseNpgsql(server.Settings[ParleyServer.ConnectionStringSetting]).Options)
            : new SqliteParleyDb(new DbContextOptionsBuilder<SqliteParleyDb>().UseSqlite($"Data Source={Path.Combine(server.DataDirectory, "parley.db")}").Options);
}
