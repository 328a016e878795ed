using System.Net;
using Microsoft.AspNetCore.SignalR;
using Parley.Messages;

namespace Parley.Tests.Integration;

[Collection(SharedServer.Name)]
public sealed class DirectMessagesTests(ServerFixture fixture)
{
    [Fact]
    public async Task Open_TheSamePeopleAlwaysGetTheSameConversation_FromEitherSide()
    {
        using var alice = await fixture.UserAsync("alice");
        using var bob = await fixture.UserAsync("bob");

        var first = await alice.OpenDirectAsync(bob.Username);
        var again = await alice.OpenDirectAsync("@" + bob.Username.ToUpperInvariant());
        var fromBob = await bob.OpenDirectAsync(alice.Username);

        Assert.Equal(ConversationKind.Direct, first.Kind);
        Assert.Equal(first.Id, again.Id);
        Assert.Equal(first.Id, fromBob.Id);
        Assert.Equal(bob.Me.DisplayName, first.Name);
        Assert.Equal(bob.Id, Assert.Single(first.Participants).User.Id);
    }

    [Fact]
    public async Task Open_Group_UpToTenPeople_AndItsOwnConversation()
    {
        using var alice = await fixture.UserAsync();
        var others = new List<ApiClient>();
        for (var i = 0; i < 10; i++)
        {
            others.Add(await fixture.UserAsync("group"));
        }

        try
        {
            var group = await alice.OpenDirectAsync([.. others.Take(9).Select(o => o.Username)]);
            var pair = await alice.OpenDirectAsync(others[0].Username);
            using var tooMany = await alice.PostAsync("/api/dms", new { usernames = others.Select(o => o.Username).ToArray() });

            Assert.Equal(10, group.MemberCount);
            Assert.NotEqual(group.Id, pair.Id);
            Assert.Contains("at most 10", (await tooMany.ReadProblemAsync()).Errors["usernames"][0], StringComparison.Ordinal);
        }
        finally
        {
            others.ForEach(o => o.Dispose());
        }
    }

    [Theory]
    [InlineData("nobody_by_this_name", "No one is called")]
    [InlineData("", "at least one")]
    public async Task Open_BadNames_AreFieldErrors(string username, string expected)
    {
        using var alice = await fixture.UserAsync();
        using var response = await alice.PostAsync("/api/dms", new { usernames = new[] { username } });
        Assert.Contains(expected, (await response.ReadProblemAsync()).Errors["usernames"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_JustYourself_IsRefused()
    {
        using var alice = await fixture.UserAsync();
        using var response = await alice.PostAsync("/api/dms", new { usernames = new[] { alice.Username } });
        Assert.Equal(400, (await response.ReadProblemAsync()).Status);
    }

    [Fact]
    public async Task Messages_AreLiveForBothSides_AndPrivateToThem()
    {
        using var alice = await fixture.UserAsync();
        using var bob = await fixture.UserAsync();
        using var eve = await fixture.UserAsync("eve");
        var evesRoom = await eve.CreateRoomAsync();
        await using var bobHub = await bob.ConnectHubAsync(); // connected before the conversation exists
        await using var eveHub = await eve.ConnectHubAsync();
        var dm = await alice.OpenDirectAsync(bob.Username);
        await using var aliceHub = await alice.ConnectHubAsync();

        var sent = await aliceHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = dm.Id, text = "just between us" });

        await bobHub.WaitForAsync<MessageDto>("messageReceived", m => m.Id == sent.Id);
        Assert.Equal("just between us", Assert.Single((await bob.MessagesAsync(dm.Id)).Messages).Text);
        Assert.Equal("just between us", Assert.Single((await ApiClient.ReadAsync<MessagePage>(bob.GetAsync($"/api/conversations/{dm.Id}/messages"))).Messages).Text);
        using var eveReads = await eve.GetAsync($"/api/rooms/{dm.Id}/messages");
        using var eveGets = await eve.GetAsync($"/api/conversations/{dm.Id}");
        Assert.Equal((404, "room_not_found"), await eveReads.StatusAndCodeAsync());
        Assert.Equal(HttpStatusCode.NotFound, eveGets.StatusCode);
        await Assert.ThrowsAsync<HubException>(() => eveHub.InvokeAsync("SendMessage", new { roomId = dm.Id, text = "hi" }));
        await eveHub.SendBarrierAsync(evesRoom.Id);
        Assert.DoesNotContain(eveHub.EventsOf<MessageDto>("messageReceived"), m => m.RoomId == dm.Id);
    }

    [Fact]
    public async Task List_TheOtherSideSeesTheConversationOnceItHasAMessage()
    {
        using var alice = await fixture.UserAsync();
        using var bob = await fixture.UserAsync();
        var dm = await alice.OpenDirectAsync(bob.Username);

        Assert.Contains(await alice.ConversationsAsync(), c => c.Id == dm.Id);
        Assert.DoesNotContain(await bob.ConversationsAsync(), c => c.Id == dm.Id);

        await using (var hub = await alice.ConnectHubAsync())
        {
            await hub.InvokeAsync("SendMessage", new { roomId = dm.Id, text = "hello" });
        }

        var seen = Assert.Single(await bob.ConversationsAsync(), c => c.Id == dm.Id);
        Assert.Equal((alice.Me.DisplayName, 1), (seen.Name, seen.UnreadCount));
    }

    [Fact]
    public async Task Block_TheBlockedCannotStartOrSend_AndTheBlockerMustUnblockToSend()
    {
        using var alice = await fixture.UserAsync("blocker");
        using var troll = await ApiClient.RegisterAsync(fixture.Server, ApiClient.UniqueName("troll"), "Troll Person");
        var dm = await troll.OpenDirectAsync(alice.Username);
        await using var trollHub = await troll.ConnectHubAsync();
        await using var aliceHub = await alice.ConnectHubAsync();

        using var block = await alice.PutAsync($"/api/users/{troll.Username}/block", new { });
        Assert.Equal(HttpStatusCode.NoContent, block.StatusCode);

        var trollSends = await Assert.ThrowsAsync<HubException>(() => trollHub.InvokeAsync("SendMessage", new { roomId = dm.Id, text = "you can't ignore me" }));
        using var trollReopens = await troll.PostAsync("/api/dms", new { usernames = new[] { alice.Username } });
        var aliceSends = await Assert.ThrowsAsync<HubException>(() => aliceHub.InvokeAsync("SendMessage", new { roomId = dm.Id, text = "bye" }));
        await Assert.ThrowsAsync<HubException>(() => trollHub.InvokeAsync("Typing", new { roomId = dm.Id }));

        Assert.Contains("can't send", trollSends.Message, StringComparison.Ordinal);
        Assert.Equal((403, "cannot_message"), await trollReopens.StatusAndCodeAsync());
        // By the name the page shows on its "Unblock Troll Person" button, not the username.
        Assert.Contains("You blocked Troll Person. Unblock them", aliceSends.Message, StringComparison.Ordinal);
        Assert.Equal(troll.Id, Assert.Single(await ApiClient.ReadAsync<List<UserSummary>>(alice.GetAsync("/api/me/blocks"))).Id);
        Assert.Empty((await alice.MessagesAsync(dm.Id)).Messages);

        (await alice.DeleteAsync($"/api/users/{troll.Username}/block")).Dispose();
        await trollHub.InvokeAsync("SendMessage", new { roomId = dm.Id, text = "sorry" });
    }

    [Fact]
    public async Task Clear_HidesTheHistoryForTheOneWhoClearsIt_Only()
    {
        using var alice = await fixture.UserAsync();
        using var bob = await fixture.UserAsync();
        var dm = await alice.OpenDirectAsync(bob.Username);
        await using var hub = await alice.ConnectHubAsync();
        await hub.InvokeAsync("SendMessage", new { roomId = dm.Id, text = "old news" });

        var state = await ApiClient.ReadAsync<ConversationStateDto>(bob.PostAsync($"/api/conversations/{dm.Id}/clear"));
        var after = await hub.InvokeAsync<MessageDto>("SendMessage", new { roomId = dm.Id, text = "fresh" });

        Assert.Equal(0, state.UnreadCount);
        Assert.Equal(["fresh"], (await bob.MessagesAsync(dm.Id)).Messages.Select(m => m.Text));
        Assert.Equal(["old news", "fresh"], (await alice.MessagesAsync(dm.Id)).Messages.Select(m => m.Text));
        Assert.Equal(after.Id, Assert.Single(await bob.ConversationsAsync(), c => c.Id == dm.Id).LastMessage!.Id);
    }

    /// <summary>
    /// A direct conversation someone else started is listed once it has a message, and stays listed after the
    /// recipient clears it (with no preview), as the live list shows it: a reload must not make it vanish.
    /// </summary>
    [Fact]
    public async Task Clear_OfAConversationSomeoneElseStarted_KeepsItInTheList()
    {
        using var alice = await fixture.UserAsync();
        using var bob = await fixture.UserAsync();
        var dm = await alice.OpenDirectAsync(bob.Username);
        await using var hub = await alice.ConnectHubAsync();
        await hub.InvokeAsync("SendMessage", new { roomId = dm.Id, text = "hello bob" });

        await ApiClient.ReadAsync<ConversationStateDto>(bob.PostAsync($"/api/conversations/{dm.Id}/clear"));

        var listed = Assert.Single(await bob.ConversationsAsync(), c => c.Id == dm.Id);
        Assert.Null(listed.LastMessage);
    }
}
