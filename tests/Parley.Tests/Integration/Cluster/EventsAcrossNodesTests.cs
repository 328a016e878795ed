using Parley.Realtime;
using Parley.Tests.Integration.Admin;

namespace Parley.Tests.Integration.Cluster;

/// <summary>Events published on one node reach the connections of every node, through Redis (Events/RedisEventBus.cs).</summary>
public sealed class EventsAcrossNodesTests
{
    /// <summary>
    /// Three people on three nodes share a room: what each does through their own node (joining, sending, typing,
    /// editing, reacting, deleting, leaving, changing their settings) reaches the others on theirs, each event once,
    /// and each sender's messages in the order they were sent (one node's events keep their order on every node).
    /// </summary>
    [Fact]
    public async Task ChatEvents_PublishedOnOneNode_ReachClientsOnTheOthersOnceAndInOrder()
    {
        await using var redis = await RedisServer.StartNewAsync(); // its own bus: parallel tests' clusters must not hear each other
        await using var cluster = await ParleyCluster.StartAsync(nodes: 3, redis: redis);
        using var alice = await ApiClient.RegisterAsync(cluster[0]);
        using var bob = await ApiClient.RegisterAsync(cluster[1]);
        using var carol = await ApiClient.RegisterAsync(cluster[2]);
        var room = await alice.CreateRoomAsync();
        await using var aliceHub = await alice.ConnectHubAsync();
        await using var bobHub = await bob.ConnectHubAsync();
        await using var carolHub = await carol.ConnectHubAsync();
        await using var bobOnAliceNode = await HubClient.ConnectAsync(cluster[0].BaseAddress, bob.AccessToken);

        await bob.JoinAsync(room.Id);
        await carol.JoinAsync(room.Id);
        await aliceHub.WaitForAsync<MemberJoinedEvent>("memberJoined", e => e.Member.User.Id == carol.Id);
        await bobHub.WaitForAsync<MemberJoinedEvent>("memberJoined", e => e.Member.User.Id == carol.Id);

        var sentByAlice = new List<long>();
        var sentByBob = new List<long>();
        await Task.WhenAll(
            SendAsync(aliceHub, room.Id, "alice", sentByAlice),
            SendAsync(bobHub, room.Id, "bob", sentByBob));
        await bobHub.InvokeAsync("Typing", new { roomId = room.Id });
        var edited = await ApiClient.ReadAsync<MessageDto>(alice.PatchAsync($"/api/conversations/{room.Id}/messages/{sentByAlice[0]}", new { text = "alice, edited" }));
        using (var react = await bob.PutAsync($"/api/conversations/{room.Id}/messages/{sentByAlice[1]}/reactions/👍", new { }))
        {
            await ApiClient.EnsureSuccessAsync(react);
        }

        using (var delete = await alice.DeleteAsync($"/api/conversations/{room.Id}/messages/{sentByAlice[2]}"))
        {
            await ApiClient.EnsureSuccessAsync(delete);
        }

        using (var settings = await bob.PatchAsync("/api/me/settings", new { doNotDisturb = true }))
        {
            await ApiClient.EnsureSuccessAsync(settings);
        }

        using (var leave = await carol.PostAsync($"/api/rooms/{room.Id}/leave"))
        {
            await ApiClient.EnsureSuccessAsync(leave);
        }

        var lastOfAlice = sentByAlice[^1];
        var lastOfBob = sentByBob[^1];
        foreach (var (observer, name) in new[] { (aliceHub, "alice on node 0"), (bobHub, "bob on node 1"), (carolHub, "carol on node 2") })
        {
            await observer.WaitForAsync<MessageDto>("messageReceived", m => m.Id == lastOfAlice);
            await observer.WaitForAsync<MessageDto>("messageReceived", m => m.Id == lastOfBob);
            // The room's own notices (created, joined) are left out: only what the two sent is counted.
            var received = observer.EventsOf<MessageDto>("messageReceived").Where(m => m.RoomId == room.Id && (sentByAlice.Contains(m.Id) || sentByBob.Contains(m.Id) || m.Text.StartsWith("alice ", StringComparison.Ordinal) || m.Text.StartsWith("bob ", StringComparison.Ordinal))).ToList();
            Assert.True(received.Count == received.Select(m => m.Id).Distinct().Count(), $"{name} received a message twice");
            Assert.Equal(sentByAlice, received.Where(m => m.Author.Id == alice.Id).Select(m => m.Id));
            Assert.Equal(sentByBob, received.Where(m => m.Author.Id == bob.Id).Select(m => m.Id));
        }

        await aliceHub.WaitForAsync<TypingEvent>("typing", t => t.User.Id == bob.Id);
        await carolHub.WaitForAsync<TypingEvent>("typing", t => t.User.Id == bob.Id);
        Assert.Equal("alice, edited", (await bobHub.WaitForAsync<MessageDto>("messageEdited", m => m.Id == edited.Id)).Text);
        await carolHub.WaitForAsync<MessageDto>("messageEdited", m => m.Id == edited.Id);
        var reacted = await aliceHub.WaitForAsync<MessageDto>("reactionsChanged", m => m.Id == sentByAlice[1]);
        Assert.Equal(bob.Id, Assert.Single(Assert.Single(reacted.Reactions).Users).Id);
        Assert.True((await bobHub.WaitForAsync<MessageDto>("messageDeleted", m => m.Id == sentByAlice[2])).Deleted);
        Assert.True((await bobOnAliceNode.WaitForAsync<UserSettingsDto>("settingsChanged")).DoNotDisturb);
        await aliceHub.WaitForAsync<MemberLeftEvent>("memberLeft", e => e.User.Id == carol.Id);
        await bobHub.WaitForAsync<MemberLeftEvent>("memberLeft", e => e.User.Id == carol.Id);

        // Each change once: the barrier (a message from the node that made the changes) comes after all of them.
        await aliceHub.SendBarrierAsync(room.Id, bobHub);
        Assert.Single(bobHub.EventsOf<MessageDto>("messageEdited"));
        Assert.Single(aliceHub.EventsOf<MessageDto>("reactionsChanged"));
        Assert.Single(bobHub.EventsOf<MessageDto>("messageDeleted"));
        Assert.Single(aliceHub.EventsOf<MemberLeftEvent>("memberLeft"));
        Assert.Single(aliceHub.EventsOf<MemberJoinedEvent>("memberJoined"), e => e.Member.User.Id == carol.Id);
    }

    /// <summary>
    /// A member removed on one node can no longer write through another: every node's membership cache hears of the
    /// change over the bus, instead of letting the removed member write until a restart.
    /// </summary>
    [Fact]
    public async Task Membership_RemovedOnOneNode_RefusesWritesOnTheOthers()
    {
        await using var redis = await RedisServer.StartNewAsync(); // its own bus: parallel tests' clusters must not hear each other
        await using var cluster = await ParleyCluster.StartAsync(nodes: 2, redis: redis);
        using var owner = await ApiClient.RegisterAsync(cluster[0]);
        using var member = await ApiClient.RegisterAsync(cluster[1]);
        var room = await owner.CreateRoomAsync();
        await member.JoinAsync(room.Id);
        await using var memberHub = await member.ConnectHubAsync();
        await memberHub.InvokeAsync("SendMessage", new { roomId = room.Id, text = "cached as a member on node 1" });

        using (var remove = await owner.DeleteAsync($"/api/rooms/{room.Id}/members/{member.Id}"))
        {
            await ApiClient.EnsureSuccessAsync(remove);
        }

        await memberHub.WaitForAsync<MemberLeftEvent>("memberLeft", e => e.User.Id == member.Id);
        var refused = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => memberHub.InvokeAsync("SendMessage", new { roomId = room.Id, text = "still here?" }));

        Assert.Equal("not_a_member", refused.Code());
    }

    /// <summary>
    /// A server setting saved through one node is in force on the others as soon as they have heard of it: registration
    /// closed on node 0 refuses a sign-up on node 1. The barrier is a message from node 0, which node 1 handles after
    /// the settings change it published first.
    /// </summary>
    [Fact]
    public async Task ServerSettings_SavedOnOneNode_AreInForceOnTheOthers()
    {
        await using var redis = await RedisServer.StartNewAsync(); // its own bus: parallel tests' clusters must not hear each other
        await using var cluster = await ParleyCluster.StartAsync(nodes: 2, redis: redis);
        using var admin = await ApiClient.RegisterAsync(cluster[0], ApiClient.UniqueName("founder"));
        using var member = await ApiClient.RegisterAsync(cluster[1]);
        var room = await admin.CreateRoomAsync();
        await member.JoinAsync(room.Id);
        await using var adminHub = await admin.ConnectHubAsync();
        await using var memberHub = await member.ConnectHubAsync();

        await admin.SaveSettingsOkAsync(new { registrationMode = "closed" });
        await adminHub.SendBarrierAsync(room.Id, memberHub);
        using var refused = await SettingsCalls.RegisterAsync(cluster[1]);

        Assert.Equal((403, "registration_closed"), await refused.StatusAndCodeAsync());
    }

    private static async Task SendAsync(HubClient hub, long roomId, string who, List<long> sent)
    {
        for (var i = 0; i < 12; i++)
        {
            sent.Add((await hub.InvokeAsync<MessageDto>("SendMessage", new { roomId, text = $"{who} {i}" })).Id);
        }
    }
}
