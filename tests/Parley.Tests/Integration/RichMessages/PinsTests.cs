using static Parley.Tests.Integration.RichMessages.MessageChangeCalls;

namespace Parley.Tests.Integration.RichMessages;

[Collection(SharedServer.Name)]
public sealed class PinsTests(ServerFixture fixture)
{
    /// <summary>
    /// In a room the owner and admins pin and unpin, plain members cannot; pins reach members live and are listed
    /// newest pin first; pinning a pinned message or unpinning an unpinned one changes nothing.
    /// </summary>
    [Fact]
    public async Task Pin_InARoom_ByOwnerAndAdmins_ListedAndLive()
    {
        using var owner = await fixture.UserAsync("owner");
        using var admin = await fixture.UserAsync("admin");
        using var member = await fixture.UserAsync("member");
        var room = await RoomAsync(owner, admin, member);
        await using var memberHub = await member.ConnectHubAsync();
        var (first, second) = (await memberHub.SendAsync(room, "rules"), await memberHub.SendAsync(room, "schedule"));

        Assert.Equal((403, "insufficient_role"), await (await member.PinAsync(room, first.Id)).StatusAndCodeAsync());
        var pinned = await ApiClient.ReadAsync<MessageDto>(admin.PinAsync(room, first.Id));
        await ApiClient.ReadAsync<MessageDto>(owner.PinAsync(room, second.Id));
        var again = await ApiClient.ReadAsync<MessageDto>(owner.PinAsync(room, first.Id));
        var live = await memberHub.WaitForAsync<MessageDto>("pinsChanged", m => m.Id == first.Id);

        Assert.Equal(admin.Id, pinned.Pinned!.By.Id);
        Assert.Equal((admin.Id, pinned.ChangeSeq), (again.Pinned!.By.Id, again.ChangeSeq));
        Assert.Equal(pinned.Pinned, live.Pinned);
        Assert.Equal([second.Id, first.Id], (await member.PinsAsync(room)).Select(m => m.Id));

        Assert.Equal((403, "insufficient_role"), await (await member.UnpinAsync(room, first.Id)).StatusAndCodeAsync());
        Assert.Equal(204, (int)(await admin.UnpinAsync(room, first.Id)).StatusCode);
        Assert.Equal(204, (int)(await admin.UnpinAsync(room, first.Id)).StatusCode);
        var unpinned = await memberHub.WaitForAsync<MessageDto>("pinsChanged", m => m.Id == first.Id && m.Pinned is null);
        Assert.Equal([second.Id], (await member.PinsAsync(room)).Select(m => m.Id));
        Assert.Null((await member.InHistoryAsync(room, first.Id)).Pinned);
        Assert.True(unpinned.ChangeSeq > live.ChangeSeq);
    }

    /// <summary>In a direct conversation either participant pins.</summary>
    [Fact]
    public async Task Pin_InADirectConversation_ByEitherParticipant()
    {
        using var alice = await fixture.UserAsync("alice");
        using var bob = await fixture.UserAsync("bob");
        var dm = await alice.OpenDirectAsync(bob.Username);
        await using var hub = await alice.ConnectHubAsync();
        var sent = await hub.SendAsync(dm.Id, "the address");

        var pinned = await ApiClient.ReadAsync<MessageDto>(bob.PinAsync(dm.Id, sent.Id));

        Assert.Equal(bob.Id, pinned.Pinned!.By.Id);
        Assert.Equal([sent.Id], (await alice.PinsAsync(dm.Id)).Select(m => m.Id));
    }

    /// <summary>At most 50 pinned messages per conversation.</summary>
    [Fact]
    public async Task Pin_The51st_IsRefused()
    {
        using var alice = await fixture.UserAsync("alice");
        var room = await RoomAsync(alice, null);
        await using var hub = await alice.ConnectHubAsync();
        var messages = new List<MessageDto>();
        for (var i = 0; i <= 50; i++)
        {
            messages.Add(await hub.SendAsync(room, $"note {i}"));
        }

        foreach (var message in messages[..50])
        {
            await ApiClient.ReadAsync<MessageDto>(alice.PinAsync(room, message.Id));
        }

        Assert.Equal((409, "too_many_pins"), await (await alice.PinAsync(room, messages[50].Id)).StatusAndCodeAsync());
        Assert.Equal(50, (await alice.PinsAsync(room)).Count);
    }

    /// <summary>
    /// The limit holds against pins that arrive together: with 45 pinned, ten at once pin exactly five. On PostgreSQL
    /// (whose writers do not wait for each other as SQLite's do) each would otherwise count 45 and pass.
    /// </summary>
    [Fact]
    public async Task Pin_TenAtOnceWithFiveLeft_PinsExactlyFive()
    {
        using var alice = await fixture.UserAsync("alice");
        var room = await RoomAsync(alice, null);
        await using var hub = await alice.ConnectHubAsync();
        var messages = new List<MessageDto>();
        for (var i = 0; i < 55; i++)
        {
            messages.Add(await hub.SendAsync(room, $"note {i}"));
        }

        foreach (var message in messages[..45])
        {
            await ApiClient.ReadAsync<MessageDto>(alice.PinAsync(room, message.Id));
        }

        var answers = await Task.WhenAll(messages[45..].Select(m => ProblemExtensions.OutcomeAsync(alice.PinAsync(room, m.Id))));

        Assert.Equal(5, answers.Count(a => a == (200, "")));
        Assert.Equal(5, answers.Count(a => a == (409, "too_many_pins")));
        Assert.Equal(50, (await alice.PinsAsync(room)).Count);
    }
}
