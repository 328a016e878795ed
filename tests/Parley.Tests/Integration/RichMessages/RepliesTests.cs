using Microsoft.AspNetCore.SignalR;
using static Parley.Tests.Integration.RichMessages.MessageChangeCalls;

namespace Parley.Tests.Integration.RichMessages;

[Collection(SharedServer.Name)]
public sealed class RepliesTests(ServerFixture fixture)
{
    /// <summary>
    /// A reply quotes its original (author, first line) live and in history; once the original is deleted, the quote
    /// says so and shows none of its text.
    /// </summary>
    [Fact]
    public async Task Reply_QuotesTheOriginal_UntilItIsDeleted()
    {
        using var alice = await fixture.UserAsync("alice");
        using var bob = await fixture.UserAsync("bob");
        var room = await RoomAsync(alice, null, bob);
        await using var aliceHub = await alice.ConnectHubAsync();
        await using var bobHub = await bob.ConnectHubAsync();
        var original = await aliceHub.SendAsync(room, "  \nWho deploys today?\nDetails below.");

        var reply = await bobHub.SendAsync(room, "I do", replyToId: original.Id);
        var live = await aliceHub.WaitForAsync<MessageDto>("messageReceived", m => m.Id == reply.Id);

        Assert.Equal(new ReplyPreviewDto(original.Id, original.Author, "Who deploys today?", Deleted: false), live.ReplyTo);
        Assert.Equal(live.ReplyTo, reply.ReplyTo);
        Assert.Equal(live.ReplyTo, (await bob.InHistoryAsync(room, reply.Id)).ReplyTo);

        await ApiClient.EnsureSuccessAsync(await alice.DeleteMessageAsync(room, original.Id));

        Assert.Equal(new ReplyPreviewDto(original.Id, original.Author, "", Deleted: true), (await bob.InHistoryAsync(room, reply.Id)).ReplyTo);
    }

    /// <summary>A long first line is cut to 140 characters as people count them (an emoji is one), the cut marked with "…".</summary>
    [Fact]
    public async Task Reply_ToALongMessage_QuotesAtMost140Characters()
    {
        using var alice = await fixture.UserAsync("alice");
        var room = await RoomAsync(alice, null);
        await using var hub = await alice.ConnectHubAsync();
        var original = await hub.SendAsync(room, string.Concat(Enumerable.Repeat("👩‍👩‍👧", 200)));

        var excerpt = (await hub.SendAsync(room, "so many families", original.Id)).ReplyTo!.Excerpt;

        Assert.Equal(string.Concat(Enumerable.Repeat("👩‍👩‍👧", 139)) + "…", excerpt);
    }

    /// <summary>A reply names a message of the same conversation; one of another conversation, or none at all, is refused before anything is stored.</summary>
    [Fact]
    public async Task Reply_ToAMessageElsewhere_IsRefused()
    {
        using var alice = await fixture.UserAsync("alice");
        var room = await RoomAsync(alice, null);
        var elsewhere = await RoomAsync(alice, null);
        await using var hub = await alice.ConnectHubAsync();
        var other = await hub.SendAsync(elsewhere, "over here");

        foreach (var replyToId in new[] { other.Id, other.Id + 1_000_000 })
        {
            var refused = await Assert.ThrowsAsync<HubException>(() => hub.SendAsync(room, "answer", replyToId));
            Assert.Equal("validation_failed", refused.Code());
            Assert.Contains("replyToId", refused.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain((await alice.MessagesAsync(room)).Messages, m => m.Text == "answer");
    }

    /// <summary>
    /// A message cleared from the caller's view is, for them, no longer there: replying to it, editing, reacting to
    /// and pinning it answer as for a missing message, while the others still have it.
    /// </summary>
    [Fact]
    public async Task MessageClearedFromTheCallersView_CannotBeRepliedToEditedReactedToOrPinned()
    {
        using var alice = await fixture.UserAsync("alice");
        using var bob = await fixture.UserAsync("bob");
        var room = await RoomAsync(alice, null, bob);
        await using var aliceHub = await alice.ConnectHubAsync();
        var old = await aliceHub.SendAsync(room, "before the clear");
        await ApiClient.EnsureSuccessAsync(await alice.PostAsync($"/api/conversations/{room}/clear"));

        var reply = await Assert.ThrowsAsync<HubException>(() => aliceHub.SendAsync(room, "answer", old.Id));
        Assert.Equal("validation_failed", reply.Code());
        Assert.Equal((404, "message_not_found"), await (await alice.EditAsync(room, old.Id, "changed")).StatusAndCodeAsync());
        Assert.Equal((404, "message_not_found"), await (await alice.ReactAsync(room, old.Id, "👍")).StatusAndCodeAsync());
        Assert.Equal((404, "message_not_found"), await (await alice.PinAsync(room, old.Id)).StatusAndCodeAsync());

        Assert.Equal("before the clear", (await bob.InHistoryAsync(room, old.Id)).Text);
        await ApiClient.EnsureSuccessAsync(await bob.ReactAsync(room, old.Id, "👍"));
    }
}
