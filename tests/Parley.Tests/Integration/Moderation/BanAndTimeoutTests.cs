using System.Net;
using Microsoft.AspNetCore.SignalR;
using Parley.Audit;
using Parley.Moderation;
using Parley.Realtime;
using Parley.Rooms;

namespace Parley.Tests.Integration.Moderation;

/// <summary>Bans keep someone out of a room until unbanned; timeouts keep a member quiet for a while. Both follow the rules for removing members.</summary>
[Collection(SharedServer.Name)]
public sealed class BanAndTimeoutTests(ServerFixture fixture)
{
    /// <summary>
    /// A ban removes the member at once (they and the room hear memberLeft, reason banned) and survives every attempt
    /// to rejoin a public room: by id, by name and through an invite link; the room's page says why.
    /// </summary>
    [Fact]
    public async Task Ban_PublicRoom_RemovesLive_AndEveryWayBackIsRefused()
    {
        await using var scene = await ModerationScene.CreateAsync(fixture.Server);
        var invite = await ApiClient.ReadAsync<InviteDto>(scene.Owner.PostAsync($"/api/rooms/{scene.Room.Id}/invites"));

        var ban = await ApiClient.ReadAsync<BanDto>(scene.Admin.PostAsync($"/api/rooms/{scene.Room.Id}/bans", new { userId = scene.Writer.Id, reason = "Insults" }));

        Assert.Equal((scene.Writer.Id, "Insults"), (ban.User.Id, ban.Reason));
        var left = await scene.WriterHub.WaitForAsync<MemberLeftEvent>("memberLeft", e => e.RoomId == scene.Room.Id);
        Assert.Equal(MemberLeftReason.Banned, left.Reason);
        await scene.OwnerHub.WaitForAsync<MemberLeftEvent>("memberLeft", e => e.User.Id == scene.Writer.Id && e.Reason == MemberLeftReason.Banned);
        Assert.DoesNotContain(await scene.Owner.MembersAsync(scene.Room.Id), m => m.User.Id == scene.Writer.Id);

        using var byId = await scene.Writer.PostAsync($"/api/rooms/{scene.Room.Id}/join");
        using var byName = await scene.Writer.PostAsync("/api/rooms/join", new { name = scene.Room.Name });
        using var byInvite = await scene.Writer.PostAsync($"/api/invites/{invite.Code}/accept");
        using var preview = await scene.Writer.GetAsync($"/api/rooms/{scene.Room.Id}");
        using var history = await scene.Writer.GetAsync($"/api/rooms/{scene.Room.Id}/messages");

        foreach (var refused in new[] { byId, byName, byInvite, preview, history })
        {
            var problem = await refused.ReadProblemAsync();
            Assert.Equal((403, "banned_from_room", "You were banned from this room."), (problem.Status, problem.Code, problem.Detail));
        }

        Assert.DoesNotContain(await scene.Owner.MembersAsync(scene.Room.Id), m => m.User.Id == scene.Writer.Id);
        var line = (await fixture.Server.AuditLogAsync(AuditActions.MemberBanned)).First(l => l.TargetId == $"{scene.Writer.Id}");
        Assert.Equal(scene.Admin.Id, line.ActorId);
    }

    /// <summary>A password does not let a banned person back in; a private room stays as invisible to them as to anyone, and its invite link refuses them.</summary>
    [Fact]
    public async Task Ban_PasswordAndPrivateRooms_RejoinRefused()
    {
        await using var passwordScene = await ModerationScene.CreateAsync(fixture.Server, visibility: "password", password: "let-me-in-1");
        await using var privateScene = await ModerationScene.CreateAsync(fixture.Server, visibility: "private");
        var privateInvite = await ApiClient.ReadAsync<InviteDto>(privateScene.Owner.PostAsync($"/api/rooms/{privateScene.Room.Id}/invites"));
        await ApiClient.EnsureSuccessAsync(await passwordScene.Owner.PostAsync($"/api/rooms/{passwordScene.Room.Id}/bans", new { userId = passwordScene.Writer.Id }));
        await ApiClient.EnsureSuccessAsync(await privateScene.Owner.PostAsync($"/api/rooms/{privateScene.Room.Id}/bans", new { userId = privateScene.Writer.Id }));

        using var withPassword = await passwordScene.Writer.PostAsync($"/api/rooms/{passwordScene.Room.Id}/join", new { password = "let-me-in-1" });
        using var byNameWithPassword = await passwordScene.Writer.PostAsync("/api/rooms/join", new { name = passwordScene.Room.Name, password = "let-me-in-1" });
        using var privatePage = await privateScene.Writer.GetAsync($"/api/rooms/{privateScene.Room.Id}");
        using var privateInviteAccept = await privateScene.Writer.PostAsync($"/api/invites/{privateInvite.Code}/accept");

        Assert.Equal((403, "banned_from_room"), await withPassword.StatusAndCodeAsync());
        Assert.Equal((403, "banned_from_room"), await byNameWithPassword.StatusAndCodeAsync());
        Assert.Equal((404, "room_not_found"), await privatePage.StatusAndCodeAsync());
        Assert.Equal((403, "banned_from_room"), await privateInviteAccept.StatusAndCodeAsync());
    }

    /// <summary>Bans are listed for the room's owner and admins; unbanning lets the person join again the usual way, and is audited.</summary>
    [Fact]
    public async Task Unban_LetsThemRejoin()
    {
        await using var scene = await ModerationScene.CreateAsync(fixture.Server);
        await ApiClient.EnsureSuccessAsync(await scene.Owner.PostAsync($"/api/rooms/{scene.Room.Id}/bans", new { userId = scene.Writer.Id }));
        var bans = await ApiClient.ReadAsync<List<BanDto>>(scene.Admin.GetAsync($"/api/rooms/{scene.Room.Id}/bans"));
        Assert.Equal([scene.Writer.Id], bans.Select(b => b.User.Id));

        using var unban = await scene.Admin.DeleteAsync($"/api/rooms/{scene.Room.Id}/bans/{scene.Writer.Id}");
        var rejoined = await scene.Writer.JoinAsync(scene.Room.Id);

        Assert.Equal(HttpStatusCode.NoContent, unban.StatusCode);
        Assert.Equal(Parley.Infrastructure.Data.MemberRole.Member, rejoined.Role);
        Assert.Empty(await ApiClient.ReadAsync<List<BanDto>>(scene.Owner.GetAsync($"/api/rooms/{scene.Room.Id}/bans")));
        Assert.Contains(await fixture.Server.AuditLogAsync(AuditActions.MemberUnbanned), l => l.TargetId == $"{scene.Writer.Id}" && l.ActorId == scene.Admin.Id);
    }

    /// <summary>
    /// The rules for removing apply: an admin bans and times out plain members but not another admin or the owner;
    /// the owner bans an admin; a plain member does neither; nobody does it to themselves.
    /// </summary>
    [Fact]
    public async Task BanAndTimeout_FollowTheRoleRules()
    {
        await using var scene = await ModerationScene.CreateAsync(fixture.Server);
        using var secondAdmin = await fixture.UserAsync("admin2");
        await secondAdmin.JoinAsync(scene.Room.Id);
        await ApiClient.ReadAsync<MemberDto>(scene.Owner.PutAsync($"/api/rooms/{scene.Room.Id}/members/{secondAdmin.Id}/role", new { role = "admin" }));
        var room = scene.Room.Id;

        using var adminBansAdmin = await scene.Admin.PostAsync($"/api/rooms/{room}/bans", new { userId = secondAdmin.Id });
        using var adminBansOwner = await scene.Admin.PostAsync($"/api/rooms/{room}/bans", new { userId = scene.Owner.Id });
        using var adminTimesOutAdmin = await scene.Admin.PutAsync($"/api/rooms/{room}/members/{secondAdmin.Id}/timeout", new { minutes = 5 });
        using var memberBans = await scene.Reporter.PostAsync($"/api/rooms/{room}/bans", new { userId = scene.Writer.Id });
        using var memberTimesOut = await scene.Reporter.PutAsync($"/api/rooms/{room}/members/{scene.Writer.Id}/timeout", new { minutes = 5 });
        using var ownerBansSelf = await scene.Owner.PostAsync($"/api/rooms/{room}/bans", new { userId = scene.Owner.Id });
        using var tooLong = await scene.Owner.PutAsync($"/api/rooms/{room}/members/{scene.Writer.Id}/timeout", new { minutes = 7 * 24 * 60 + 1 });
        using var ownerBansAdmin = await scene.Owner.PostAsync($"/api/rooms/{room}/bans", new { userId = secondAdmin.Id });

        Assert.Equal((403, "insufficient_role"), await adminBansAdmin.StatusAndCodeAsync());
        Assert.Equal((403, "insufficient_role"), await adminBansOwner.StatusAndCodeAsync());
        Assert.Equal((403, "insufficient_role"), await adminTimesOutAdmin.StatusAndCodeAsync());
        Assert.Equal((403, "insufficient_role"), await memberBans.StatusAndCodeAsync());
        Assert.Equal((403, "insufficient_role"), await memberTimesOut.StatusAndCodeAsync());
        Assert.Equal((400, "cannot_moderate_self"), await ownerBansSelf.StatusAndCodeAsync());
        Assert.Equal((400, "validation_failed"), await tooLong.StatusAndCodeAsync());
        Assert.Equal(HttpStatusCode.OK, ownerBansAdmin.StatusCode);
        var members = await scene.Owner.MembersAsync(room);
        Assert.DoesNotContain(members, m => m.User.Id == secondAdmin.Id);
        Assert.Contains(members, m => m.User.Id == scene.Writer.Id && m.TimedOutUntil is null);
    }

    /// <summary>
    /// A timed-out member reads but cannot send, react or edit (timed_out, saying until when); the room's members
    /// see it in the member list, live; lifting it lets them write again. Both are audited.
    /// </summary>
    [Fact]
    public async Task Timeout_RefusesWritingUntilLifted()
    {
        await using var scene = await ModerationScene.CreateAsync(fixture.Server);
        var earlier = await scene.WriteAsync("before the timeout");

        var timedOut = await ApiClient.ReadAsync<MemberDto>(scene.Admin.PutAsync($"/api/rooms/{scene.Room.Id}/members/{scene.Writer.Id}/timeout", new { minutes = 1 }));

        Assert.NotNull(timedOut.TimedOutUntil);
        var announced = await scene.ReporterHub.WaitForAsync<MemberUpdatedEvent>("memberUpdated", e => e.Member.User.Id == scene.Writer.Id && e.Member.TimedOutUntil != null);
        Assert.Equal(timedOut.TimedOutUntil, announced.Member.TimedOutUntil);
        var refusedSend = await Assert.ThrowsAsync<HubException>(() => scene.WriteAsync("during the timeout"));
        Assert.Equal("timed_out", refusedSend.Code());
        Assert.Contains("until", refusedSend.Message, StringComparison.Ordinal);
        using var react = await scene.Writer.PutAsync($"/api/conversations/{scene.Room.Id}/messages/{earlier.Id}/reactions/{Uri.EscapeDataString("👍")}", new { });
        using var edit = await scene.Writer.PatchAsync($"/api/conversations/{scene.Room.Id}/messages/{earlier.Id}", new { text = "edited" });
        Assert.Equal((403, "timed_out"), await react.StatusAndCodeAsync());
        Assert.Equal((403, "timed_out"), await edit.StatusAndCodeAsync());
        Assert.Equal(1, (await scene.Writer.MessagesAsync(scene.Room.Id)).Messages.Count(m => m.Id == earlier.Id));
        Assert.Contains(await scene.Reporter.MembersAsync(scene.Room.Id), m => m.User.Id == scene.Writer.Id && m.TimedOutUntil == timedOut.TimedOutUntil);

        var lifted = await ApiClient.ReadAsync<MemberDto>(scene.Admin.DeleteAsync($"/api/rooms/{scene.Room.Id}/members/{scene.Writer.Id}/timeout"));
        var after = await scene.WriteAsync("after the timeout");

        Assert.Null(lifted.TimedOutUntil);
        Assert.Equal("after the timeout", after.Text);
        Assert.Contains(await fixture.Server.AuditLogAsync(AuditActions.MemberTimedOut), l => l.TargetId == $"{scene.Writer.Id}" && l.ActorId == scene.Admin.Id);
        Assert.Contains(await fixture.Server.AuditLogAsync(AuditActions.MemberTimeoutLifted), l => l.TargetId == $"{scene.Writer.Id}");
    }

    /// <summary>Removing a member (without a ban) is audited now, and they may still rejoin a public room, as before.</summary>
    [Fact]
    public async Task Remove_IsAudited_AndDoesNotBan()
    {
        await using var scene = await ModerationScene.CreateAsync(fixture.Server);

        using var removed = await scene.Owner.DeleteAsync($"/api/rooms/{scene.Room.Id}/members/{scene.Writer.Id}");
        var rejoined = await scene.Writer.JoinAsync(scene.Room.Id);

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(scene.Room.Id, rejoined.Id);
        Assert.Contains(await fixture.Server.AuditLogAsync(AuditActions.MemberRemoved), l => l.TargetId == $"{scene.Writer.Id}" && l.ActorId == scene.Owner.Id);
    }
}
