using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.SignalR;
using Parley.Infrastructure;
using Parley.Realtime;

namespace Parley.Tests.Integration.Cluster;

/// <summary>
/// Parley as deployed for a community that outgrew one machine: three server processes on PostgreSQL and Redis behind
/// nginx (round robin, WebSockets, no sticky sessions). Clients on different nodes talk to each other, and a node
/// killed under load costs no acknowledged message.
/// </summary>
public sealed class NginxClusterTests
{
    // Short, so that a dead node is noticed within seconds (the default is 15 s).
    private const int NodeTimeoutSeconds = 2;

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Parley:Redis:NodeTimeoutSeconds"] = NodeTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// Three people, each connected to a different node: every message reaches everyone exactly once and each
    /// sender's messages arrive in the order they were sent; typing and presence cross nodes too. Guards the event
    /// bus and presence across nodes end to end, through real processes and nginx.
    /// </summary>
    [Fact]
    public async Task ThreeNodes_PeopleOnDifferentNodes_GetEveryMessageOnceInOrder_WithTypingAndPresence()
    {
        await using var cluster = await ProcessCluster.StartAsync(3, Settings);
        using var owner = await ApiClient.RegisterAsync(cluster);
        var room = await owner.CreateRoomAsync();
        var people = new List<ApiClient> { owner };
        for (var i = 1; i < 3; i++)
        {
            var person = await ApiClient.RegisterAsync(cluster);
            await person.JoinAsync(room.Id);
            people.Add(person);
        }

        var hubs = new List<HubClient>();
        for (var i = 0; i < 3; i++)
        {
            hubs.Add(await HubClient.ConnectAsync(cluster[i].BaseAddress, people[i].AccessToken));
        }

        try
        {
            const int perSender = 15;
            var sends = Enumerable.Range(0, 3).Select(async sender =>
            {
                var acknowledged = new List<long>();
                for (var n = 0; n < perSender; n++)
                {
                    acknowledged.Add((await hubs[sender].InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = $"{sender}:{n}" })).Id);
                }

                return acknowledged;
            });
            var acknowledgedBySender = await Task.WhenAll(sends);
            var everyMessage = acknowledgedBySender.SelectMany(ids => ids).ToHashSet();

            foreach (var hub in hubs)
            {
                await hub.WaitForAsync<MessageDto>("messageReceived", m => m.Id == everyMessage.Max(), TimeSpan.FromSeconds(30));
                await Poll.UntilAsync(() => Task.FromResult(everyMessage.IsSubsetOf(hub.EventsOf<MessageDto>("messageReceived").Select(m => m.Id))), TimeSpan.FromSeconds(30), "every message reaches every node's client");
                var received = hub.EventsOf<MessageDto>("messageReceived").Where(m => everyMessage.Contains(m.Id)).ToList();
                Assert.Equal(everyMessage.Count, received.Count);
                for (var sender = 0; sender < 3; sender++)
                {
                    Assert.Equal(acknowledgedBySender[sender], received.Where(m => m.Text.StartsWith($"{sender}:", StringComparison.Ordinal)).Select(m => m.Id));
                }
            }

            await hubs[1].InvokeAsync("Typing", new { roomId = room.Id });
            await hubs[0].WaitForAsync<TypingEvent>("typing", t => t.User.Id == people[1].Id);
            await hubs[2].WaitForAsync<TypingEvent>("typing", t => t.User.Id == people[1].Id);

            using var latecomer = await ApiClient.RegisterAsync(cluster);
            await latecomer.JoinAsync(room.Id);
            var latecomerHub = await HubClient.ConnectAsync(cluster[2].BaseAddress, latecomer.AccessToken);
            await hubs[0].WaitForAsync<PresenceChangedEvent>("presenceChanged", p => p.Users.Any(u => u.UserId == latecomer.Id && u.Online));
            await latecomerHub.DisposeAsync();
            await hubs[0].WaitForAsync<PresenceChangedEvent>("presenceChanged", p => p.Users.Any(u => u.UserId == latecomer.Id && !u.Online));
        }
        finally
        {
            foreach (var hub in hubs)
            {
                await hub.DisposeAsync();
            }

            foreach (var person in people)
            {
                person.Dispose();
            }
        }
    }

    /// <summary>
    /// kill -9 of a node while six people send: those connected to it reconnect through nginx (which passes them to
    /// the live nodes), catch up with <c>after=</c> and resend what was not acknowledged under the same client id.
    /// Afterwards the history holds every acknowledged message exactly once, every client has seen every message
    /// (live or by catching up), and someone who was only on the dead node is offline for the others within the
    /// heartbeat bound.
    /// </summary>
    [Fact]
    public async Task KillANodeUnderLoad_ClientsReconnectThroughNginx_NoAcknowledgedMessageIsLost_AndItsPeopleGoOffline()
    {
        await using var cluster = await ProcessCluster.StartAsync(3, Settings);
        using var owner = await ApiClient.RegisterAsync(cluster);
        var room = await owner.CreateRoomAsync();
        using var watcher = await ApiClient.RegisterAsync(cluster);
        using var stranded = await ApiClient.RegisterAsync(cluster);
        await watcher.JoinAsync(room.Id);
        await stranded.JoinAsync(room.Id);
        var senders = new List<ApiClient>();
        for (var i = 0; i < 6; i++)
        {
            var sender = await ApiClient.RegisterAsync(cluster);
            await sender.JoinAsync(room.Id);
            senders.Add(sender);
        }

        await using var watcherHub = await HubClient.ConnectAsync(cluster[0].BaseAddress, watcher.AccessToken);
        var strandedHub = await HubClient.ConnectAsync(cluster[1].BaseAddress, stranded.AccessToken);
        await watcherHub.WaitForAsync<PresenceChangedEvent>("presenceChanged", p => p.Users.Any(u => u.UserId == stranded.Id && u.Online));
        // Two senders start on the node that will die; the others wherever nginx puts them.
        var followers = new List<Follower>();
        for (var i = 0; i < senders.Count; i++)
        {
            followers.Add(await Follower.ConnectAsync(senders[i], room.Id, i < 2 ? cluster[1] : cluster));
        }

        var acknowledged = new ConcurrentDictionary<string, long>();
        const int perSender = 40;
        var killAfter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sending = followers.Select((follower, index) => Task.Run(async () =>
        {
            for (var n = 0; n < perSender; n++)
            {
                var clientMessageId = $"{index}-{n}";
                acknowledged[clientMessageId] = await follower.SendUntilAcknowledgedAsync(clientMessageId, $"{index}:{n}", cluster);
                if (acknowledged.Count >= 60)
                {
                    killAfter.TrySetResult();
                }
            }
        })).ToList();

        await killAfter.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var killedAt = Stopwatch.StartNew();
        await cluster.KillNodeAsync(1);
        await Task.WhenAll(sending).WaitAsync(TimeSpan.FromSeconds(120));

        var bound = TimeSpan.FromSeconds(NodeTimeoutSeconds * 4.0 / 3) + PresenceBroadcaster.OfflineGrace + PresenceBroadcaster.Window;
        await watcherHub.WaitForAsync<PresenceChangedEvent>("presenceChanged", p => p.Users.Any(u => u.UserId == stranded.Id && !u.Online), bound + TimeSpan.FromSeconds(10));
        Assert.True(killedAt.Elapsed < bound + TimeSpan.FromSeconds(10), $"Offline {killedAt.Elapsed.TotalSeconds:0.0} s after the kill; the bound is {bound.TotalSeconds:0.0} s.");
        Assert.Equal(senders.Count * perSender, acknowledged.Count);
        Assert.True(followers.Take(2).All(f => f.Reconnections > 0), "The senders on the killed node reconnected.");

        var history = await owner.AllMessagesAsync(room.Id);
        var sent = history.Where(m => m.ClientMessageId is not null).ToList();
        Assert.Equal(acknowledged.Count, sent.Count);
        Assert.Equal(acknowledged.Values.Order(), sent.Select(m => m.Id).Order());
        foreach (var follower in followers)
        {
            await follower.CatchUpAsync(cluster);
            Assert.Subset(follower.Seen.Keys.ToHashSet(), acknowledged.Values.ToHashSet());
        }

        await strandedHub.DisposeAsync();
        foreach (var follower in followers)
        {
            await follower.DisposeAsync();
        }

        foreach (var sender in senders)
        {
            sender.Dispose();
        }
    }

    /// <summary>
    /// One person's client as the web app behaves: it sends with a client id, and when its connection drops it
    /// reconnects (through the load balancer), catches up from the last message it saw and resends what was not
    /// acknowledged under the same client id, so nothing is lost or doubled.
    /// </summary>
    private sealed class Follower : IAsyncDisposable
    {
        private readonly ApiClient _person;
        private readonly long _roomId;
        private HubClient _hub;
        private int _eventsRead;

        private Follower(ApiClient person, long roomId, HubClient hub)
        {
            _person = person;
            _roomId = roomId;
            _hub = hub;
        }

        public ConcurrentDictionary<long, MessageDto> Seen { get; } = new();

        public int Reconnections { get; private set; }

        /// <summary>Connects and loads the room's history, as opening the room does.</summary>
        public static async Task<Follower> ConnectAsync(ApiClient person, long roomId, IParleyAddress node)
        {
            var follower = new Follower(person, roomId, await HubClient.ConnectAsync(node.BaseAddress, person.AccessToken));
            foreach (var message in await follower.AllAfterAsync(person, 0))
            {
                follower.Seen[message.Id] = message;
            }

            return follower;
        }

        public async Task<long> SendUntilAcknowledgedAsync(string clientMessageId, string text, IParleyAddress proxy)
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                try
                {
                    var stored = await _hub.InvokeAsync<MessageDto>("SendMessage", new { roomId = _roomId, text, clientMessageId });
                    Record();
                    Seen[stored.Id] = stored;
                    return stored.Id;
                }
                catch (Exception ex) when (ex is HubException { Message: var message } && message.Contains(DatabaseOutage.Code, StringComparison.Ordinal) || !_hub.IsOpen)
                {
                    if (DateTime.UtcNow > deadline)
                    {
                        throw;
                    }

                    if (!_hub.IsOpen)
                    {
                        await ReconnectAsync(proxy);
                    }
                }
            }
        }

        /// <summary>
        /// What the web client does after reconnecting: every message after the last one it has without a hole before
        /// it. Live events from two nodes can arrive out of order, so the newest seen is not a safe cursor; the
        /// conversation's dense sequence shows where the first hole is, and ids follow the same order.
        /// </summary>
        public async Task CatchUpAsync(IParleyAddress proxy)
        {
            Record();
            using var reader = await ApiClient.SignInAsync(proxy, _person.Username, _person.Password);
            foreach (var message in await AllAfterAsync(reader, LastContiguousId()))
            {
                Seen[message.Id] = message;
            }
        }

        public async ValueTask DisposeAsync() => await _hub.DisposeAsync();

        private long LastContiguousId()
        {
            var bySeq = Seen.Values.OrderBy(m => m.Seq).ToList();
            var last = 0L;
            for (var i = 0; i < bySeq.Count && bySeq[i].Seq == i + 1; i++)
            {
                last = bySeq[i].Id;
            }

            return last;
        }

        private async Task<List<MessageDto>> AllAfterAsync(ApiClient reader, long after)
        {
            var all = new List<MessageDto>();
            while (true)
            {
                var page = await reader.MessagesAsync(_roomId, $"?after={after}&limit=100");
                all.AddRange(page.Messages);
                if (!page.HasMore || page.Messages.Count == 0)
                {
                    return all;
                }

                after = page.Messages[^1].Id;
            }
        }

        private void Record()
        {
            var events = _hub.Events;
            for (; _eventsRead < events.Count; _eventsRead++)
            {
                if (events[_eventsRead].Target == "messageReceived")
                {
                    var message = Json.Read<MessageDto>(events[_eventsRead].Argument);
                    Seen[message.Id] = message;
                }
            }
        }

        private async Task ReconnectAsync(IParleyAddress proxy)
        {
            Record();
            await _hub.DisposeAsync();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                try
                {
                    _hub = await HubClient.ConnectAsync(proxy.BaseAddress, _person.AccessToken);
                    _eventsRead = 0;
                    Reconnections++;
                    await CatchUpAsync(proxy);
                    return;
                }
                catch (HttpRequestException) when (DateTime.UtcNow < deadline)
                {
                    // nginx answers 502 while it still tries the dead node first; the next attempt goes elsewhere.
                }
            }
        }
    }
}
