using Parley.Messages;
using Parley.Rooms;

namespace Parley.Tests.Integration;

[Collection(SharedServer.Name)]
public sealed class SmokeTests(ServerFixture fixture)
{
    [Fact]
    public async Task TwoUsers_ChatInAPublicRoom_BothSeeTheMessageLive()
    {
        using var alice = await fixture.UserAsync("alice");
        using var bob = await fixture.UserAsync("bob");
        var room = await ApiClient.ReadAsync<RoomDto>(alice.PostAsync("/api/rooms", new { name = "general", visibility = "public" }));
        await ApiClient.ReadAsync<RoomDto>(bob.PostAsync($"/api/rooms/{room.Id}/join"));

        await using var aliceHub = await alice.ConnectHubAsync();
        await using var bobHub = await bob.ConnectHubAsync();
        var sent = await aliceHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = "hello bob" });

        var received = await bobHub.WaitForAsync<MessageDto>("messageReceived", m => m.Id == sent.Id);
        Assert.Equal("hello bob", received.Text);
        Assert.Equal(alice.Username, received.Author.Username);
        var history = await ApiClient.ReadAsync<MessagePage>(bob.GetAsync($"/api/rooms/{room.Id}/messages"));
        Assert.Contains(history.Messages, m => m.Id == sent.Id);
    }
}
