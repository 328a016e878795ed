using System.Net;
using Parley.Realtime;
using Parley.Rooms;

namespace Parley.Tests.Integration;

[Collection(SharedServer.Name)]
public sealed class RoomsTests(ServerFixture fixture)
{
    [Fact]
    public async Task Create_MakesTheCreatorOwner_AndSaysSoInTheHistory()
    {
        using var alice = await fixture.UserAsync("alice");

        var room = await alice.CreateRoomAsync(name: "  Book club  ", topic: "Chapter 3");

        Assert.Equal(("Book club", "Chapter 3", RoomVisibility.Public, MemberRole.Owner, 1), (room.Name, room.Topic, room.Visibility, room.Role, room.MemberCount));
        var history = await alice.MessagesAsync(room.Id);
        var notice = Assert.Single(history.Messages);
        Assert.Equal((MessageKind.System, $"{alice.Me.DisplayName} created the room"), (notice.Kind, notice.Text));
    }

    [Theory]
    [InlineData("", "public", null, "name")]
    [InlineData("ok", null, null, "visibility")]
    [InlineData("ok", "password", null, "password")]
    [InlineData("ok", "password", "12345", "password")]
    [InlineData("ok", "public", "secret123", "password")]
    public async Task Create_InvalidInput_NamesTheFieldAndCreatesNothing(string name, string? visibility, string? password, string field)
    {
        using var alice = await fixture.UserAsync();

        using var response = await alice.PostAsync("/api/rooms", new { name, visibility, password });

        var problem = await response.ReadProblemAsync();
        Assert.Equal((400, "validation_failed"), (problem.Status, problem.Code));
        Assert.True(problem.Errors.ContainsKey(field), $"Expected an error on {field}, got {string.Join(",", problem.Errors.Keys)}");
        Assert.Empty(await ApiClient.ReadAsync<List<RoomDto>>(alice.GetAsync("/api/rooms")));
    }

    [Fact]
    public async Task Create_UnknownVisibility_IsAFieldErrorNotACrash()
    {
        using var alice = await fixture.UserAsync();
        using var response = await alice.PostAsync("/api/rooms", new { name = "x", visibility = "secret" });
        var problem = await response.ReadProblemAsync();
        Assert.Equal(400, problem.Status);
        Assert.True(problem.Errors.ContainsKey("visibility"));
    }

    [Fact]
    public async Task Create_MalformedJson_SaysSo()
    {
        using var alice = await fixture.UserAsync();
        using var content = new StringContent("{\"name\": ", System.Text.Encoding.UTF8, "application/json");
        using var response = await alice.Http.PostAsync("/api/rooms", content);
        Assert.Equal((400, "invalid_json"), await response.StatusAndCodeAsync());
    }

    [Fact]
    public async Task PasswordRoom_PasswordIsNeverReturned()
    {
        using var alice = await fixture.UserAsync();
        var room = await alice.CreateRoomAsync("password", "open sesame");

        var json = await (await alice.GetAsync($"/api/rooms/{room.Id}")).Content.ReadAsStringAsync();
        var list = await (await alice.GetAsync("/api/rooms")).Content.ReadAsStringAsync();

        Assert.DoesNotContain("open sesame", json + list, StringComparison.Ordinal);
        Assert.DoesNotContain("password\":", json.ToLowerInvariant(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Directory_ListsOnlyPublicRooms_SearchableByNameIgnoringCase()
    {
        using var alice = await fixture.UserAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var open = await alice.CreateRoomAsync(name: $"Gardening {tag}");
        await alice.CreateRoomAsync("private", name: $"Gardening secret {tag}");
        await alice.CreateRoomAsync("password", "hunter22", name: $"Gardening locked {tag}");

        var found = await ApiClient.ReadAsync<List<RoomDto>>(alice.GetAsync($"/api/rooms/public?q=GARDENING%20{tag.ToUpperInvariant()}"));

        var room = Assert.Single(found);
        Assert.Equal(open.Id, room.Id);
    }

    [Fact]
    public async Task Join_PublicRoom_NewMemberSeesEarlierHistoryAndTheJoinNotice()
    {
        using var alice = await fixture.UserAsync("alice");
        using var bob = await fixture.UserAsync("bob");
        var room = await alice.CreateRoomAsync();
        await using (var hub = await alice.ConnectHubAsync())
        {
            await hub.InvokeAsync("SendMessage", new { roomId = room.Id, text = "said before bob came" });
        }

        var joined = await bob.JoinAsync(room.Id);

        Assert.Equal((MemberRole.Member, 2), (joined.Role, joined.MemberCount));
        var texts = (await bob.MessagesAsync(room.Id)).Messages.Select(m => m.Text).ToList();
        Assert.Equal([$"{alice.Me.DisplayName} created the room", "said before bob came", $"{bob.Me.DisplayName} joined the room"], texts);
    }

    [Fact]
    public async Task Join_Twice_IsHarmless()
    {
        using var alice = await fixture.UserAsync();
        using var bob = await fixture.UserAsync();
        var room = await alice.CreateRoomAsync();

        await bob.JoinAsync(room.Id);
        var again = await bob.JoinAsync(room.Id);

        Assert.Equal(2, again.MemberCount);
        Assert.Single((await bob.MessagesAsync(room.Id)).Messages, m => m.Text.EndsWith("joined the room", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Join_PrivateRoomById_IsNotFound()
    {
        using var alice = await fixture.UserAsync();
        using var mallory = await fixture.UserAsync("mallory");
        var room = await alice.CreateRoomAsync("private");

        using var response = await mallory.PostAsync($"/api/rooms/{room.Id}/join");

        Assert.Equal((404, "room_not_found"), await response.StatusAndCodeAsync());
    }

    [Fact]
    public async Task Join_PasswordRoom_NeedsTheRightPassword()
    {
        using var alice = await fixture.UserAsync();
        using var bob = await fixture.UserAsync();
        var room = await alice.CreateRoomAsync("password", "open sesame");

        using var without = await bob.PostAsync($"/api/rooms/{room.Id}/join");
        using var wrong = await bob.PostAsync($"/api/rooms/{room.Id}/join", new { password = "open says me" });
        Assert.Equal((403, "password_required"), await without.StatusAndCodeAsync());
        Assert.Equal((403, "wrong_password"), await wrong.StatusAndCodeAsync());
        using var members = await bob.GetAsync($"/api/rooms/{room.Id}/members");
        Assert.Equal(403, (int)members.StatusCode);

        var joined = await bob.JoinAsync(room.Id, "open sesame");
        Assert.Equal(MemberRole.Member, joined.Role);
    }

    [Fact]
    public async Task Join_PasswordRoom_TooManyWrongGuesses_AreStopped()
    {
        using var alice = await fixture.UserAsync();
        using var guesser = await fixture.UserAsync("guesser");
        var room = await alice.CreateRoomAsync("password", "open sesame");

        for (var i = 0; i < new Parley.Infrastructure.ParleyOptions().RateLimits.RoomPasswordGuesses.Burst; i++)
        {
            (await guesser.PostAsync($"/api/rooms/{room.Id}/join", new { password = $"guess-{i}" })).Dispose();
        }

        using var rightButTooLate = await guesser.PostAsync($"/api/rooms/{room.Id}/join", new { password = "open sesame" });
        Assert.Equal((429, "too_many_guesses"), await rightButTooLate.StatusAndCodeAsync());
    }

    [Fact]
    public async Task Leave_RemovesTheMember_AndTheOwnerMustHandOverFirst()
    {
        using var alice = await fixture.UserAsync();
        using var bob = await fixture.UserAsync();
        var room = await alice.CreateRoomAsync();
        await bob.JoinAsync(room.Id);

        using var ownerLeaves = await alice.PostAsync($"/api/rooms/{room.Id}/leave");
        using var bobLeaves = await bob.PostAsync($"/api/rooms/{room.Id}/leave");

        Assert.Equal((409, "owner_cannot_leave"), await ownerLeaves.StatusAndCodeAsync());
        Assert.Equal(HttpStatusCode.NoContent, bobLeaves.StatusCode);
        Assert.Empty(await ApiClient.ReadAsync<List<RoomDto>>(bob.GetAsync("/api/rooms")));
        Assert.EndsWith("left the room", (await alice.MessagesAsync(room.Id)).Messages[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_AdminsRenameAndChangeTopic_OnlyTheOwnerChangesAccess()
    {
        using var owner = await fixture.UserAsync("owner");
        using var admin = await fixture.UserAsync("admin");
        using var member = await fixture.UserAsync("member");
        var room = await owner.CreateRoomAsync();
        await admin.JoinAsync(room.Id);
        await member.JoinAsync(room.Id);
        await ApiClient.ReadAsync<MemberDto>(owner.PutAsync($"/api/rooms/{room.Id}/members/{admin.Id}/role", new { role = "admin" }));

        using var memberRenames = await member.PatchAsync($"/api/rooms/{room.Id}", new { name = "mine now" });
        var renamed = await ApiClient.ReadAsync<RoomDto>(admin.PatchAsync($"/api/rooms/{room.Id}", new { name = "Renamed", topic = "New topic" }));
        using var adminLocks = await admin.PatchAsync($"/api/rooms/{room.Id}", new { visibility = "private" });
        var locked = await ApiClient.ReadAsync<RoomDto>(owner.PatchAsync($"/api/rooms/{room.Id}", new { visibility = "password", password = "letmein99" }));

        Assert.Equal((403, "insufficient_role"), await memberRenames.StatusAndCodeAsync());
        Assert.Equal(("Renamed", "New topic"), (renamed.Name, renamed.Topic));
        Assert.Equal((403, "insufficient_role"), await adminLocks.StatusAndCodeAsync());
        Assert.Equal(RoomVisibility.Password, locked.Visibility);
        var notices = (await owner.MessagesAsync(room.Id)).Messages.Where(m => m.Kind == MessageKind.System).Select(m => m.Text).ToList();
        Assert.Contains($"{admin.Me.DisplayName} renamed the room to “Renamed”", notices);
        Assert.Contains($"{admin.Me.DisplayName} changed the topic to “New topic”", notices);
    }

    [Fact]
    public async Task Update_ToPasswordWithoutAPassword_IsRefused_AndEmptyTopicClearsIt()
    {
        using var owner = await fixture.UserAsync();
        var room = await owner.CreateRoomAsync(topic: "old topic");

        using var noPassword = await owner.PatchAsync($"/api/rooms/{room.Id}", new { visibility = "password" });
        var cleared = await ApiClient.ReadAsync<RoomDto>(owner.PatchAsync($"/api/rooms/{room.Id}", new { topic = "" }));

        Assert.True((await noPassword.ReadProblemAsync()).Errors.ContainsKey("password"));
        Assert.Null(cleared.Topic);
    }

    [Fact]
    public async Task Update_IsBroadcastToMembers()
    {
        using var owner = await fixture.UserAsync();
        using var member = await fixture.UserAsync();
        var room = await owner.CreateRoomAsync();
        await member.JoinAsync(room.Id);
        await using var memberHub = await member.ConnectHubAsync();

        await ApiClient.ReadAsync<RoomDto>(owner.PatchAsync($"/api/rooms/{room.Id}", new { name = "Live rename" }));

        var update = await memberHub.WaitForAsync<RoomUpdatedEvent>("roomUpdated", e => e.RoomId == room.Id);
        Assert.Equal("Live rename", update.Name);
    }

    [Fact]
    public async Task Delete_ByTheOwner_RemovesItLiveFromEveryMember_AndItsHistoryIsGone()
    {
        using var owner = await fixture.UserAsync();
        using var member = await fixture.UserAsync();
        var room = await owner.CreateRoomAsync();
        await member.JoinAsync(room.Id);
        await using var memberHub = await member.ConnectHubAsync();

        using var memberDeletes = await member.DeleteAsync($"/api/rooms/{room.Id}");
        using var ownerDeletes = await owner.DeleteAsync($"/api/rooms/{room.Id}");

        Assert.Equal((403, "insufficient_role"), await memberDeletes.StatusAndCodeAsync());
        Assert.Equal(HttpStatusCode.NoContent, ownerDeletes.StatusCode);
        await memberHub.WaitForAsync<RoomDeletedEvent>("roomDeleted", e => e.RoomId == room.Id);
        using var history = await owner.GetAsync($"/api/rooms/{room.Id}/messages");
        Assert.Equal((404, "room_not_found"), await history.StatusAndCodeAsync());
        Assert.Empty(await ApiClient.ReadAsync<List<RoomDto>>(member.GetAsync("/api/rooms")));
    }

    [Fact]
    public async Task Members_ListsRolesAndWhoIsOnline()
    {
        using var owner = await fixture.UserAsync();
        using var member = await fixture.UserAsync();
        var room = await owner.CreateRoomAsync();
        await member.JoinAsync(room.Id);
        await using var memberHub = await member.ConnectHubAsync();

        var members = await owner.MembersAsync(room.Id);

        Assert.Equal([(owner.Id, MemberRole.Owner, false), (member.Id, MemberRole.Member, true)], members.Select(m => (m.User.Id, m.Role, m.Online)));
    }

    [Fact]
    public async Task Remove_FollowsTheRoleLadder()
    {
        using var owner = await fixture.UserAsync("owner");
        using var admin = await fixture.UserAsync("admin");
        using var admin2 = await fixture.UserAsync("admin2");
        using var member = await fixture.UserAsync("member");
        using var member2 = await fixture.UserAsync("member2");
        var room = await owner.CreateRoomAsync();
        foreach (var user in new[] { admin, admin2, member, member2 })
        {
            await user.JoinAsync(room.Id);
        }

        await ApiClient.ReadAsync<MemberDto>(owner.PutAsync($"/api/rooms/{room.Id}/members/{admin.Id}/role", new { role = "admin" }));
        await ApiClient.ReadAsync<MemberDto>(owner.PutAsync($"/api/rooms/{room.Id}/members/{admin2.Id}/role", new { role = "admin" }));

        using var memberRemovesMember = await member.DeleteAsync($"/api/rooms/{room.Id}/members/{member2.Id}");
        using var adminRemovesAdmin = await admin.DeleteAsync($"/api/rooms/{room.Id}/members/{admin2.Id}");
        using var adminRemovesOwner = await admin.DeleteAsync($"/api/rooms/{room.Id}/members/{owner.Id}");
        using var adminRemovesMember = await admin.DeleteAsync($"/api/rooms/{room.Id}/members/{member2.Id}");
        using var ownerRemovesAdmin = await owner.DeleteAsync($"/api/rooms/{room.Id}/members/{admin2.Id}");
        using var removeNonMember = await owner.DeleteAsync($"/api/rooms/{room.Id}/members/{member2.Id}");

        Assert.Equal((403, "insufficient_role"), await memberRemovesMember.StatusAndCodeAsync());
        Assert.Equal((403, "insufficient_role"), await adminRemovesAdmin.StatusAndCodeAsync());
        Assert.Equal((403, "insufficient_role"), await adminRemovesOwner.StatusAndCodeAsync());
        Assert.Equal(HttpStatusCode.NoContent, adminRemovesMember.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, ownerRemovesAdmin.StatusCode);
        Assert.Equal((404, "member_not_found"), await removeNonMember.StatusAndCodeAsync());
        Assert.Equal(new[] { owner.Id, admin.Id, member.Id }.Order(), (await owner.MembersAsync(room.Id)).Select(m => m.User.Id).Order());
    }

    [Fact]
    public async Task Remove_TheRemovedMemberIsToldAndStopsReceivingTheRoom()
    {
        using var owner = await fixture.UserAsync();
        using var member = await fixture.UserAsync();
        var room = await owner.CreateRoomAsync("private");
        var invite = await ApiClient.ReadAsync<InviteDto>(owner.PostAsync($"/api/rooms/{room.Id}/invites"));
        await ApiClient.ReadAsync<RoomDto>(member.PostAsync($"/api/invites/{invite.Code}/accept"));
        var membersOwnRoom = await member.CreateRoomAsync();
        await using var ownerHub = await owner.ConnectHubAsync();
        await using var memberHub = await member.ConnectHubAsync();

        (await owner.DeleteAsync($"/api/rooms/{room.Id}/members/{member.Id}")).Dispose();

        var left = await memberHub.WaitForAsync<MemberLeftEvent>("memberLeft", e => e.RoomId == room.Id);
        Assert.Equal((member.Id, MemberLeftReason.Removed), (left.User.Id, left.Reason));
        await ownerHub.InvokeAsync("SendMessage", new { roomId = room.Id, text = "after the removal" });
        await memberHub.SendBarrierAsync(membersOwnRoom.Id);
        Assert.DoesNotContain(memberHub.EventsOf<MessageDto>("messageReceived"), m => m.Text == "after the removal");
        using var history = await member.GetAsync($"/api/rooms/{room.Id}/messages");
        Assert.Equal((404, "room_not_found"), await history.StatusAndCodeAsync());
    }

    [Fact]
    public async Task ChangeRole_HandingOverOwnership_MakesTheOldOwnerAnAdmin()
    {
        using var owner = await fixture.UserAsync();
        using var heir = await fixture.UserAsync("heir");
        var room = await owner.CreateRoomAsync();
        await heir.JoinAsync(room.Id);
        await using var heirHub = await heir.ConnectHubAsync();

        using var notOwner = await heir.PutAsync($"/api/rooms/{room.Id}/members/{owner.Id}/role", new { role = "member" });
        var newOwner = await ApiClient.ReadAsync<MemberDto>(owner.PutAsync($"/api/rooms/{room.Id}/members/{heir.Id}/role", new { role = "owner" }));

        Assert.Equal((403, "insufficient_role"), await notOwner.StatusAndCodeAsync());
        Assert.Equal(MemberRole.Owner, newOwner.Role);
        var roles = (await owner.MembersAsync(room.Id)).ToDictionary(m => m.User.Id, m => m.Role);
        Assert.Equal((MemberRole.Admin, MemberRole.Owner), (roles[owner.Id], roles[heir.Id]));
        await heirHub.WaitForAsync<MemberUpdatedEvent>("memberUpdated", e => e.Member.User.Id == owner.Id && e.Member.Role == MemberRole.Admin);
        using var oldOwnerLeaves = await owner.PostAsync($"/api/rooms/{room.Id}/leave");
        Assert.Equal(HttpStatusCode.NoContent, oldOwnerLeaves.StatusCode);
    }

    [Fact]
    public async Task Invite_LetsAnOutsiderIntoAPrivateRoom_UntilRevoked()
    {
        using var owner = await fixture.UserAsync();
        using var member = await fixture.UserAsync();
        using var friend = await fixture.UserAsync("friend");
        using var late = await fixture.UserAsync("late");
        var room = await owner.CreateRoomAsync("private", name: "Secret garden");
        await ApiClient.ReadAsync<RoomDto>(member.PostAsync($"/api/invites/{(await ApiClient.ReadAsync<InviteDto>(owner.PostAsync($"/api/rooms/{room.Id}/invites"))).Code}/accept"));

        using var memberInvites = await member.PostAsync($"/api/rooms/{room.Id}/invites");
        var invite = await ApiClient.ReadAsync<InviteDto>(owner.PostAsync($"/api/rooms/{room.Id}/invites", new { expiresInHours = 24 }));
        var preview = await ApiClient.ReadAsync<InvitePreviewDto>(friend.GetAsync($"/api/invites/{invite.Code}"));
        var joined = await ApiClient.ReadAsync<RoomDto>(friend.PostAsync($"/api/invites/{invite.Code}/accept"));
        using var revoke = await owner.DeleteAsync($"/api/rooms/{room.Id}/invites/{invite.Code}");
        using var afterRevoke = await late.PostAsync($"/api/invites/{invite.Code}/accept");

        Assert.Equal((403, "insufficient_role"), await memberInvites.StatusAndCodeAsync());
        Assert.EndsWith($"/invite/{invite.Code}", invite.Url, StringComparison.Ordinal);
        Assert.Equal(("Secret garden", false), (preview.RoomName, preview.AlreadyMember));
        Assert.Equal(MemberRole.Member, joined.Role);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal((404, "invite_not_found"), await afterRevoke.StatusAndCodeAsync());
        Assert.DoesNotContain(await ApiClient.ReadAsync<List<InviteDto>>(owner.GetAsync($"/api/rooms/{room.Id}/invites")), i => i.Code == invite.Code);
    }

    [Fact]
    public async Task Invite_RunsOutAfterItsMaximumUses()
    {
        using var owner = await fixture.UserAsync();
        using var first = await fixture.UserAsync();
        using var second = await fixture.UserAsync();
        var room = await owner.CreateRoomAsync("password", "secret-pw");
        var invite = await ApiClient.ReadAsync<InviteDto>(owner.PostAsync($"/api/rooms/{room.Id}/invites", new { maxUses = 1 }));

        await ApiClient.ReadAsync<RoomDto>(first.PostAsync($"/api/invites/{invite.Code}/accept"));
        using var usedUp = await second.PostAsync($"/api/invites/{invite.Code}/accept");

        Assert.Equal((404, "invite_not_found"), await usedUp.StatusAndCodeAsync());
    }

    [Fact]
    public async Task Invite_InvalidOptionsAndUnknownCodes_AreClearErrors()
    {
        using var owner = await fixture.UserAsync();
        var room = await owner.CreateRoomAsync("private");

        using var bad = await owner.PostAsync($"/api/rooms/{room.Id}/invites", new { expiresInHours = 0, maxUses = -1 });
        using var unknown = await owner.GetAsync("/api/invites/not-a-real-code");

        Assert.Equal(["expiresInHours", "maxUses"], (await bad.ReadProblemAsync()).Errors.Keys.Order());
        Assert.Equal((404, "invite_not_found"), await unknown.StatusAndCodeAsync());
    }

    [Fact]
    public async Task JoinedAndLeftEvents_ReachTheOtherMembers()
    {
        using var owner = await fixture.UserAsync();
        using var bob = await fixture.UserAsync();
        var room = await owner.CreateRoomAsync();
        await using var ownerHub = await owner.ConnectHubAsync();

        await bob.JoinAsync(room.Id);
        var joined = await ownerHub.WaitForAsync<MemberJoinedEvent>("memberJoined", e => e.RoomId == room.Id);
        (await bob.PostAsync($"/api/rooms/{room.Id}/leave")).Dispose();
        var left = await ownerHub.WaitForAsync<MemberLeftEvent>("memberLeft", e => e.RoomId == room.Id);

        Assert.Equal((bob.Id, MemberRole.Member, 2), (joined.Member.User.Id, joined.Member.Role, joined.MemberCount));
        Assert.Equal((bob.Id, MemberLeftReason.Left, 1), (left.User.Id, left.Reason, left.MemberCount));
    }
}
