
namespace Parley.Tests.Integration;

[Collection(SharedServer.Name)]
public sealed class HistoryTests(ServerFixture fixture)
{
    [Fact]
    public async Task Paging_BackwardsFromTheNewest_VisitsEveryMessageOnceInOrder()
    {
        using var alice = await fixture.UserAsync();
        var room = await alice.CreateRoomAsync();
        await SendAsync(alice, room.Id, 120);

        var newest = await alice.MessagesAsync(room.Id);
        var older = await alice.MessagesAsync(room.Id, $"?before={newest.Messages[0].Id}");
        var oldest = await alice.MessagesAsync(room.Id, $"?before={older.Messages[0].Id}");

        Assert.Equal((50, true), (newest.Messages.Count, newest.HasMore));
        Assert.Equal((50, true), (older.Messages.Count, older.HasMore));
        Assert.Equal((21, false), (oldest.Messages.Count, oldest.HasMore)); // 20 + "created the room"
        var all = oldest.Messages.Concat(older.Messages).Concat(newest.Messages).ToList();
        Assert.Equal(all.Select(m => m.Id).Order(), all.Select(m => m.Id));
        Assert.Equal(121, all.Select(m => m.Id).Distinct().Count());
        Assert.Equal("message 119", newest.Messages[^1].Text);
    }

    [Fact]
    public async Task Paging_After_CatchesUpOldestFirst_WithALimit()
    {
        using var alice = await fixture.UserAsync();
        var room = await alice.CreateRoomAsync();
        var sent = await SendAsync(alice, room.Id, 30);

        var page = await alice.MessagesAsync(room.Id, $"?after={sent[9].Id}&limit=15");
        var rest = await alice.MessagesAsync(room.Id, $"?after={page.Messages[^1].Id}&limit=15");

        Assert.Equal(sent.Skip(10).Take(15).Select(m => m.Id), page.Messages.Select(m => m.Id));
        Assert.True(page.HasMore);
        Assert.Equal(sent.Skip(25).Select(m => m.Id), rest.Messages.Select(m => m.Id));
        Assert.False(rest.HasMore);
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=101", "limit")]
    [InlineData("?before=5&after=2", "after")]
    public async Task Paging_BadParameters_AreFieldErrors(string query, string field)
    {
        using var alice = await fixture.UserAsync();
        var room = await alice.CreateRoomAsync();

        using var response = await alice.GetAsync($"/api/rooms/{room.Id}/messages{query}");

        Assert.True((await response.ReadProblemAsync()).Errors.ContainsKey(field));
    }

    [Fact]
    public async Task Paging_NonNumericCursor_IsAClearError()
    {
        using var alice = await fixture.UserAsync();
        var room = await alice.CreateRoomAsync();

        using var response = await alice.GetAsync($"/api/rooms/{room.Id}/messages?before=yesterday");

        var problem = await response.ReadProblemAsync();
        Assert.Equal(400, problem.Status);
        Assert.Contains("before", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconnect_CatchingUpWithAfter_GetsEveryMissedMessageExactlyOnce()
    {
        using var alice = await fixture.UserAsync("alice");
        using var bob = await fixture.UserAsync("bob");
        var room = await alice.CreateRoomAsync();
        await bob.JoinAsync(room.Id);
        var aliceHub = await alice.ConnectHubAsync();
        await using var bobHub = await bob.ConnectHubAsync();
        var seen = await bobHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = "before the drop" });
        await aliceHub.WaitForAsync<MessageDto>("messageReceived", m => m.Id == seen.Id);
        var lastSeenId = aliceHub.EventsOf<MessageDto>("messageReceived").Max(m => m.Id);

        await aliceHub.DisposeAsync(); // the connection drops
        var missed = new List<MessageDto>();
        for (var i = 0; i < 7; i++)
        {
            missed.Add(await bobHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = $"while away {i}" }));
        }

        await using var reconnected = await alice.ConnectHubAsync();
        var live = await bobHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = "after the return" });
        var caughtUp = await alice.MessagesAsync(room.Id, $"?after={lastSeenId}");
        await reconnected.WaitForAsync<MessageDto>("messageReceived", m => m.Id == live.Id);

        // What the client shows: catch-up merged with live events by id.
        var shown = caughtUp.Messages.Concat(reconnected.EventsOf<MessageDto>("messageReceived")).DistinctBy(m => m.Id).OrderBy(m => m.Id).Select(m => m.Text).ToList();
        Assert.Equal([.. missed.Select(m => m.Text), "after the return"], shown);
    }

    private static async Task<List<MessageDto>> SendAsync(ApiClient user, long roomId, int count)
    {
        await using var hub = await user.ConnectHubAsync();
        var sent = new List<MessageDto>();
        for (var i = 0; i < count; i++)
        {
            sent.Add(await hub.InvokeAsync<MessageDto>("SendMessage", new { roomId, text = $"message {i}" }));
        }

        return sent;
    }
}
