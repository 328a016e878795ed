using Parley.Messages;
using static Parley.Tests.Integration.RichMessages.MessageChangeCalls;

namespace Parley.Tests.Integration.RichMessages;

[Collection(SharedServer.Name)]
public sealed class ChangesCatchUpTests(ServerFixture fixture)
{
    /// <summary>
    /// Someone offline while messages were edited, deleted and reacted to catches up with one call after they
    /// reconnect: every changed message in its current state, in change order, from the change sequence their last
    /// history page reported; asking again from the answer's sequence finds nothing more.
    /// </summary>
    [Fact]
    public async Task CatchUp_AfterADisconnect_SeesEditsDeletesAndReactionsMadeWhileAway()
    {
        using var alice = await fixture.UserAsync("alice");
        using var bob = await fixture.UserAsync("bob");
        var room = await RoomAsync(alice, null, bob);
        await using var aliceHub = await alice.ConnectHubAsync();
        var (toEdit, toDelete, toReact) = (await aliceHub.SendAsync(room, "draft"), await aliceHub.SendAsync(room, "oops"), await aliceHub.SendAsync(room, "lunch?"));
        var bobHub = await bob.ConnectHubAsync();
        var seen = (await bob.MessagesAsync(room)).ChangeSeq;
        await bobHub.DisposeAsync();

        await ApiClient.EnsureSuccessAsync(await alice.EditAsync(room, toEdit.Id, "final"));
        await ApiClient.EnsureSuccessAsync(await alice.DeleteMessageAsync(room, toDelete.Id));
        await ApiClient.EnsureSuccessAsync(await alice.ReactAsync(room, toReact.Id, "🍕"));
        await using var reconnected = await bob.ConnectHubAsync();
        var changes = await bob.ChangesAsync(room, seen);

        Assert.Equal([toEdit.Id, toDelete.Id, toReact.Id], changes.Messages.Select(m => m.Id));
        Assert.Equal(("final", true, "🍕"), (changes.Messages[0].Text, changes.Messages[1].Deleted, changes.Messages[2].Reactions.Single().Emoji));
        Assert.False(changes.HasMore);
        Assert.Equal(changes.Messages[^1].ChangeSeq, changes.ChangeSeq);
        Assert.Empty((await bob.ChangesAsync(room, changes.ChangeSeq)).Messages);
    }

    /// <summary>Changes come in pages; following each page's change sequence while hasMore visits every change once.</summary>
    [Fact]
    public async Task Changes_InPages_VisitEveryChangedMessageOnce()
    {
        using var alice = await fixture.UserAsync("alice");
        var room = await RoomAsync(alice, null);
        await using var hub = await alice.ConnectHubAsync();
        var changed = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var sent = await hub.SendAsync(room, $"message {i}");
            await ApiClient.EnsureSuccessAsync(await alice.ReactAsync(room, sent.Id, "👀"));
            changed.Add(sent.Id);
        }

        var visited = new List<long>();
        var (after, pages) = (0L, 0);
        MessagePage page;
        do
        {
            page = await alice.ChangesAsync(room, after, limit: 2);
            visited.AddRange(page.Messages.Select(m => m.Id));
            after = page.ChangeSeq;
            pages++;
        }
        while (page.HasMore);

        Assert.Equal(changed, visited);
        Assert.Equal(3, pages);
    }

    /// <summary>History pages report the conversation's change sequence, read before the messages: later changes are all after it.</summary>
    [Fact]
    public async Task History_ReportsTheChangeSequence_LaterChangesComeAfterIt()
    {
        using var alice = await fixture.UserAsync("alice");
        var room = await RoomAsync(alice, null);
        await using var hub = await alice.ConnectHubAsync();
        var sent = await hub.SendAsync(room, "first");
        await ApiClient.EnsureSuccessAsync(await alice.ReactAsync(room, sent.Id, "✅"));
        var page = await alice.MessagesAsync(room);

        var edited = await ApiClient.ReadAsync<MessageDto>(alice.EditAsync(room, sent.Id, "first, edited"));

        Assert.Equal(page.Messages.Single(m => m.Id == sent.Id).ChangeSeq, page.ChangeSeq);
        Assert.Equal(page.ChangeSeq + 1, edited.ChangeSeq);
        Assert.Equal([sent.Id], (await alice.ChangesAsync(room, page.ChangeSeq)).Messages.Select(m => m.Id));
    }
}
