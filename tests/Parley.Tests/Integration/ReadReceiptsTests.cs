using Parley.Realtime;

namespace Parley.Tests.Integration;

/// <summary>
/// Read receipts are mutual, as in the apps Parley replaces: who keeps their own reading private sees nobody else's,
/// through the API and through live events alike — not only because the web client hides them.
/// </summary>
[Collection(SharedServer.Name)]
public sealed class ReadReceiptsTests(ServerFixture fixture)
{
    [Fact]
    public async Task SeenBy_WithOwnReceiptsOff_IsRefused_AndWithThemOn_ListsReaders()
    {
        using var alice = await fixture.UserAsync();
        using var bob = await fixture.UserAsync();
        var room = await alice.CreateRoomAsync();
        await bob.JoinAsync(room.Id);
        await using var aliceHub = await alice.ConnectHubAsync();
        var message = await aliceHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = "did you read this?" });
        await ApiClient.ReadAsync<ConversationStateDto>(bob.PostAsync($"/api/conversations/{room.Id}/read", new { messageId = message.Id }));
        var seenByPath = $"/api/conversations/{room.Id}/messages/{message.Id}/seen-by";
        Assert.Equal([bob.Id], (await ApiClient.ReadAsync<List<UserSummary>>(alice.GetAsync(seenByPath))).Select(u => u.Id));

        await ApiClient.ReadAsync<UserSettingsDto>(alice.PatchAsync("/api/me/settings", new { sendReadReceipts = false }));
        using var refused = await alice.GetAsync(seenByPath);

        var problem = await refused.ReadProblemAsync();
        Assert.Equal((403, "read_receipts_off"), (problem.Status, problem.Code));
        Assert.Contains("mutual", problem.Detail, StringComparison.Ordinal);
    }

    /// <summary>The readReceipt event reaches the members who share receipts, and no one else (every tab of theirs included).</summary>
    [Fact]
    public async Task ReadReceiptEvent_IsNotDeliveredToMembersWhoseReceiptsAreOff()
    {
        using var alice = await fixture.UserAsync();
        using var bob = await fixture.UserAsync();
        using var carol = await fixture.UserAsync();
        var room = await alice.CreateRoomAsync();
        await bob.JoinAsync(room.Id);
        await carol.JoinAsync(room.Id);
        await ApiClient.ReadAsync<UserSettingsDto>(carol.PatchAsync("/api/me/settings", new { sendReadReceipts = false }));
        await using var aliceHub = await alice.ConnectHubAsync();
        await using var carolHub = await carol.ConnectHubAsync();
        var message = await aliceHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = "read me" });

        await ApiClient.ReadAsync<ConversationStateDto>(bob.PostAsync($"/api/conversations/{room.Id}/read", new { messageId = message.Id }));

        await aliceHub.WaitForAsync<ReadReceiptEvent>("readReceipt", r => r.ConversationId == room.Id && r.UserId == bob.Id);
        // Everything published before this message reaches Carol before it.
        var barrier = await aliceHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = "barrier" });
        await carolHub.WaitForAsync<MessageDto>("messageReceived", m => m.Id == barrier.Id);
        Assert.Empty(carolHub.EventsOf<ReadReceiptEvent>("readReceipt"));
    }

    /// <summary>Turning receipts back on shows others' again, live: the server follows the setting, not the session.</summary>
    [Fact]
    public async Task ReadReceiptEvent_FollowsTheSettingAsItChanges()
    {
        using var alice = await fixture.UserAsync();
        using var bob = await fixture.UserAsync();
        var dm = await alice.OpenDirectAsync(bob.Username);
        await using var aliceHub = await alice.ConnectHubAsync();
        var first = await aliceHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = dm.Id, text = "one" });
        var second = await aliceHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = dm.Id, text = "two" });

        await ApiClient.ReadAsync<UserSettingsDto>(alice.PatchAsync("/api/me/settings", new { sendReadReceipts = false }));
        await ApiClient.ReadAsync<ConversationStateDto>(bob.PostAsync($"/api/conversations/{dm.Id}/read", new { messageId = first.Id }));
        await ApiClient.ReadAsync<UserSettingsDto>(alice.PatchAsync("/api/me/settings", new { sendReadReceipts = true }));
        await aliceHub.WaitForAsync<UserSettingsDto>("settingsChanged", s => s.SendReadReceipts);
        await ApiClient.ReadAsync<ConversationStateDto>(bob.PostAsync($"/api/conversations/{dm.Id}/read", new { messageId = second.Id }));

        await aliceHub.WaitForAsync<ReadReceiptEvent>("readReceipt", r => r.LastReadMessageId == second.Id);
        Assert.DoesNotContain(aliceHub.EventsOf<ReadReceiptEvent>("readReceipt"), r => r.LastReadMessageId == first.Id);
    }
}
