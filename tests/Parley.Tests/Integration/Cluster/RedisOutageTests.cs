using System.Net;
using Parley.Accounts;
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

    /// <summary>
    /// What another node did while Redis was away reaches this node's live connections once it is back, although the
    /// events themselves were lost: a session signed out on node 0 is closed on node 1 and refused there (not only
    /// when node 1's session cache expires, a minute later), and a member removed on node 0 stops hearing the room on
    /// node 1. The barrier is a message node 0 sends after the removed member's last one: node 1 delivers in that order.
    /// </summary>
    [Fact]
    public async Task Redis_AwayWhileASessionEndsAndAMemberIsRemoved_TheOtherNodeCatchesUpWithBoth()
    {
        await using var redis = await RedisServer.StartNewAsync();
        await using var cluster = await ParleyCluster.StartAsync(nodes: 2, redis: redis);
        using var owner = await ApiClient.RegisterAsync(cluster[0]);
        using var laptop = await ApiClient.RegisterAsync(cluster[0]);
        using var phone = await ApiClient.SignInAsync(cluster[1], laptop.Username, laptop.Password);
        using var removed = await ApiClient.RegisterAsync(cluster[1]);
        using var stays = await ApiClient.RegisterAsync(cluster[1]);
        var room = await owner.CreateRoomAsync();
        var lobby = await owner.CreateRoomAsync();
        await removed.JoinAsync(room.Id);
        await removed.JoinAsync(lobby.Id);
        await stays.JoinAsync(lobby.Id);
        await using var ownerHub = await owner.ConnectHubAsync();
        await using var phoneHub = await phone.ConnectHubAsync();
        await using var removedHub = await removed.ConnectHubAsync();
        await using var staysHub = await stays.ConnectHubAsync();
        var phoneSession = (await ApiClient.ReadAsync<List<SessionDto>>(phone.GetAsync("/api/me/sessions"))).Single(s => s.Current);
        await ownerHub.SendBarrierAsync(lobby.Id, removedHub, staysHub);

        await redis.StopAsync();
        using (var signOut = await laptop.DeleteAsync($"/api/me/sessions/{phoneSession.Id}"))
        {
            await ApiClient.EnsureSuccessAsync(signOut);
        }

        using (var remove = await owner.DeleteAsync($"/api/rooms/{room.Id}/members/{removed.Id}"))
        {
            await ApiClient.EnsureSuccessAsync(remove);
        }

        // Node 1 heard of neither: its cache still takes the session, its connection still hears the room.
        using (var stillCached = await phone.GetAsync("/api/me"))
        {
            Assert.Equal(HttpStatusCode.OK, stillCached.StatusCode);
        }

        await redis.StartAsync();
        // Both nodes are back on the bus (each tells its own connections), so what node 0 publishes next reaches node 1.
        await staysHub.WaitForAsync<ResyncEvent>("resync", timeout: TimeSpan.FromSeconds(60));
        await ownerHub.WaitForAsync<ResyncEvent>("resync", timeout: TimeSpan.FromSeconds(60));

        await phoneHub.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        using var signedOut = await phone.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, signedOut.StatusCode);
        var secret = await ownerHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = "not for the removed" });
        await ownerHub.SendBarrierAsync(lobby.Id, removedHub, staysHub);
        Assert.DoesNotContain(removedHub.EventsOf<MessageDto>("messageReceived"), m => m.Id == secret.Id);
    }
}
