using System.Globalization;
using System.Net;
using Parley.Administration;
using Parley.Audit;
using Parley.Realtime;
using Parley.Rooms;
using Parley.Tests.Integration.Files;

namespace Parley.Tests.Integration.Admin;

/// <summary>The admin console's rooms: every room with its numbers (never its messages), deleted or handed over as the owner would.</summary>
[Collection(SharedServer.Name)]
public sealed class AdminRoomsTests(ServerFixture fixture)
{
    private ApiClient Admin => fixture.Administrator;

    /// <summary>A private room the administrator is not in is listed with its name, owner and counts, and its messages stay closed to them.</summary>
    [Fact]
    public async Task List_PrivateRoom_ShowsNameOwnerAndCounts_ButNotItsMessages()
    {
        using var owner = await fixture.UserAsync("secretive");
        using var guest = await fixture.UserAsync("guest");
        var name = ApiClient.UniqueName("hideout");
        var room = await owner.CreateRoomAsync("private", name: name);
        var invite = await ApiClient.ReadAsync<InviteDto>(owner.PostAsync($"/api/rooms/{room.Id}/invites"));
        (await guest.PostAsync($"/api/invites/{invite.Code}/accept")).Dispose();
        await using (var hub = await owner.ConnectHubAsync())
        {
            await hub.InvokeAsync("SendMessage", new { roomId = room.Id, text = "for members only" });
        }

        var page = await ApiClient.ReadAsync<AdminPage<AdminRoomRow>>(Admin.GetAsync($"/api/admin/rooms?q={name}"));
        using var messages = await Admin.GetAsync($"/api/rooms/{room.Id}/messages");

        var row = Assert.Single(page.Items);
        Assert.Equal((room.Id, name, RoomVisibility.Private, owner.Id, 2, 1), (row.Id, row.Name, row.Visibility, row.Owner!.Id, row.Members, row.Messages));
        Assert.Equal((404, "room_not_found"), await messages.StatusAndCodeAsync());
    }

    /// <summary>An administrator deletes a room they are not in: members see it go live, its files are deleted, and the deletion is audited with the room's name.</summary>
    [Fact]
    public async Task Delete_AnyRoom_MembersToldLive_FilesGone_AndAudited()
    {
        using var owner = await fixture.UserAsync("owner");
        using var member = await fixture.UserAsync("member");
        var room = await owner.CreateRoomAsync(name: ApiClient.UniqueName("doomed"));
        await member.JoinAsync(room.Id);
        var upload = await owner.UploadOkAsync(room.Id, FileCalls.Text(), "notes.txt");
        await using var memberHub = await member.ConnectHubAsync();
        var keysBefore = FileCalls.StoredKeys(fixture.Server.DataDirectory).Count;

        using var deleted = await Admin.DeleteAsync($"/api/admin/rooms/{room.Id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await memberHub.WaitForAsync<RoomDeletedEvent>("roomDeleted", e => e.RoomId == room.Id);
        Assert.Equal((404, "file_not_found"), await (await owner.GetAsync($"/api/files/{upload.Id}")).StatusAndCodeAsync());
        Assert.True(FileCalls.StoredKeys(fixture.Server.DataDirectory).Count < keysBefore);
        var line = Assert.Single(await fixture.Server.AuditLogAsync(AuditActions.RoomDeleted), l => l.TargetId == room.Id.ToString(CultureInfo.InvariantCulture));
        Assert.Equal((Admin.Id, room.Name), (line.ActorId!.Value, line.TargetName));
        Assert.Equal((404, "room_not_found"), await (await Admin.DeleteAsync($"/api/admin/rooms/{room.Id}")).StatusAndCodeAsync());
    }

    /// <summary>
    /// Handing a room over makes the member its owner and the old owner an admin, as the owner's own hand-over
    /// does (members see it live); it is audited. Someone not in the room cannot be made its owner.
    /// </summary>
    [Fact]
    public async Task TransferOwnership_ToAMember_OldOwnerBecomesAdmin_AndAudited_ButNotToAStranger()
    {
        using var owner = await fixture.UserAsync("departing");
        using var heir = await fixture.UserAsync("heir");
        using var stranger = await fixture.UserAsync("stranger");
        var room = await owner.CreateRoomAsync(name: ApiClient.UniqueName("inherited"));
        await heir.JoinAsync(room.Id);
        await using var heirHub = await heir.ConnectHubAsync();

        using var toStranger = await Admin.PutAsync($"/api/admin/rooms/{room.Id}/owner", new { userId = stranger.Id });
        using var toOwner = await Admin.PutAsync($"/api/admin/rooms/{room.Id}/owner", new { userId = owner.Id });
        var newOwner = await ApiClient.ReadAsync<MemberDto>(Admin.PutAsync($"/api/admin/rooms/{room.Id}/owner", new { userId = heir.Id }));

        Assert.Equal((404, "member_not_found"), await toStranger.StatusAndCodeAsync());
        Assert.Equal((400, "already_owner"), await toOwner.StatusAndCodeAsync());
        Assert.Equal((heir.Id, MemberRole.Owner), (newOwner.User.Id, newOwner.Role));
        await heirHub.WaitForAsync<MemberUpdatedEvent>("memberUpdated", e => e.Member.User.Id == owner.Id && e.Member.Role == MemberRole.Admin);
        var members = await heir.MembersAsync(room.Id);
        Assert.Equal(MemberRole.Admin, members.Single(m => m.User.Id == owner.Id).Role);
        var line = Assert.Single(await fixture.Server.AuditLogAsync(AuditActions.RoomOwnershipTransferred), l => l.TargetId == room.Id.ToString(CultureInfo.InvariantCulture));
        Assert.Equal($"From {owner.Username} to {heir.Username}", line.Details);
    }
}
