using System.Diagnostics;
using System.Globalization;
using Parley.Realtime;
using StackExchange.Redis;

namespace Parley.Tests.Integration.Cluster;

/// <summary>
/// Presence with several nodes (Realtime/ClusterPresence.cs, NodeHeartbeat.cs): a person is online while they have a
/// connection on any node, and a node that dies takes its people's presence with it within a bounded time.
/// </summary>
public sealed class PresenceAcrossNodesTests
{
    // Short, so that a dead node is noticed within seconds: heartbeats every 2/3 s, dead after 2 s without one.
    private const int NodeTimeoutSeconds = 2;

    /// <summary>
    /// Bob opens a tab on node 1, then one on node 0, and closes the first: he stays online for alice (no offline
    /// announced, member lists on both nodes say online). When the second closes too he goes offline, and both nodes'
    /// member lists say so.
    /// </summary>
    [Fact]
    public async Task Presence_ConnectionsOnTwoNodes_OnlineUntilTheLastClosesOnEither()
    {
        await using var redis = await RedisServer.StartNewAsync(); // its own bus: parallel tests\' clusters must not hear each other
        await using var cluster = await ParleyCluster.StartAsync(nodes: 2, redis: redis);
        using var alice = await ApiClient.RegisterAsync(cluster[0]);
        using var bob = await ApiClient.RegisterAsync(cluster[1]);
        using var bobOnNode0 = await ApiClient.SignInAsync(cluster[0], bob.Username, bob.Password);
        var room = await alice.CreateRoomAsync();
        await bob.JoinAsync(room.Id);
        await using var aliceHub = await alice.ConnectHubAsync();

        var tabOnNode1 = await bob.ConnectHubAsync();
        await aliceHub.WaitForAsync<PresenceChangedEvent>("presenceChanged", p => p.Users.Any(u => u.UserId == bob.Id && u.Online));
        var tabOnNode0 = await bobOnNode0.ConnectHubAsync();
        await tabOnNode1.DisposeAsync();
        await PresenceBarrierAsync(cluster[1], aliceHub, room.Id);

        Assert.DoesNotContain(aliceHub.EventsOf<PresenceChangedEvent>("presenceChanged").SelectMany(p => p.Users), u => u.UserId == bob.Id && !u.Online);
        Assert.True((await alice.MembersAsync(room.Id)).Single(m => m.User.Id == bob.Id).Online);
        Assert.True((await bob.MembersAsync(room.Id)).Single(m => m.User.Id == bob.Id).Online);

        await tabOnNode0.DisposeAsync();
        await aliceHub.WaitForAsync<PresenceChangedEvent>("presenceChanged", p => p.Users.Any(u => u.UserId == bob.Id && !u.Online));

        Assert.False((await alice.MembersAsync(room.Id)).Single(m => m.User.Id == bob.Id).Online);
        Assert.False((await bob.MembersAsync(room.Id)).Single(m => m.User.Id == bob.Id).Online);
    }

    /// <summary>
    /// A node is cut off as by kill -9: its Redis connection dies and it never says goodbye (no offline events, no
    /// unregistering). Within the bound (timeout + a beat + the offline grace) its people go offline for everyone on
    /// the surviving nodes, one announcement per person, while someone who also has a connection on a live node stays
    /// online. The admin dashboard's counts cover the live nodes only.
    /// </summary>
    [Fact]
    public async Task Presence_ANodeThatDiesSilently_TakesItsPeopleOfflineWithinTheBound()
    {
        await using var redis = await RedisServer.StartNewAsync(); // its own bus: parallel tests' clusters must not hear each other
        await using var cluster = await ParleyCluster.StartAsync(nodes: 3, new Dictionary<string, string>
        {
            ["Parley:Redis:NodeTimeoutSeconds"] = NodeTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
        }, redis);
        using var alice = await ApiClient.RegisterAsync(cluster[0]);
        using var bob = await ApiClient.RegisterAsync(cluster[2]);
        using var carol = await ApiClient.RegisterAsync(cluster[2]);
        using var carolOnNode1 = await ApiClient.SignInAsync(cluster[1], carol.Username, carol.Password);
        var room = await alice.CreateRoomAsync();
        await bob.JoinAsync(room.Id);
        await carol.JoinAsync(room.Id);
        await using var aliceHub = await alice.ConnectHubAsync();
        await using var bobHub = await bob.ConnectHubAsync();
        await using var carolHub = await carol.ConnectHubAsync();
        await using var carolHubOnNode1 = await carolOnNode1.ConnectHubAsync();
        await aliceHub.WaitForAsync<PresenceChangedEvent>("presenceChanged", p => p.Users.Any(u => u.UserId == bob.Id && u.Online));
        await aliceHub.WaitForAsync<PresenceChangedEvent>("presenceChanged", p => p.Users.Any(u => u.UserId == carol.Id && u.Online));

        var watch = Stopwatch.StartNew();
        cluster[2].GetRequiredService<IConnectionMultiplexer>().Dispose();
        var bound = TimeSpan.FromSeconds(NodeTimeoutSeconds * 4.0 / 3) + PresenceBroadcaster.OfflineGrace + PresenceBroadcaster.Window;
        var offline = await aliceHub.WaitForAsync<PresenceChangedEvent>("presenceChanged", p => p.Users.Any(u => u.UserId == bob.Id && !u.Online), bound + TimeSpan.FromSeconds(5));
        var took = watch.Elapsed;

        Assert.True(took < bound + TimeSpan.FromSeconds(2), $"Offline after {took.TotalSeconds:0.0} s; the bound is {bound.TotalSeconds:0.0} s.");
        Assert.NotNull(offline.Users.Single(u => u.UserId == bob.Id).LastSeenAt);
        await PresenceBarrierAsync(cluster[1], aliceHub, room.Id);
        var announced = aliceHub.EventsOf<PresenceChangedEvent>("presenceChanged").SelectMany(p => p.Users).ToList();
        Assert.Single(announced, u => u.UserId == bob.Id && !u.Online);
        Assert.DoesNotContain(announced, u => u.UserId == carol.Id && !u.Online);
        var members = await alice.MembersAsync(room.Id);
        Assert.False(members.Single(m => m.User.Id == bob.Id).Online);
        Assert.True(members.Single(m => m.User.Id == carol.Id).Online);
        var presence = cluster[0].GetRequiredService<Parley.Events.IPresence>();
        await Poll.UntilAsync(() => Task.FromResult(presence.ConnectionCount == 2), TimeSpan.FromSeconds(10), "node 0 counts alice's and carol's connections on the live nodes, not the dead node's");
    }

    /// <summary>
    /// Counting for the admin dashboard covers every node: people and connections on other nodes count, a person with
    /// tabs on two nodes once.
    /// </summary>
    [Fact]
    public async Task Presence_Counts_CoverEveryNode()
    {
        await using var redis = await RedisServer.StartNewAsync(); // its own bus: parallel tests' clusters must not hear each other
        await using var cluster = await ParleyCluster.StartAsync(nodes: 2, new Dictionary<string, string>
        {
            ["Parley:Redis:NodeTimeoutSeconds"] = NodeTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
        }, redis);
        using var alice = await ApiClient.RegisterAsync(cluster[0]);
        using var bob = await ApiClient.RegisterAsync(cluster[1]);
        using var bobOnNode0 = await ApiClient.SignInAsync(cluster[0], bob.Username, bob.Password);
        var room = await alice.CreateRoomAsync();
        await bob.JoinAsync(room.Id);
        await using var aliceHub = await alice.ConnectHubAsync();
        await using var bobHub = await bob.ConnectHubAsync();
        await using var bobHubOnNode0 = await bobOnNode0.ConnectHubAsync();
        await aliceHub.WaitForAsync<PresenceChangedEvent>("presenceChanged", p => p.Users.Any(u => u.UserId == bob.Id && u.Online));
        var presence = cluster[0].GetRequiredService<Parley.Events.IPresence>();

        // Other nodes' connections are known from their heartbeats, a beat apart.
        await Poll.UntilAsync(() => Task.FromResult(presence.ConnectionCount == 3), TimeSpan.FromSeconds(10), "node 0 counts the connection on node 1");

        Assert.Equal(2, presence.OnlineCount);
        Assert.True(presence.IsOnline(bob.Id));
    }

    /// <summary>Someone connects and leaves through <paramref name="node"/>: once alice hears they left, she has heard everything announced on that node before.</summary>
    private static async Task PresenceBarrierAsync(ParleyServer node, HubClient observer, long roomId)
    {
        using var passerby = await ApiClient.RegisterAsync(node);
        await passerby.JoinAsync(roomId);
        var passerbyHub = await passerby.ConnectHubAsync();
        await observer.WaitForAsync<PresenceChangedEvent>("presenceChanged", p => p.Users.Any(u => u.UserId == passerby.Id && u.Online));
        await passerbyHub.DisposeAsync();
        await observer.WaitForAsync<PresenceChangedEvent>("presenceChanged", p => p.Users.Any(u => u.UserId == passerby.Id && !u.Online));
    }
}
