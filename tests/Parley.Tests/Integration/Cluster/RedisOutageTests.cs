using Parley.Realtime;

namespace Parley.Tests.Integration.Cluster;

/// <summary>
/// Redis goes away and comes back (Events/RedisEventBus.cs): nothing accepted is lost, the nodes reconnect by
/// themselves, and connections that may have missed events are told to catch up (resync).
/// </summary>
public sealed class RedisOutageTests
{
    /// <summary>
    /// Redis is killed while people on two nodes keep writing: every send is stored and acknowledged. When Redis is
    /// back (empty, as after a restart) each node's connections get resync, and what each client received live plus
    /// what its catch-up (after=) returns is every message, each once; events received live are never repeated. The
    /// nodes use the bus again without a restart: the next message reaches the other node live.
    /// </summary>
    [Fact]
    public async Task Redis_RestartedWhileSending_NothingLostOrRepeatedAndTheNodesCarryOn()
    {
        await using var redis = await RedisServer.StartNewAsync();
        await using var cluster = await ParleyCluster.StartAsync(nodes: 2, redis: redis);
        using var alice = await ApiClient.RegisterAsync(cluster[0]);
        using var bob = await ApiClient.RegisterAsync(cluster[1]);
        var room = await alice.CreateRoomAsync();
        await bob.JoinAsync(room.Id);
        await using var aliceHub = await alice.ConnectHubAsync();
        await using var bobHub = await bob.ConnectHubAsync();
        var before = await aliceHub.SendBarrierAsync(room.Id, aliceHub, bobHub);

        await redis.StopAsync();
        var sent = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            sent.Add((await aliceHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = $"alice during the outage {i}" })).Id);
            sent.Add((await bobHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = $"bob during the outage {i}" })).Id);
        }

        await redis.StartAsync();
        var reconnect = TimeSpan.FromSeconds(60);
        await aliceHub.WaitForAsync<ResyncEvent>("resync", timeout: reconnect);
        await bobHub.WaitForAsync<ResyncEvent>("resync", timeout: reconnect);

        foreach (var (user, hub) in new[] { (alice, aliceHub), (bob, bobHub) })
        {
            var live = hub.EventsOf<MessageDto>("messageReceived").Where(m => m.Id > before.Id).Select(m => m.Id).ToList();
            var caughtUp = (await user.MessagesAsync(room.Id, $"?after={before.Id}")).Messages.Select(m => m.Id).ToList();
            Assert.Equal(live.Distinct(), live);
            Assert.Equal(sent.Order(), live.Union(caughtUp).Order());
        }

        var after = await aliceHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = "after the outage" });
        await bobHub.WaitForAsync<MessageDto>("messageReceived", m => m.Id == after.Id);
        var back = await bobHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = "bob after the outage" });
        await aliceHub.WaitForAsync<MessageDto>("messageReceived", m => m.Id == back.Id);
    }
}
