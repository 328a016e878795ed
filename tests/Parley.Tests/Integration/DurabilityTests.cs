using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace Parley.Tests.Integration;

/// <summary>No lost messages: acknowledged means stored, whatever happens to the server or the connection.</summary>
public sealed class DurabilityTests
{
    [Fact]
    public async Task Kill_WhileClientsAreSending_EveryAcknowledgedMessageIsInHistoryAfterRestart()
    {
        await using var server = await ServerProcess.LaunchAsync();
        using var owner = await ApiClient.RegisterAsync(server);
        var room = await owner.CreateRoomAsync();
        var senders = new List<ApiClient>();
        for (var i = 0; i < 3; i++)
        {
            var sender = await ApiClient.RegisterAsync(server);
            await sender.JoinAsync(room.Id);
            senders.Add(sender);
        }

        var acknowledged = new ConcurrentDictionary<string, MessageDto>();
        var enoughAcknowledged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempted = new ConcurrentDictionary<string, (ApiClient Sender, string Text)>();
        // Senders go on until the server dies under them; the deadline only stops a test whose kill went wrong.
        var deadline = DateTime.UtcNow.AddMinutes(2);
        var sending = senders.Select(async sender =>
        {
            await using var hub = await sender.ConnectHubAsync();
            for (var n = 0; DateTime.UtcNow < deadline; n++)
            {
                var clientMessageId = Guid.NewGuid().ToString();
                var text = $"{sender.Username} #{n}";
                attempted[clientMessageId] = (sender, text);
                try
                {
                    acknowledged[clientMessageId] = await hub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text, clientMessageId });
                    if (acknowledged.Count >= 150)
                    {
                        enoughAcknowledged.TrySetResult();
                    }
                }
                catch (Exception ex) when (ex is HubException or InvalidOperationException or TimeoutException or System.Net.WebSockets.WebSocketException)
                {
                    return; // the server died mid-call: this one may or may not be stored
                }
            }
        }).ToList();

        await enoughAcknowledged.Task.WaitAsync(TimeSpan.FromSeconds(60));

        await server.KillAsync();
        await Task.WhenAll(sending);
        await server.StartAsync();

        var stored = await owner.AllMessagesAsync(room.Id);
        var storedByClientId = stored.Where(m => m.ClientMessageId is not null).ToDictionary(m => m.ClientMessageId!);
        Assert.All(acknowledged, ack =>
        {
            Assert.True(storedByClientId.TryGetValue(ack.Key, out var found), $"Acknowledged message {ack.Value.Id} is missing after the restart.");
            Assert.Equal((ack.Value.Id, ack.Value.Text), (found.Id, found.Text));
        });

        // What was in flight when the server died is simply sent again by its sender, with the same id: nothing is stored twice.
        foreach (var (clientMessageId, (sender, text)) in attempted.Where(a => !acknowledged.ContainsKey(a.Key)))
        {
            await using var hub = await sender.ConnectHubAsync();
            await hub.InvokeAsync("SendMessage", new { roomId = room.Id, text, clientMessageId });
        }

        var afterRetry = await owner.AllMessagesAsync(room.Id);
        Assert.Equal(attempted.Count, afterRetry.Count(m => m.ClientMessageId is not null));
        Assert.Equal(attempted.Keys.Order(), afterRetry.Where(m => m.ClientMessageId is not null).Select(m => m.ClientMessageId!).Order());
    }

    [Fact]
    public async Task DroppedConnection_MidStream_AfterReconnectingTheClientHasEveryMessageOnceInOrder()
    {
        await using var server = await ParleyServer.StartAsync();
        using var alice = await ApiClient.RegisterAsync(server);
        using var bob = await ApiClient.RegisterAsync(server);
        var room = await alice.CreateRoomAsync();
        await bob.JoinAsync(room.Id);
        var startId = (await bob.MessagesAsync(room.Id)).Messages[^1].Id;

        await using var aliceHub = await alice.ConnectHubAsync();
        var bobHub = await bob.ConnectHubAsync();
        var sent = new List<MessageDto>();
        var bobIsBack = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sending = Task.Run(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                // Half the stream goes out before Bob is back, half after: some he catches up on, some arrive live.
                if (i == 100)
                {
                    await bobIsBack.Task.WaitAsync(TimeSpan.FromSeconds(30));
                }

                sent.Add(await aliceHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = $"stream {i}" }));
            }
        });

        // Bob's client keeps what it saw, loses its connection in the middle of the stream, comes back and catches up.
        await bobHub.WaitForAsync<MessageDto>("messageReceived", _ => bobHub.EventsOf<MessageDto>("messageReceived").Count >= 40);
        await bobHub.DisposeAsync();
        var seenBeforeDrop = bobHub.EventsOf<MessageDto>("messageReceived");
        await using var reconnected = await bob.ConnectHubAsync();
        bobIsBack.SetResult();
        var caughtUp = new List<MessageDto>();
        for (var after = seenBeforeDrop.Max(m => m.Id); ;)
        {
            var page = await bob.MessagesAsync(room.Id, $"?after={after}&limit=20");
            caughtUp.AddRange(page.Messages);
            if (!page.HasMore)
            {
                break;
            }

            after = page.Messages[^1].Id;
        }

        await sending;
        await reconnected.WaitForAsync<MessageDto>("messageReceived", m => m.Id == sent[^1].Id);

        var shown = seenBeforeDrop.Concat(caughtUp).Concat(reconnected.EventsOf<MessageDto>("messageReceived"))
            .DistinctBy(m => m.Id).OrderBy(m => m.Id).Where(m => m.Id > startId).ToList();
        Assert.Equal(sent.Select(m => m.Id), shown.Select(m => m.Id));
        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"stream {i}"), shown.Select(m => m.Text));
    }

    [Fact]
    public async Task Resend_AfterTheAnswerWasLost_StoresOneMessageNotTwo()
    {
        await using var server = await ParleyServer.StartAsync();
        using var alice = await ApiClient.RegisterAsync(server);
        var room = await alice.CreateRoomAsync();
        var clientMessageId = Guid.NewGuid().ToString();

        await using var otherDevice = await alice.ConnectHubAsync();

        // The call goes out and is stored (the test sees it on another connection), then the connection dies before
        // its answer is read: the client cannot know whether it was stored. (Closing right after sending would race
        // the frame itself, which is a message never sent, not an answer lost.)
        var first = await alice.ConnectHubAsync();
        await first.SendInvocationAsync("SendMessage", new { roomId = room.Id, text = "did this arrive?", clientMessageId });
        var delivered = await otherDevice.WaitForAsync<MessageDto>("messageReceived", m => m.ClientMessageId == clientMessageId);
        await first.DisposeAsync();

        await using var retry = await alice.ConnectHubAsync();
        var stored = await retry.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = "did this arrive?", clientMessageId });
        var again = await retry.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = "did this arrive?", clientMessageId });

        Assert.Equal((delivered.Id, delivered.Id), (stored.Id, again.Id));
        Assert.Single((await alice.MessagesAsync(room.Id)).Messages, m => m.ClientMessageId == clientMessageId);
    }
}
