using static Parley.Tests.Integration.RichMessages.MessageChangeCalls;

namespace Parley.Tests.Integration.RichMessages;

[Collection(SharedServer.Name)]
public sealed class ReactionsTests(ServerFixture fixture)
{
    /// <summary>
    /// Reacting is idempotent: the same reaction again changes nothing and announces nothing. Counts and reactors are
    /// per emoji in the order each was first used; members see changes live, people outside the room do not.
    /// </summary>
    [Fact]
    public async Task React_Twice_CountsOnce_LiveForMembersOnly()
    {
        using var alice = await fixture.UserAsync("alice");
        using var bob = await fixture.UserAsync("bob");
        using var outsider = await fixture.UserAsync("outsider");
        var room = await RoomAsync(alice, null, bob);
        var shared = await RoomAsync(alice, null, outsider);
        await using var aliceHub = await alice.ConnectHubAsync();
        await using var bobHub = await bob.ConnectHubAsync();
        await using var outsiderHub = await outsider.ConnectHubAsync();
        var sent = await aliceHub.SendAsync(room, "ship it?");

        await ApiClient.ReadAsync<MessageDto>(bob.ReactAsync(room, sent.Id, "👍"));
        var again = await ApiClient.ReadAsync<MessageDto>(bob.ReactAsync(room, sent.Id, "👍"));
        await ApiClient.ReadAsync<MessageDto>(alice.ReactAsync(room, sent.Id, "🎉"));
        var last = await ApiClient.ReadAsync<MessageDto>(alice.ReactAsync(room, sent.Id, "👍"));

        Assert.Equal(["👍", "🎉"], last.Reactions.Select(r => r.Emoji));
        Assert.Equal([bob.Id, alice.Id], last.Reactions[0].Users.Select(u => u.Id));
        Assert.Equal([2, 1], last.Reactions.Select(r => r.Count));
        Assert.Equal(again.ChangeSeq + 2, last.ChangeSeq);
        await aliceHub.WaitForAsync<MessageDto>("reactionsChanged", m => m.Id == sent.Id && m.ChangeSeq == last.ChangeSeq);
        await bobHub.SendBarrierAsync(room, aliceHub);
        Assert.Equal(3, aliceHub.EventsOf<MessageDto>("reactionsChanged").Count(m => m.Id == sent.Id));
        await aliceHub.SendBarrierAsync(shared, outsiderHub);
        Assert.Empty(outsiderHub.EventsOf<MessageDto>("reactionsChanged"));
    }

    /// <summary>Taking a reaction back removes the caller's own only; taking back one that is not there changes nothing.</summary>
    [Fact]
    public async Task Unreact_RemovesOnlyTheCallersOwn_AndIsIdempotent()
    {
        using var alice = await fixture.UserAsync("alice");
        using var bob = await fixture.UserAsync("bob");
        var room = await RoomAsync(alice, null, bob);
        await using var hub = await alice.ConnectHubAsync();
        var sent = await hub.SendAsync(room, "hello");
        await ApiClient.ReadAsync<MessageDto>(alice.ReactAsync(room, sent.Id, "❤️"));
        await ApiClient.ReadAsync<MessageDto>(bob.ReactAsync(room, sent.Id, "❤️"));

        var afterBob = await ApiClient.ReadAsync<MessageDto>(bob.UnreactAsync(room, sent.Id, "❤️"));
        var again = await ApiClient.ReadAsync<MessageDto>(bob.UnreactAsync(room, sent.Id, "❤️"));

        Assert.Equal([alice.Id], afterBob.Reactions.Single().Users.Select(u => u.Id));
        Assert.Equal(afterBob.ChangeSeq, again.ChangeSeq);
    }

    /// <summary>A reaction is one emoji: text, digits, several emoji or an emoji with text are refused.</summary>
    [Theory]
    [InlineData("a")]
    [InlineData("1")]
    [InlineData("ok")]
    [InlineData("👍👍")]
    [InlineData("👍!")]
    public async Task React_WithSomethingElseThanOneEmoji_IsRefused(string notOneEmoji)
    {
        using var alice = await fixture.UserAsync("alice");
        var room = await RoomAsync(alice, null);
        await using var hub = await alice.ConnectHubAsync();
        var sent = await hub.SendAsync(room, "hello");

        Assert.Equal((400, "validation_failed"), await (await alice.ReactAsync(room, sent.Id, notOneEmoji)).StatusAndCodeAsync());
    }

    /// <summary>At most 20 different emoji on a message; more people may still join one that is there.</summary>
    [Fact]
    public async Task React_WithA21stDifferentEmoji_IsRefused()
    {
        using var alice = await fixture.UserAsync("alice");
        using var bob = await fixture.UserAsync("bob");
        var room = await RoomAsync(alice, null, bob);
        await using var hub = await alice.ConnectHubAsync();
        var sent = await hub.SendAsync(room, "react away");
        string[] emoji = ["😀", "😁", "😂", "🤣", "😃", "😄", "😅", "😆", "😉", "😊", "😋", "😎", "😍", "😘", "🥰", "😗", "😙", "😚", "🙂", "🤗", "🤩"];
        foreach (var e in emoji[..20])
        {
            await ApiClient.ReadAsync<MessageDto>(alice.ReactAsync(room, sent.Id, e));
        }

        Assert.Equal((409, "too_many_reactions"), await (await bob.ReactAsync(room, sent.Id, emoji[20])).StatusAndCodeAsync());
        Assert.Equal(2, (await ApiClient.ReadAsync<MessageDto>(bob.ReactAsync(room, sent.Id, emoji[0]))).Reactions[0].Count);
    }

    /// <summary>
    /// The limit holds against reactions that arrive together: with 17 different emoji on a message, six new ones at
    /// once add exactly three. On PostgreSQL each would otherwise count 17 and pass.
    /// </summary>
    [Fact]
    public async Task React_SixNewEmojiAtOnceWithThreeLeft_AddsExactlyThree()
    {
        using var alice = await fixture.UserAsync("alice");
        var room = await RoomAsync(alice, null);
        await using var hub = await alice.ConnectHubAsync();
        var sent = await hub.SendAsync(room, "react away");
        string[] emoji = ["😀", "😁", "😂", "🤣", "😃", "😄", "😅", "😆", "😉", "😊", "😋", "😎", "😍", "😘", "🥰", "😗", "😙", "😚", "🙂", "🤗", "🤩", "🤔", "🤨"];
        foreach (var e in emoji[..17])
        {
            await ApiClient.ReadAsync<MessageDto>(alice.ReactAsync(room, sent.Id, e));
        }

        var answers = await Task.WhenAll(emoji[17..].Select(e => ProblemExtensions.OutcomeAsync(alice.ReactAsync(room, sent.Id, e))));
        var message = await alice.InHistoryAsync(room, sent.Id);

        Assert.Equal(3, answers.Count(a => a == (200, "")));
        Assert.Equal(3, answers.Count(a => a == (409, "too_many_reactions")));
        Assert.Equal(20, message.Reactions.Count);
    }

    /// <summary>Reacting is writing: in a direct conversation a block stops it, on both sides.</summary>
    [Fact]
    public async Task React_InADirectConversationWithABlock_IsRefused()
    {
        using var alice = await fixture.UserAsync("alice");
        using var bob = await fixture.UserAsync("bob");
        var dm = await alice.OpenDirectAsync(bob.Username);
        await using var hub = await alice.ConnectHubAsync();
        var sent = await hub.SendAsync(dm.Id, "hi");
        await ApiClient.EnsureSuccessAsync(await alice.PutAsync($"/api/users/{bob.Username}/block", new { }));

        Assert.Equal((403, "cannot_message"), await (await bob.ReactAsync(dm.Id, sent.Id, "👍")).StatusAndCodeAsync());
        Assert.Equal((409, "you_blocked"), await (await alice.ReactAsync(dm.Id, sent.Id, "👍")).StatusAndCodeAsync());
    }

    /// <summary>Reactions have their own per-user allowance (Parley:RateLimits:Reactions): beyond its burst, 429 rate_limited.</summary>
    [Fact]
    public async Task React_FasterThanTheAllowance_IsLimited()
    {
        await using var server = await ParleyServer.StartAsync(new Dictionary<string, string>
        {
            ["Parley:RateLimits:Reactions:Burst"] = "2",
            ["Parley:RateLimits:Reactions:PerMinute"] = "1",
        });
        using var alice = await ApiClient.RegisterAsync(server);
        var room = await alice.CreateRoomAsync();
        await using var hub = await alice.ConnectHubAsync();
        var sent = await hub.SendAsync(room.Id, "click click click");
        await ApiClient.ReadAsync<MessageDto>(alice.ReactAsync(room.Id, sent.Id, "👍"));
        await ApiClient.ReadAsync<MessageDto>(alice.UnreactAsync(room.Id, sent.Id, "👍"));

        using var third = await alice.ReactAsync(room.Id, sent.Id, "👍");

        Assert.Equal((429, "rate_limited"), await third.StatusAndCodeAsync());
        Assert.NotNull(third.Headers.RetryAfter);
    }

    /// <summary>A deleted message takes its reactions with it and takes no new ones.</summary>
    [Fact]
    public async Task React_ToADeletedMessage_IsRefused()
    {
        using var alice = await fixture.UserAsync("alice");
        var room = await RoomAsync(alice, null);
        await using var hub = await alice.ConnectHubAsync();
        var sent = await hub.SendAsync(room, "soon gone");
        await ApiClient.ReadAsync<MessageDto>(alice.ReactAsync(room, sent.Id, "👋"));
        await ApiClient.EnsureSuccessAsync(await alice.DeleteMessageAsync(room, sent.Id));

        Assert.Equal((409, "message_deleted"), await (await alice.ReactAsync(room, sent.Id, "👋")).StatusAndCodeAsync());
        Assert.Empty((await alice.InHistoryAsync(room, sent.Id)).Reactions);
    }
}
