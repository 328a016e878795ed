using Parley.Search;
using static Parley.Tests.Integration.RichMessages.MessageChangeCalls;

namespace Parley.Tests.Integration.RichMessages;

[Collection(SharedServer.Name)]
public sealed class MessageEditTests(ServerFixture fixture)
{
    /// <summary>An edit reaches every member live with its edit time, and search finds the new text, never the old.</summary>
    [Fact]
    public async Task Edit_ByTheAuthor_ReachesMembersLive_AndSearchFindsOnlyTheNewText()
    {
        var (before, after) = (Marker(), Marker());
        using var alice = await fixture.UserAsync("alice");
        using var bob = await fixture.UserAsync("bob");
        var room = await RoomAsync(alice, null, bob);
        await using var aliceHub = await alice.ConnectHubAsync();
        await using var bobHub = await bob.ConnectHubAsync();
        var sent = await aliceHub.SendAsync(room, $"{before} first draft");
        Assert.Single((await SearchAsync(bob, before)).Results); // indexed before the edit, so the edit must take it out

        var edited = await ApiClient.ReadAsync<MessageDto>(alice.EditAsync(room, sent.Id, $"{after} final, @{bob.Username}"));
        var live = await bobHub.WaitForAsync<MessageDto>("messageEdited", m => m.Id == sent.Id);

        Assert.Equal($"{after} final, @{bob.Username}", live.Text);
        Assert.NotNull(live.EditedAt);
        Assert.Equal([bob.Id], live.Mentions);
        Assert.True(live.ChangeSeq > 0);
        Assert.Equal((edited.Text, edited.ChangeSeq), (live.Text, live.ChangeSeq));
        Assert.Empty((await SearchAsync(bob, before)).Results);
        Assert.Equal([sent.Id], (await SearchAsync(bob, after)).Results.Select(r => r.Message.Id));
        Assert.Equal(live.Text, (await bob.InHistoryAsync(room, sent.Id)).Text);
        Assert.Equal(live.Text, (await bob.ConversationsAsync()).Single(c => c.Id == room).LastMessage!.Text);
    }

    /// <summary>Only the author edits a message: not the room's owner or admins, not another member; outsiders do not even find it; notices are nobody's.</summary>
    [Fact]
    public async Task Edit_ByAnyoneButTheAuthor_IsRefused()
    {
        using var owner = await fixture.UserAsync("owner");
        using var admin = await fixture.UserAsync("admin");
        using var author = await fixture.UserAsync("author");
        using var other = await fixture.UserAsync("other");
        using var outsider = await fixture.UserAsync("outsider");
        var room = await RoomAsync(owner, admin, author, other);
        await using var hub = await author.ConnectHubAsync();
        var sent = await hub.SendAsync(room, "mine");
        var notice = (await owner.MessagesAsync(room)).Messages.First(m => m.Kind == MessageKind.System);

        foreach (var someoneElse in new[] { owner, admin, other })
        {
            Assert.Equal((403, "not_your_message"), await (await someoneElse.EditAsync(room, sent.Id, "theirs now")).StatusAndCodeAsync());
        }

        Assert.Equal((403, "not_a_member"), await (await outsider.EditAsync(room, sent.Id, "theirs now")).StatusAndCodeAsync());
        Assert.Equal((403, "notice_not_editable"), await (await owner.EditAsync(room, notice.Id, "rewritten history")).StatusAndCodeAsync());
        Assert.Equal((404, "message_not_found"), await (await author.EditAsync(room, notice.Id + 1_000_000, "nothing")).StatusAndCodeAsync());
        Assert.Equal((400, "validation_failed"), await (await author.EditAsync(room, sent.Id, "   ")).StatusAndCodeAsync());
        Assert.Equal("mine", (await author.InHistoryAsync(room, sent.Id)).Text);
    }

    /// <summary>With Parley:Messages:EditWindowMinutes set, a message older than the window can no longer be edited.</summary>
    [Fact]
    public async Task Edit_AfterTheEditWindow_IsRefused()
    {
        await using var server = await ParleyServer.StartAsync(new Dictionary<string, string> { ["Parley:Messages:EditWindowMinutes"] = "0" });
        using var alice = await ApiClient.RegisterAsync(server);
        var room = await alice.CreateRoomAsync();
        await using var hub = await alice.ConnectHubAsync();
        var sent = await hub.SendAsync(room.Id, "typo");

        Assert.Equal((403, "edit_window_passed"), await (await alice.EditAsync(room.Id, sent.Id, "fixed")).StatusAndCodeAsync());
    }

    /// <summary>A deleted message cannot be edited back to life.</summary>
    [Fact]
    public async Task Edit_OfADeletedMessage_IsRefused()
    {
        using var alice = await fixture.UserAsync("alice");
        var room = await RoomAsync(alice, null);
        await using var hub = await alice.ConnectHubAsync();
        var sent = await hub.SendAsync(room, "gone soon");
        await ApiClient.EnsureSuccessAsync(await alice.DeleteMessageAsync(room, sent.Id));

        Assert.Equal((409, "message_deleted"), await (await alice.EditAsync(room, sent.Id, "back")).StatusAndCodeAsync());
    }

    private static Task<SearchPage> SearchAsync(ApiClient user, string q) =>
        ApiClient.ReadAsync<SearchPage>(user.GetAsync($"/api/search?q={Uri.EscapeDataString(q)}"));
}
