using Microsoft.AspNetCore.SignalR;

namespace Parley.Tests.Integration;

/// <summary>
/// A clientMessageId makes a resend safe, and only a resend: the same id for anything but the same message in the
/// same conversation is refused, never acknowledged as if it were stored.
/// </summary>
[Collection(SharedServer.Name)]
public sealed class ClientMessageIdTests(ServerFixture fixture)
{
    /// <summary>Found by the audit: reusing an id in another room was "acknowledged" with the earlier room's message while nothing was stored.</summary>
    [Fact]
    public async Task SendMessage_SameClientMessageIdInAnotherConversation_IsRefusedAndStoresNothing()
    {
        using var alice = await fixture.UserAsync();
        var first = await alice.CreateRoomAsync();
        var second = await alice.CreateRoomAsync();
        await using var hub = await alice.ConnectHubAsync();
        var clientMessageId = Guid.NewGuid().ToString();
        var stored = await hub.InvokeAsync<MessageDto>("SendMessage", new { roomId = first.Id, text = "hello", clientMessageId });

        var refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("SendMessage", new { roomId = second.Id, text = "hello", clientMessageId }));

        Assert.Equal("client_message_id_reused", refused.Code());
        Assert.DoesNotContain((await alice.MessagesAsync(second.Id)).Messages, m => m.ClientMessageId == clientMessageId);
        Assert.Equal(stored.Id, Assert.Single((await alice.MessagesAsync(first.Id)).Messages, m => m.ClientMessageId == clientMessageId).Id);
    }

    [Fact]
    public async Task SendMessage_SameClientMessageIdWithOtherText_IsRefused_TheFirstMessageStays()
    {
        using var alice = await fixture.UserAsync();
        var room = await alice.CreateRoomAsync();
        await using var hub = await alice.ConnectHubAsync();
        var clientMessageId = Guid.NewGuid().ToString();
        await hub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = "the first text", clientMessageId });

        var refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("SendMessage", new { roomId = room.Id, text = "another text", clientMessageId }));

        Assert.Equal("client_message_id_reused", refused.Code());
        Assert.Equal("the first text", Assert.Single((await alice.MessagesAsync(room.Id)).Messages, m => m.ClientMessageId == clientMessageId).Text);
    }

    /// <summary>Ids belong to their author: another person's message with the same id is theirs, and stored for each.</summary>
    [Fact]
    public async Task SendMessage_TwoPeopleWithTheSameClientMessageId_EachStoreTheirOwn()
    {
        using var alice = await fixture.UserAsync();
        using var bob = await fixture.UserAsync();
        var room = await alice.CreateRoomAsync();
        await bob.JoinAsync(room.Id);
        await using var aliceHub = await alice.ConnectHubAsync();
        await using var bobHub = await bob.ConnectHubAsync();
        var clientMessageId = Guid.NewGuid().ToString();

        var fromAlice = await aliceHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = "same id", clientMessageId });
        var fromBob = await bobHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = "same id", clientMessageId });

        Assert.NotEqual(fromAlice.Id, fromBob.Id);
        Assert.Equal(2, (await alice.MessagesAsync(room.Id)).Messages.Count(m => m.ClientMessageId == clientMessageId));
    }
}
