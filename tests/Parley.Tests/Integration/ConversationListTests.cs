using Parley.Accounts;
using Parley.Conversations;
using Parley.Realtime;

namespace Parley.Tests.Integration;

[Collection(SharedServer.Name)]
public sealed class ConversationListTests(ServerFixture fixture)
{
    [Fact]
    public async Task List_HoldsRoomsAndDirectMessages_MostRecentlyActiveFirst_WithPreviews()
    {
        using var alice = await fixture.UserAsync();
        using var bob = await fixture.UserAsync();
        var quiet = await alice.CreateRoomAsync(name: "quiet");
        var busy = await alice.CreateRoomAsync(name: "busy");
        var dm = await alice.OpenDirectAsync(bob.Username);
        await using var hub = await alice.ConnectHubAsync();
        await hub.InvokeAsync("SendMessage", new { roomId = dm.Id, text = "psst" });
        await hub.InvokeAsync("SendMessage", new { roomId = busy.Id, text = "latest news" });

        var list = await alice.ConversationsAsync();

        Assert.Equal([busy.Id, dm.Id, quiet.Id], list.Select(c => c.Id));
        Assert.Equal(("latest news", alice.Username), (list[0].LastMessage!.Text, list[0].LastMessage!.Author.Username));
        Assert.Equal((ConversationKind.Direct, bob.Me.DisplayName), (list[1].Kind, list[1].Name));
        Assert.Equal((ConversationKind.Room, MemberRole.Owner), (list[2].Kind, list[2].Role));
    }

    [Fact]
    public async Task Unread_CountsOthersMessagesAfterTheReadPosition_AndMentionsSeparately()
    {
        using var owner = await fixture.UserAsync("owner");
        using var member = await fixture.UserAsync("member");
        using var reader = await fixture.UserAsync("reader");
        var room = await owner.CreateRoomAsync();
        await member.JoinAsync(room.Id);
        await reader.JoinAsync(room.Id);
        await using var ownerHub = await owner.ConnectHubAsync();
        await using var memberHub = await member.ConnectHubAsync();

        await memberHub.InvokeAsync("SendMessage", new { roomId = room.Id, text = "plain" });
        var mention = await memberHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = $"hey @{reader.Username}, look" });
        var memberRoom = await memberHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = "@room from a member is just text" });
        var ownerRoom = await ownerHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = "@room meeting at 5" });
        var notAMember = await memberHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = $"@{ApiClient.UniqueName("stranger")} isn't here" });

        var seen = Assert.Single(await reader.ConversationsAsync(), c => c.Id == room.Id);
        Assert.Equal(5, seen.UnreadCount);
        Assert.Equal(2, seen.MentionCount);
        Assert.Equal([reader.Id], mention.Mentions);
        Assert.False(memberRoom.MentionsRoom);
        Assert.True(ownerRoom.MentionsRoom);
        Assert.Empty(notAMember.Mentions);
        // The member's own messages never count for them; the owner's @room does.
        var memberView = Assert.Single(await member.ConversationsAsync(), c => c.Id == room.Id);
        Assert.Equal((1, 1), (memberView.UnreadCount, memberView.MentionCount));
    }

    [Fact]
    public async Task Join_TheRoomsPastIsReadableButNotUnread()
    {
        using var alice = await fixture.UserAsync();
        using var bob = await fixture.UserAsync();
        var room = await alice.CreateRoomAsync();
        await using var hub = await alice.ConnectHubAsync();
        await hub.InvokeAsync("SendMessage", new { roomId = room.Id, text = "before bob" });

        await bob.JoinAsync(room.Id);
        var after = await hub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = "after bob" });

        var seen = Assert.Single(await bob.ConversationsAsync(), c => c.Id == room.Id);
        Assert.Equal((1, after.Id), (seen.UnreadCount, seen.LastMessage!.Id));
    }

    [Fact]
    public async Task Unread_StopsCountingAtTheCap()
    {
        using var alice = await fixture.UserAsync();
        using var bob = await fixture.UserAsync();
        var room = await alice.CreateRoomAsync();
        await bob.JoinAsync(room.Id);
        await using var hub = await alice.ConnectHubAsync();
        await Task.WhenAll(Enumerable.Range(0, ConversationQueries.UnreadCountCap + 5).Select(i => hub.InvokeAsync("SendMessage", new { roomId = room.Id, text = $"flood {i}" })));

        Assert.Equal(ConversationQueries.UnreadCountCap, Assert.Single(await bob.ConversationsAsync(), c => c.Id == room.Id).UnreadCount);
    }

    [Fact]
    public async Task MarkRead_FollowsTheUserToTheirOtherDevices()
    {
        using var alice = await fixture.UserAsync();
        using var bob = await fixture.UserAsync();
        var room = await alice.CreateRoomAsync();
        await bob.JoinAsync(room.Id);
        await using var aliceHub = await alice.ConnectHubAsync();
        await using var phone = await bob.ConnectHubAsync();
        await using var desktop = await bob.ConnectHubAsync();
        var last = default(MessageDto);
        for (var i = 0; i < 3; i++)
        {
            last = await aliceHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = $"news {i}" });
        }

        var state = await phone.InvokeAsync<ConversationStateDto>("MarkRead", new { conversationId = room.Id, messageId = last!.Id });

        Assert.Equal((last.Id, 0), (state.LastReadMessageId, state.UnreadCount));
        var pushed = await desktop.WaitForAsync<ConversationStateDto>("conversationStateChanged", s => s.ConversationId == room.Id);
        Assert.Equal(0, pushed.UnreadCount);
        Assert.Equal(0, Assert.Single(await bob.ConversationsAsync(), c => c.Id == room.Id).UnreadCount);
        await aliceHub.SendBarrierAsync(room.Id);
        Assert.Empty(aliceHub.EventsOf<ConversationStateDto>("conversationStateChanged"));
    }

    [Fact]
    public async Task MarkRead_NeverMovesBackwards_OrPastTheNewestMessage()
    {
        using var alice = await fixture.UserAsync();
        var room = await alice.CreateRoomAsync();
        var newest = (await alice.MessagesAsync(room.Id)).Messages[^1].Id;

        var ahead = await ApiClient.ReadAsync<ConversationStateDto>(alice.PostAsync($"/api/conversations/{room.Id}/read", new { messageId = newest + 1000 }));
        var back = await ApiClient.ReadAsync<ConversationStateDto>(alice.PostAsync($"/api/conversations/{room.Id}/read", new { messageId = 1 }));

        Assert.Equal(newest, ahead.LastReadMessageId);
        Assert.Equal(newest, back.LastReadMessageId);
    }

    [Fact]
    public async Task ReadReceipts_InADirectConversation_AreSharedUnlessTurnedOff()
    {
        using var alice = await fixture.UserAsync();
        using var bob = await fixture.UserAsync();
        var dm = await alice.OpenDirectAsync(bob.Username);
        await using var aliceHub = await alice.ConnectHubAsync();
        await using var bobHub = await bob.ConnectHubAsync();
        var first = await aliceHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = dm.Id, text = "did you see this?" });

        await bobHub.InvokeAsync("MarkRead", new { conversationId = dm.Id, messageId = first.Id });

        var receipt = await aliceHub.WaitForAsync<ReadReceiptEvent>("readReceipt", r => r.ConversationId == dm.Id);
        Assert.Equal((bob.Id, first.Id), (receipt.UserId, receipt.LastReadMessageId));
        Assert.Equal([new ReadPositionDto(bob.Id, first.Id)], Assert.Single(await alice.ConversationsAsync(), c => c.Id == dm.Id).ReadPositions);

        var settings = await ApiClient.ReadAsync<UserSettingsDto>(bob.PatchAsync("/api/me/settings", new { sendReadReceipts = false }));
        await bobHub.WaitForAsync<UserSettingsDto>("settingsChanged", s => !s.SendReadReceipts);
        var second = await aliceHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = dm.Id, text = "and this?" });
        await bobHub.InvokeAsync("MarkRead", new { conversationId = dm.Id, messageId = second.Id });
        await aliceHub.SendBarrierAsync(dm.Id);

        Assert.False(settings.SendReadReceipts);
        Assert.DoesNotContain(aliceHub.EventsOf<ReadReceiptEvent>("readReceipt"), r => r.LastReadMessageId == second.Id);
        Assert.Empty(Assert.Single(await alice.ConversationsAsync(), c => c.Id == dm.Id).ReadPositions);
    }

    [Fact]
    public async Task SeenBy_InARoom_ListsWhoReadThatFar()
    {
        using var alice = await fixture.UserAsync();
        using var bob = await fixture.UserAsync();
        using var carol = await fixture.UserAsync();
        var room = await alice.CreateRoomAsync();
        await bob.JoinAsync(room.Id);
        await carol.JoinAsync(room.Id);
        await using var hub = await alice.ConnectHubAsync();
        var message = await hub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = "read me" });

        (await bob.PostAsync($"/api/conversations/{room.Id}/read", new { messageId = message.Id })).Dispose();

        var seenBy = await ApiClient.ReadAsync<List<UserSummary>>(alice.GetAsync($"/api/conversations/{room.Id}/messages/{message.Id}/seen-by"));
        Assert.Equal([bob.Id], seenBy.Select(u => u.Id));
    }

    [Fact]
    public async Task Mute_IsRememberedAndSentToTheUsersDevices()
    {
        using var alice = await fixture.UserAsync();
        var room = await alice.CreateRoomAsync();
        await using var otherTab = await alice.ConnectHubAsync();

        var state = await ApiClient.ReadAsync<ConversationStateDto>(alice.PutAsync($"/api/conversations/{room.Id}/mute", new { muted = true }));

        Assert.True(state.Muted);
        Assert.True((await otherTab.WaitForAsync<ConversationStateDto>("conversationStateChanged", s => s.ConversationId == room.Id)).Muted);
        Assert.True(Assert.Single(await alice.ConversationsAsync()).Muted);
    }

    [Fact]
    public async Task Settings_DoNotDisturbAndSounds_AreStored()
    {
        using var alice = await fixture.UserAsync();
        Assert.Equal(new UserSettingsDto(true, false, true), await ApiClient.ReadAsync<UserSettingsDto>(alice.GetAsync("/api/me/settings")));

        await ApiClient.ReadAsync<UserSettingsDto>(alice.PatchAsync("/api/me/settings", new { doNotDisturb = true, notificationSounds = false }));

        Assert.Equal(new UserSettingsDto(true, true, false), await ApiClient.ReadAsync<UserSettingsDto>(alice.GetAsync("/api/me/settings")));
    }

    [Fact]
    public async Task DirectPartner_ShowsOnlineNowOrWhenLastSeen()
    {
        using var alice = await fixture.UserAsync();
        using var bob = await fixture.UserAsync();
        var dm = await alice.OpenDirectAsync(bob.Username);
        await using var aliceHub = await alice.ConnectHubAsync();

        var bobHub = await bob.ConnectHubAsync();
        await aliceHub.WaitForAsync<PresenceChangedEvent>("presenceChanged", p => p.Users.Any(u => u.UserId == bob.Id && u.Online));
        Assert.True(Assert.Single(Assert.Single(await alice.ConversationsAsync(), c => c.Id == dm.Id).Participants).Online);
        await bobHub.DisposeAsync();

        var offline = (await aliceHub.WaitForAsync<PresenceChangedEvent>("presenceChanged", p => p.Users.Any(u => u.UserId == bob.Id && !u.Online))).Users.Single(u => u.UserId == bob.Id);
        var partner = Assert.Single(Assert.Single(await alice.ConversationsAsync(), c => c.Id == dm.Id).Participants);
        Assert.False(partner.Online);
        Assert.NotNull(offline.LastSeenAt);
        Assert.InRange(partner.LastSeenAt!.Value, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task UserSearch_FindsPeopleByUsernameStartOrDisplayName()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        using var zed = await ApiClient.RegisterAsync(fixture.Server, $"zed_{tag}", displayName: $"Zebulon {tag}");
        using var alice = await fixture.UserAsync();

        var byName = await ApiClient.ReadAsync<List<UserSearchResult>>(alice.GetAsync($"/api/users?q=@ZED_{tag}"));
        var byDisplay = await ApiClient.ReadAsync<List<UserSearchResult>>(alice.GetAsync($"/api/users?q=zebulon%20{tag}"));

        Assert.Equal(zed.Id, Assert.Single(byName).User.Id);
        Assert.Equal(zed.Id, Assert.Single(byDisplay).User.Id);
    }
}
