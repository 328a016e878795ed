using Parley.Search;
using static Parley.Tests.Integration.RichMessages.MessageChangeCalls;

namespace Parley.Tests.Integration.RichMessages;

[Collection(SharedServer.Name)]
public sealed class MessageDeleteTests(ServerFixture fixture)
{
    /// <summary>The author deletes their message; in a room the owner and admins delete anyone's; other members and outsiders cannot.</summary>
    [Fact]
    public async Task Delete_ByAuthorOwnerOrAdmin_OthersRefused()
    {
        using var owner = await fixture.UserAsync("owner");
        using var admin = await fixture.UserAsync("admin");
        using var author = await fixture.UserAsync("author");
        using var other = await fixture.UserAsync("other");
        using var outsider = await fixture.UserAsync("outsider");
        var room = await RoomAsync(owner, admin, author, other);
        await using var hub = await author.ConnectHubAsync();
        var (byAuthor, byAdmin, byOwner) = (await hub.SendAsync(room, "one"), await hub.SendAsync(room, "two"), await hub.SendAsync(room, "three"));

        Assert.Equal((403, "not_your_message"), await (await other.DeleteMessageAsync(room, byAuthor.Id)).StatusAndCodeAsync());
        Assert.Equal((403, "not_a_member"), await (await outsider.DeleteMessageAsync(room, byAuthor.Id)).StatusAndCodeAsync());
        Assert.False((await other.InHistoryAsync(room, byAuthor.Id)).Deleted);

        Assert.Equal(204, (int)(await author.DeleteMessageAsync(room, byAuthor.Id)).StatusCode);
        Assert.Equal(204, (int)(await admin.DeleteMessageAsync(room, byAdmin.Id)).StatusCode);
        Assert.Equal(204, (int)(await owner.DeleteMessageAsync(room, byOwner.Id)).StatusCode);
        var history = (await other.MessagesAsync(room)).Messages;
        Assert.All(history.Where(m => m.Id >= byAuthor.Id), m => Assert.Equal((true, ""), (m.Deleted, m.Text)));
    }

    /// <summary>In a direct conversation nobody moderates: the other participant cannot delete someone else's message.</summary>
    [Fact]
    public async Task Delete_InADirectConversation_OnlyTheAuthor()
    {
        using var alice = await fixture.UserAsync("alice");
        using var bob = await fixture.UserAsync("bob");
        var dm = await alice.OpenDirectAsync(bob.Username);
        await using var hub = await alice.ConnectHubAsync();
        var sent = await hub.SendAsync(dm.Id, "between us");

        Assert.Equal((403, "not_your_message"), await (await bob.DeleteMessageAsync(dm.Id, sent.Id)).StatusAndCodeAsync());
        Assert.Equal(204, (int)(await alice.DeleteMessageAsync(dm.Id, sent.Id)).StatusCode);
    }

    /// <summary>
    /// A deleted message leaves every place it showed: it reaches members live as a tombstone, search no longer finds
    /// it, the conversation list previews the message before it, and it no longer counts as unread or as a mention.
    /// Deleting it again changes nothing and announces nothing.
    /// </summary>
    [Fact]
    public async Task Delete_LeavesSearchPreviewAndCounts_AndAgainChangesNothing()
    {
        var marker = Marker();
        using var alice = await fixture.UserAsync("alice");
        using var bob = await fixture.UserAsync("bob");
        var room = await RoomAsync(alice, null, bob);
        await using var aliceHub = await alice.ConnectHubAsync();
        await using var bobHub = await bob.ConnectHubAsync();
        var earlier = await bobHub.SendAsync(room, "earlier");
        await aliceHub.InvokeAsync("MarkRead", new { conversationId = room, messageId = earlier.Id });
        var doomed = await bobHub.SendAsync(room, $"{marker} @{alice.Username} look");
        var listed = (await alice.ConversationsAsync()).Single(c => c.Id == room);
        Assert.Equal((doomed.Id, 1, 1), (listed.LastMessage!.Id, listed.UnreadCount, listed.MentionCount));
        Assert.Single((await SearchAsync(alice, marker)).Results);

        Assert.Equal(204, (int)(await bob.DeleteMessageAsync(room, doomed.Id)).StatusCode);
        var tombstone = await aliceHub.WaitForAsync<MessageDto>("messageDeleted", m => m.Id == doomed.Id);

        Assert.Equal((true, "", 0), (tombstone.Deleted, tombstone.Text, tombstone.Mentions.Count));
        listed = (await alice.ConversationsAsync()).Single(c => c.Id == room);
        Assert.Equal((earlier.Id, 0, 0), (listed.LastMessage!.Id, listed.UnreadCount, listed.MentionCount));
        Assert.Empty((await SearchAsync(alice, marker)).Results);

        Assert.Equal(204, (int)(await bob.DeleteMessageAsync(room, doomed.Id)).StatusCode);
        await bobHub.SendBarrierAsync(room, aliceHub);
        Assert.Single(aliceHub.EventsOf<MessageDto>("messageDeleted"), m => m.Id == doomed.Id);
        Assert.Equal(tombstone.ChangeSeq, (await alice.InHistoryAsync(room, doomed.Id)).ChangeSeq);
    }

    /// <summary>Notices Parley wrote are history: nobody deletes them, not even the owner.</summary>
    [Fact]
    public async Task Delete_OfANotice_IsRefused()
    {
        using var owner = await fixture.UserAsync("owner");
        var room = await RoomAsync(owner, null);
        var notice = (await owner.MessagesAsync(room)).Messages.First(m => m.Kind == MessageKind.System);

        Assert.Equal((403, "notice_not_deletable"), await (await owner.DeleteMessageAsync(room, notice.Id)).StatusAndCodeAsync());
    }

    private static Task<SearchPage> SearchAsync(ApiClient user, string q) =>
        ApiClient.ReadAsync<SearchPage>(user.GetAsync($"/api/search?q={Uri.EscapeDataString(q)}"));
}
