using Microsoft.AspNetCore.SignalR;
using Parley.Realtime;

namespace Parley.Tests.Integration;

[Collection(SharedServer.Name)]
public sealed class MessagingTests(ServerFixture fixture)
{
    [Fact]
    public async Task SendMessage_ReturnsTheStoredMessage_AndDeliversItToEveryMemberOnly()
    {
        using var alice = await fixture.UserAsync("alice");
        using var bob = await fixture.UserAsync("bob");
        using var outsider = await fixture.UserAsync("outsider");
        var room = await alice.CreateRoomAsync();
        var outsidersRoom = await outsider.CreateRoomAsync();
        await bob.JoinAsync(room.Id);
        await using var aliceHub = await alice.ConnectHubAsync();
        await using var bobHub = await bob.ConnectHubAsync();
        await using var outsiderHub = await outsider.ConnectHubAsync();

        var stored = await aliceHub.InvokeAsync("SendMessage", new { roomId = room.Id, text = "hello, room" });

        // The wire shape other clients rely on, field by field.
        Assert.True(stored.GetProperty("id").GetInt64() > 0);
        Assert.Equal(room.Id, stored.GetProperty("roomId").GetInt64());
        Assert.Equal(alice.Username, stored.GetProperty("author").GetProperty("username").GetString());
        Assert.Equal(alice.Me.DisplayName, stored.GetProperty("author").GetProperty("displayName").GetString());
        Assert.Equal("hello, room", stored.GetProperty("text").GetString());
        Assert.Equal("text", stored.GetProperty("kind").GetString());
        Assert.EndsWith("Z", stored.GetProperty("createdAt").GetString(), StringComparison.Ordinal);
        var id = stored.GetProperty("id").GetInt64();
        await aliceHub.WaitForAsync<MessageDto>("messageReceived", m => m.Id == id);
        await bobHub.WaitForAsync<MessageDto>("messageReceived", m => m.Id == id);
        await outsiderHub.SendBarrierAsync(outsidersRoom.Id);
        Assert.DoesNotContain(outsiderHub.EventsOf<MessageDto>("messageReceived"), m => m.RoomId == room.Id);
    }

    [Fact]
    public async Task SendMessage_ManyInFlightFromOneConnection_AreStoredAndDeliveredInTheOrderSent()
    {
        using var alice = await fixture.UserAsync("alice");
        using var bob = await fixture.UserAsync("bob");
        var room = await alice.CreateRoomAsync();
        await bob.JoinAsync(room.Id);
        await using var aliceHub = await alice.ConnectHubAsync();
        await using var bobHub = await bob.ConnectHubAsync();

        // The calls overlap on the server (they share group commits); every third mentions bob, a path with one more
        // lookup than the others. SendOrderTests covers the ordering rule itself with sends that finish out of order.
        var texts = Enumerable.Range(1, 60).Select(i => i % 3 == 0 ? $"{i} hey @{bob.Username}" : $"{i}").ToList();
        var answers = new List<Task<System.Text.Json.JsonElement>>();
        foreach (var text in texts)
        {
            answers.Add(await aliceHub.StartInvocationAsync("SendMessage", new { roomId = room.Id, text }));
        }

        var stored = (await Task.WhenAll(answers)).Select(a => a.GetProperty("id").GetInt64()).ToList();
        var lastId = stored[^1];
        await bobHub.WaitForAsync<MessageDto>("messageReceived", m => m.Id == lastId);

        Assert.Equal(stored.Order(), stored);
        var history = (await alice.MessagesAsync(room.Id, "?limit=100")).Messages.Where(m => m.Kind == MessageKind.Text).Select(m => m.Text);
        Assert.Equal(texts, history);
        Assert.Equal(texts, bobHub.EventsOf<MessageDto>("messageReceived").Select(m => m.Text));
        Assert.Equal(20, bobHub.EventsOf<MessageDto>("messageReceived").Count(m => m.Mentions.Contains(bob.Me.Id)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n  ")]
    public async Task SendMessage_Empty_IsRefusedWithAReason_AndNothingIsStored(string text)
    {
        using var alice = await fixture.UserAsync();
        var room = await alice.CreateRoomAsync();
        await using var hub = await alice.ConnectHubAsync();

        var error = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("SendMessage", new { roomId = room.Id, text }));

        Assert.Contains("cannot be empty", error.Message, StringComparison.Ordinal);
        Assert.Single((await alice.MessagesAsync(room.Id)).Messages); // just "created the room"
    }

    [Fact]
    public async Task SendMessage_LongerThan4000Characters_IsRefused_4000IsAccepted()
    {
        using var alice = await fixture.UserAsync();
        var room = await alice.CreateRoomAsync();
        await using var hub = await alice.ConnectHubAsync();

        var error = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("SendMessage", new { roomId = room.Id, text = new string('x', 4001) }));
        var stored = await hub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = new string('y', 4000) });

        Assert.Contains("at most 4000", error.Message, StringComparison.Ordinal);
        Assert.Equal(4000, stored.Text.Length);
        Assert.Equal(2, (await alice.MessagesAsync(room.Id)).Messages.Count);
    }

    [Fact]
    public async Task SendMessage_MissingArgument_SaysWhatItTakes()
    {
        using var alice = await fixture.UserAsync();
        await using var hub = await alice.ConnectHubAsync();

        var error = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("SendMessage", [null]));

        Assert.Contains("roomId, text", error.Message, StringComparison.Ordinal);
        Assert.True(hub.IsOpen, "A bad call must not cost the connection.");
    }

    [Fact]
    public async Task SendMessage_HtmlAndScript_AreStoredAndDeliveredVerbatim()
    {
        using var alice = await fixture.UserAsync();
        var room = await alice.CreateRoomAsync();
        await using var hub = await alice.ConnectHubAsync();
        const string payload = "<img src=x onerror=alert(1)><script>alert('x')</script> & \"quotes\"";

        var stored = await hub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = payload });

        Assert.Equal(payload, stored.Text);
        Assert.Equal(payload, (await alice.MessagesAsync(room.Id)).Messages[^1].Text);
    }

    [Fact]
    public async Task SendMessage_SameClientMessageIdTwice_StoresOneMessage()
    {
        using var alice = await fixture.UserAsync();
        using var bob = await fixture.UserAsync();
        var room = await alice.CreateRoomAsync();
        await bob.JoinAsync(room.Id);
        await using var hub = await alice.ConnectHubAsync();
        await using var bobHub = await bob.ConnectHubAsync();
        var clientMessageId = Guid.NewGuid().ToString();

        var first = await hub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = "only once", clientMessageId });
        var retry = await hub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = "only once", clientMessageId });

        Assert.Equal(first.Id, retry.Id);
        Assert.Equal(clientMessageId, retry.ClientMessageId);
        Assert.Single((await alice.MessagesAsync(room.Id)).Messages, m => m.Text == "only once");
        await hub.SendBarrierAsync(room.Id, bobHub);
        Assert.Single(bobHub.EventsOf<MessageDto>("messageReceived"), m => m.Text == "only once");
    }

    [Fact]
    public async Task SendMessage_ConcurrentRetriesOfOneMessage_StillStoreOne()
    {
        using var alice = await fixture.UserAsync();
        var room = await alice.CreateRoomAsync();
        await using var first = await alice.ConnectHubAsync();
        await using var second = await alice.ConnectHubAsync();
        var clientMessageId = Guid.NewGuid().ToString();

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            (i % 2 == 0 ? first : second).InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = "racing", clientMessageId })));

        Assert.Single(results.Select(r => r.Id).Distinct());
        Assert.Single((await alice.MessagesAsync(room.Id)).Messages, m => m.Text == "racing");
    }

    [Fact]
    public async Task SendMessage_ManyConcurrentSenders_EveryAcknowledgedMessageIsStoredOnceInIdOrder()
    {
        using var owner = await fixture.UserAsync();
        var room = await owner.CreateRoomAsync();
        var senders = new List<(ApiClient User, HubClient Hub)>();
        for (var i = 0; i < 4; i++)
        {
            var user = await fixture.UserAsync("burst");
            await user.JoinAsync(room.Id);
            senders.Add((user, await user.ConnectHubAsync()));
        }

        try
        {
            var acknowledged = await Task.WhenAll(senders.SelectMany(s => Enumerable.Range(0, 25).Select(n =>
                s.Hub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = $"{s.User.Username} #{n}" }))));

            var stored = new List<MessageDto>();
            for (long? after = 0; after is not null;)
            {
                var page = await owner.MessagesAsync(room.Id, $"?after={after}&limit=100");
                stored.AddRange(page.Messages);
                after = page.HasMore ? page.Messages[^1].Id : null;
            }

            Assert.Equal(100, acknowledged.Select(m => m.Id).Distinct().Count());
            Assert.Subset(stored.Select(m => m.Id).ToHashSet(), acknowledged.Select(m => m.Id).ToHashSet());
            Assert.Equal(stored.Select(m => m.Id).Order(), stored.Select(m => m.Id));
        }
        finally
        {
            foreach (var (user, hub) in senders)
            {
                await hub.DisposeAsync();
                user.Dispose();
            }
        }
    }

    [Fact]
    public async Task SendMessage_ToAPrivateRoomYouAreNotIn_LooksLikeNoSuchRoom()
    {
        using var alice = await fixture.UserAsync();
        using var mallory = await fixture.UserAsync("mallory");
        var secret = await alice.CreateRoomAsync("private");
        await using var hub = await mallory.ConnectHubAsync();

        var intoSecret = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("SendMessage", new { roomId = secret.Id, text = "let me in" }));
        var intoNothing = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("SendMessage", new { roomId = long.MaxValue, text = "hello?" }));

        Assert.Equal(intoNothing.Message, intoSecret.Message);
        Assert.Single((await alice.MessagesAsync(secret.Id)).Messages);
    }

    [Fact]
    public async Task SendMessage_ToAPublicRoomYouAreNotIn_SaysJoinFirst()
    {
        using var alice = await fixture.UserAsync();
        using var bob = await fixture.UserAsync();
        var room = await alice.CreateRoomAsync();
        await using var hub = await bob.ConnectHubAsync();

        var error = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("SendMessage", new { roomId = room.Id, text = "hi" }));

        Assert.Contains("Join this room", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JoiningWhileConnected_StartsDeliveryWithoutReconnecting()
    {
        using var alice = await fixture.UserAsync();
        using var bob = await fixture.UserAsync();
        var room = await alice.CreateRoomAsync();
        await using var aliceHub = await alice.ConnectHubAsync();
        await using var bobHub = await bob.ConnectHubAsync();

        await bob.JoinAsync(room.Id);
        var sent = await aliceHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = "welcome bob" });

        await bobHub.WaitForAsync<MessageDto>("messageReceived", m => m.Id == sent.Id);
    }

    /// <summary>
    /// Typing signals are limited per person and conversation, not per connection: many tabs (or a script with many
    /// connections) cannot flood the others with them. What gets through reaches the other members.
    /// </summary>
    [Fact]
    public async Task Typing_FromEveryConnectionOfOnePerson_IsLimitedPerConversation()
    {
        using var alice = await fixture.UserAsync();
        using var bob = await fixture.UserAsync();
        var room = await alice.CreateRoomAsync();
        await bob.JoinAsync(room.Id);
        await using var bobHub = await bob.ConnectHubAsync();
        var aliceHubs = new List<HubClient>();
        for (var i = 0; i < 3; i++)
        {
            aliceHubs.Add(await alice.ConnectHubAsync());
        }

        var refused = 0;
        for (var i = 0; i < 9; i++)
        {
            try
            {
                await aliceHubs[i % 3].InvokeAsync("Typing", new { roomId = room.Id });
            }
            catch (HubException ex) when (ex.Code() == "rate_limited")
            {
                refused++;
            }
        }

        // A message sent after the signals is delivered after them: once Bob has it, every signal that got through is in.
        var barrier = await aliceHubs[0].InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = "done typing" });
        await bobHub.WaitForAsync<MessageDto>("messageReceived", m => m.Id == barrier.Id);
        var burst = new Parley.Infrastructure.ParleyOptions().RateLimits.Typing.Burst;
        Assert.Equal(9 - burst, refused);
        Assert.Equal(burst, bobHub.EventsOf<TypingEvent>("typing").Count(t => t.User.Id == alice.Id && t.RoomId == room.Id));
        foreach (var hub in aliceHubs)
        {
            await hub.DisposeAsync();
        }
    }

    [Fact]
    public async Task Typing_InARoomYouAreNotIn_IsRefused()
    {
        using var alice = await fixture.UserAsync();
        using var mallory = await fixture.UserAsync();
        var room = await alice.CreateRoomAsync("private");
        await using var aliceHub = await alice.ConnectHubAsync();
        await using var malloryHub = await mallory.ConnectHubAsync();

        var refused = await Assert.ThrowsAsync<HubException>(() => malloryHub.InvokeAsync("Typing", new { roomId = room.Id }));

        await aliceHub.SendBarrierAsync(room.Id);
        Assert.Equal("room_not_found", refused.Code());
        Assert.Empty(aliceHub.EventsOf<TypingEvent>("typing"));
    }

    [Fact]
    public async Task Presence_OnlineWithTheFirstConnection_OfflineAfterTheLast()
    {
        using var alice = await fixture.UserAsync();
        using var bob = await fixture.UserAsync();
        var room = await alice.CreateRoomAsync();
        await bob.JoinAsync(room.Id);
        await using var aliceHub = await alice.ConnectHubAsync();

        var bobTab1 = await bob.ConnectHubAsync();
        await aliceHub.WaitForAsync<PresenceChangedEvent>("presenceChanged", p => p.Users.Any(u => u.UserId == bob.Id && u.Online));
        var bobTab2 = await bob.ConnectHubAsync();
        await bobTab1.DisposeAsync();
        await PresenceBarrierAsync(aliceHub, room.Id);
        Assert.DoesNotContain(aliceHub.EventsOf<PresenceChangedEvent>("presenceChanged").SelectMany(p => p.Users), u => u.UserId == bob.Id && !u.Online);
        Assert.True((await alice.MembersAsync(room.Id)).Single(m => m.User.Id == bob.Id).Online);

        await bobTab2.DisposeAsync();

        await aliceHub.WaitForAsync<PresenceChangedEvent>("presenceChanged", p => p.Users.Any(u => u.UserId == bob.Id && !u.Online));
        Assert.False((await alice.MembersAsync(room.Id)).Single(m => m.User.Id == bob.Id).Online);
    }

    [Fact]
    public async Task Presence_AReconnectWithinAMoment_IsNotAnnouncedAtAll()
    {
        using var alice = await fixture.UserAsync();
        using var bob = await fixture.UserAsync();
        var room = await alice.CreateRoomAsync();
        await bob.JoinAsync(room.Id);
        await using var aliceHub = await alice.ConnectHubAsync();
        await using var bobHub = await bob.ConnectHubAsync();
        await aliceHub.WaitForAsync<PresenceChangedEvent>("presenceChanged", p => p.Users.Any(u => u.UserId == bob.Id && u.Online));

        // A flaky network: bob's connection drops and comes straight back.
        await bobHub.DisposeAsync();
        await using var bobAgain = await bob.ConnectHubAsync();
        await PresenceBarrierAsync(aliceHub, room.Id);

        Assert.Single(aliceHub.EventsOf<PresenceChangedEvent>("presenceChanged").SelectMany(p => p.Users), u => u.UserId == bob.Id);
    }

    [Fact]
    public async Task Presence_ManyPeopleAtOnce_ArriveAsOneEventPerRecipient()
    {
        using var alice = await fixture.UserAsync();
        var room = await alice.CreateRoomAsync();
        var others = new List<ApiClient>();
        for (var i = 0; i < 8; i++)
        {
            var user = await fixture.UserAsync("crowd");
            await user.JoinAsync(room.Id);
            others.Add(user);
        }

        await using var aliceHub = await alice.ConnectHubAsync();
        var hubs = await Task.WhenAll(others.Select(o => o.ConnectHubAsync()));
        try
        {
            await aliceHub.WaitForAsync<PresenceChangedEvent>("presenceChanged", _ => aliceHub.EventsOf<PresenceChangedEvent>("presenceChanged").SelectMany(p => p.Users).Count() == others.Count);
            Assert.True(aliceHub.EventsOf<PresenceChangedEvent>("presenceChanged").Count <= 3, "Presence of people arriving together is announced together.");
        }
        finally
        {
            foreach (var hub in hubs)
            {
                await hub.DisposeAsync();
            }

            others.ForEach(o => o.Dispose());
        }
    }

    [Fact]
    public async Task Presence_IsNotToldToStrangers()
    {
        using var alice = await fixture.UserAsync();
        using var stranger = await fixture.UserAsync();
        using var alicesFriend = await fixture.UserAsync("friend");
        using var strangersFriend = await fixture.UserAsync("friend");
        await alice.JoinAsync((await alicesFriend.CreateRoomAsync()).Id);
        await strangersFriend.JoinAsync((await stranger.CreateRoomAsync()).Id);
        await using var strangerHub = await stranger.ConnectHubAsync();
        await using var alicesFriendHub = await alicesFriend.ConnectHubAsync();

        await using var aliceHub = await alice.ConnectHubAsync();

        // Announced to those who share a room with her. Presence goes out in windows, one after another: once the
        // stranger hears of someone who comes online after that, every announcement about Alice is behind them.
        await alicesFriendHub.WaitForAsync<PresenceChangedEvent>("presenceChanged", p => p.Users.Any(u => u.UserId == alice.Id && u.Online));
        await using var strangersFriendHub = await strangersFriend.ConnectHubAsync();
        await strangerHub.WaitForAsync<PresenceChangedEvent>("presenceChanged", p => p.Users.Any(u => u.UserId == strangersFriend.Id && u.Online));
        Assert.DoesNotContain(strangerHub.EventsOf<PresenceChangedEvent>("presenceChanged").SelectMany(p => p.Users), u => u.UserId == alice.Id);
    }

    [Fact]
    public async Task Hub_WithoutCredentials_IsRefused()
    {
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => HubClient.ConnectAsync(fixture.Server.BaseAddress, "not-a-token"));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    /// <summary>
    /// A barrier for presence: someone in the room comes online and goes offline again, and the observer hears both.
    /// Presence goes out in windows, one after another, and every departure waits the same grace before it is
    /// announced, so once this departure is heard, any announcement of a change before it has been heard too.
    /// </summary>
    private async Task PresenceBarrierAsync(HubClient observer, long roomId)
    {
        using var passerby = await fixture.UserAsync("passerby");
        await passerby.JoinAsync(roomId);
        var passerbyHub = await passerby.ConnectHubAsync();
        await observer.WaitForAsync<PresenceChangedEvent>("presenceChanged", p => p.Users.Any(u => u.UserId == passerby.Id && u.Online));
        await passerbyHub.DisposeAsync();
        await observer.WaitForAsync<PresenceChangedEvent>("presenceChanged", p => p.Users.Any(u => u.UserId == passerby.Id && !u.Online));
    }
}
