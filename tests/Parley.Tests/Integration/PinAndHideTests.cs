namespace Parley.Tests.Integration;

[Collection(SharedServer.Name)]
public sealed class PinAndHideTests(ServerFixture fixture)
{
    /// <summary>A pin is the user's own: it reaches their other devices live, is there after a reload, and nobody else sees it.</summary>
    [Fact]
    public async Task Pin_ReachesTheUsersOtherDevicesLive_SurvivesAReload_AndIsTheirsAlone()
    {
        using var alice = await fixture.UserAsync();
        using var bob = await fixture.UserAsync();
        var room = await alice.CreateRoomAsync(name: ApiClient.UniqueName("pinned"));
        await bob.JoinAsync(room.Id);
        await using var phone = await alice.ConnectHubAsync();

        var answer = await ApiClient.ReadAsync<ConversationStateDto>(alice.PutAsync($"/api/conversations/{room.Id}/pin", new { pinned = true }));

        Assert.NotNull(answer.PinnedAt);
        var pushed = await phone.WaitForAsync<ConversationStateDto>("conversationStateChanged", s => s.ConversationId == room.Id && s.PinnedAt is not null);
        Assert.Equal(answer.PinnedAt, pushed.PinnedAt);
        Assert.Equal(answer.PinnedAt, Assert.Single(await alice.ConversationsAsync()).PinnedAt);
        Assert.Null(Assert.Single(await bob.ConversationsAsync()).PinnedAt);

        await ApiClient.ReadAsync<ConversationStateDto>(alice.PutAsync($"/api/conversations/{room.Id}/pin", new { pinned = false }));

        await phone.WaitForAsync<ConversationStateDto>("conversationStateChanged", s => s.ConversationId == room.Id && s.PinnedAt is null);
        Assert.Null(Assert.Single(await alice.ConversationsAsync()).PinnedAt);
    }

    /// <summary>Pinning what is pinned already keeps when it was first pinned, so the order of pins does not shuffle.</summary>
    [Fact]
    public async Task Pin_Again_KeepsWhenItWasFirstPinned()
    {
        using var alice = await fixture.UserAsync();
        var room = await alice.CreateRoomAsync(name: ApiClient.UniqueName("pinned"));

        var first = await ApiClient.ReadAsync<ConversationStateDto>(alice.PutAsync($"/api/conversations/{room.Id}/pin", new { pinned = true }));
        var again = await ApiClient.ReadAsync<ConversationStateDto>(alice.PutAsync($"/api/conversations/{room.Id}/pin", new { pinned = true }));

        Assert.NotNull(first.PinnedAt);
        Assert.Equal(first.PinnedAt, again.PinnedAt);
    }

    /// <summary>
    /// Hiding reaches every device of the user, lasts across a reload, and ends by itself with the next message: the
    /// list then has a last message newer than what was hidden, on every device, with no call to show it again.
    /// </summary>
    [Fact]
    public async Task Hide_ReachesEveryDevice_AndTheConversationComesBackWithANewerMessage()
    {
        using var alice = await fixture.UserAsync();
        using var bob = await fixture.UserAsync();
        var dm = await alice.OpenDirectAsync(bob.Username);
        await using var aliceHub = await alice.ConnectHubAsync();
        await using var phone = await alice.ConnectHubAsync();
        await using var bobHub = await bob.ConnectHubAsync();
        var old = await aliceHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = dm.Id, text = "old news" });

        var hidden = await ApiClient.ReadAsync<ConversationStateDto>(alice.PutAsync($"/api/conversations/{dm.Id}/hidden", new { hidden = true }));

        Assert.Equal(old.Id, hidden.HiddenUpToMessageId);
        Assert.Equal(old.Id, (await phone.WaitForAsync<ConversationStateDto>("conversationStateChanged", s => s.ConversationId == dm.Id && s.HiddenUpToMessageId is not null)).HiddenUpToMessageId);
        var reloaded = Assert.Single(await alice.ConversationsAsync());
        Assert.Equal(old.Id, reloaded.HiddenUpToMessageId);
        Assert.Equal(old.Id, reloaded.LastMessage!.Id);
        Assert.Null(Assert.Single(await bob.ConversationsAsync()).HiddenUpToMessageId);

        var news = await bobHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = dm.Id, text = "news" });

        Assert.True((await phone.WaitForAsync<MessageDto>("messageReceived", m => m.Id == news.Id)).Id > hidden.HiddenUpToMessageId);
        var after = Assert.Single(await alice.ConversationsAsync());
        Assert.Equal(news.Id, after.LastMessage!.Id);
        Assert.True(after.LastMessage.Id > after.HiddenUpToMessageId, "A message newer than the hidden ones brings the conversation back.");
    }

    /// <summary>Hiding a pinned conversation unpins it (a pin promises it stays in view); showing it again clears the hide on every device.</summary>
    [Fact]
    public async Task Hide_UnpinsIt_AndShowingItAgainClearsTheHide()
    {
        using var alice = await fixture.UserAsync();
        var room = await alice.CreateRoomAsync(name: ApiClient.UniqueName("hidden"));
        await using var phone = await alice.ConnectHubAsync();
        await ApiClient.ReadAsync<ConversationStateDto>(alice.PutAsync($"/api/conversations/{room.Id}/pin", new { pinned = true }));

        var hidden = await ApiClient.ReadAsync<ConversationStateDto>(alice.PutAsync($"/api/conversations/{room.Id}/hidden", new { hidden = true }));
        var shown = await ApiClient.ReadAsync<ConversationStateDto>(alice.PutAsync($"/api/conversations/{room.Id}/hidden", new { hidden = false }));

        Assert.Null(hidden.PinnedAt);
        Assert.NotNull(hidden.HiddenUpToMessageId);
        Assert.Null(shown.HiddenUpToMessageId);
        await phone.WaitForAsync<ConversationStateDto>("conversationStateChanged", s => s.ConversationId == room.Id && s.HiddenUpToMessageId is null && s.PinnedAt is null);
        var listed = Assert.Single(await alice.ConversationsAsync());
        Assert.Equal((null, null), (listed.PinnedAt, listed.HiddenUpToMessageId));
    }

    /// <summary>Pin and hide say what they want: a body without the flag changes nothing and says which field is missing.</summary>
    [Fact]
    public async Task PinAndHide_WithoutAValue_AreRefusedAsInvalid()
    {
        using var alice = await fixture.UserAsync();
        var room = await alice.CreateRoomAsync(name: ApiClient.UniqueName("pinned"));

        using var pin = await alice.PutAsync($"/api/conversations/{room.Id}/pin", new { });
        using var hide = await alice.PutAsync($"/api/conversations/{room.Id}/hidden", new { });

        Assert.Contains("pinned", (await pin.ReadProblemAsync()).Errors.Keys);
        Assert.Contains("hidden", (await hide.ReadProblemAsync()).Errors.Keys);
        var listed = Assert.Single(await alice.ConversationsAsync());
        Assert.Equal((null, null), (listed.PinnedAt, listed.HiddenUpToMessageId));
    }
}
