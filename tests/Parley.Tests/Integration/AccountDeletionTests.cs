using System.Net;
using System.Net.Http.Json;
using Parley.Accounts;
using Parley.Audit;
using Parley.Tests.Integration.RichMessages;

namespace Parley.Tests.Integration;

/// <summary>Deleting one's own account: what goes, what stays, and what the others see.</summary>
public sealed class AccountDeletionTests
{
    private static Dictionary<string, string> Messages(string mode) => new() { ["Parley:Accounts:DeletedAccountMessages"] = mode };

    /// <summary>A wrong password deletes nothing and answers 403 wrong_password; the account goes on working.</summary>
    [Fact]
    public async Task Delete_WrongPassword_IsRefused_AndTheAccountGoesOn()
    {
        await using var server = await ParleyServer.StartAsync();
        using var founder = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("founder"));
        using var user = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("doubter"));

        using var response = await user.PostAsync("/api/me/delete", new { password = "not my password" });

        Assert.Equal((403, "wrong_password"), await response.StatusAndCodeAsync());
        using var me = await user.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    /// <summary>
    /// Kept messages: the others see them signed "Deleted user" (live, through userUpdated), the account's sessions
    /// and live connections end, it cannot sign in, its username is free for someone new, and the audit log has it.
    /// </summary>
    [Fact]
    public async Task Delete_KeepingMessages_OthersSeeDeletedUser_SessionsEnd_UsernameIsFree()
    {
        await using var server = await ParleyServer.StartAsync(Messages("keep"));
        using var founder = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("founder"));
        using var leaving = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("leaving"));
        var room = await founder.CreateRoomAsync();
        await leaving.JoinAsync(room.Id);
        await using var leavingHub = await leaving.ConnectHubAsync();
        await using var founderHub = await founder.ConnectHubAsync();
        var said = await leavingHub.SendAsync(room.Id, "remember me");

        using var response = await leaving.PostAsync("/api/me/delete", new { password = leaving.Password });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await leavingHub.Closed.WaitAsync(TimeSpan.FromSeconds(5));
        var renamed = await founderHub.WaitForAsync<UserUpdatedEvent>("userUpdated", u => u.User.Id == leaving.Id);
        Assert.Equal("Deleted user", renamed.User.DisplayName);
        var kept = Assert.Single((await founder.MessagesAsync(room.Id)).Messages, m => m.Id == said.Id);
        Assert.Equal(("remember me", "Deleted user"), (kept.Text, kept.Author.DisplayName));
        Assert.DoesNotContain(await founder.MembersAsync(room.Id), m => m.User.Id == leaving.Id);
        using (var me = await leaving.GetAsync("/api/me"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        }

        using var anonymous = ApiClient.Anonymous(server);
        using var signIn = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = leaving.Username, password = leaving.Password });
        Assert.Equal((401, "invalid_credentials"), await signIn.StatusAndCodeAsync());
        using var again = await ApiClient.RegisterAsync(server, leaving.Username);
        Assert.NotEqual(leaving.Id, again.Id);
        var line = Assert.Single(await server.AuditLogAsync(AuditActions.AccountDeleted));
        Assert.Equal((leaving.Id, leaving.Username), (line.ActorId, line.TargetName));
    }

    /// <summary>Removed messages: each of the account's messages is deleted for everyone, live, as if they had deleted it by hand.</summary>
    [Fact]
    public async Task Delete_RemovingMessages_DeletesEachMessageLiveForEveryone()
    {
        await using var server = await ParleyServer.StartAsync(Messages("remove"));
        using var founder = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("founder"));
        using var leaving = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("leaving"));
        var room = await founder.CreateRoomAsync();
        await leaving.JoinAsync(room.Id);
        await using var founderHub = await founder.ConnectHubAsync();
        MessageDto first, second, theirs;
        await using (var leavingHub = await leaving.ConnectHubAsync())
        {
            first = await leavingHub.SendAsync(room.Id, "first words");
            second = await leavingHub.SendAsync(room.Id, "second words");
            theirs = await founderHub.SendAsync(room.Id, "the founder's words");
        }

        using var response = await leaving.PostAsync("/api/me/delete", new { password = leaving.Password });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await founderHub.WaitForAsync<MessageDto>("messageDeleted", m => m.Id == first.Id);
        await founderHub.WaitForAsync<MessageDto>("messageDeleted", m => m.Id == second.Id);
        var history = (await founder.MessagesAsync(room.Id)).Messages;
        Assert.All(history.Where(m => m.Id == first.Id || m.Id == second.Id), m => Assert.Equal("", m.Text));
        Assert.Equal("the founder's words", Assert.Single(history, m => m.Id == theirs.Id).Text);
    }

    /// <summary>
    /// A room the account owned passes to its longest-serving admin (ahead of members who joined earlier), who is
    /// told so in the room; a room nobody else was in is deleted.
    /// </summary>
    [Fact]
    public async Task Delete_OwnerOfRooms_OwnershipPassesToTheAdmin_EmptyRoomIsDeleted()
    {
        await using var server = await ParleyServer.StartAsync();
        using var founder = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("founder"));
        using var owner = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("owner"));
        using var member = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("member"));
        using var admin = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("admin"));
        var shared = await owner.CreateRoomAsync();
        var lonely = await owner.CreateRoomAsync();
        await member.JoinAsync(shared.Id);
        await admin.JoinAsync(shared.Id);
        await ApiClient.ReadAsync<MemberDto>(owner.PutAsync($"/api/rooms/{shared.Id}/members/{admin.Id}/role", new { role = "admin" }));

        using var response = await owner.PostAsync("/api/me/delete", new { password = owner.Password });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var members = await admin.MembersAsync(shared.Id);
        Assert.Equal(MemberRole.Owner, Assert.Single(members, m => m.User.Id == admin.Id).Role);
        Assert.Contains((await admin.MessagesAsync(shared.Id)).Messages, m => m.Text.Contains("is now the owner", StringComparison.Ordinal));
        using var gone = await founder.GetAsync($"/api/rooms/{lonely.Id}");
        Assert.Equal((404, "room_not_found"), await gone.StatusAndCodeAsync());
    }

    /// <summary>The server's only administrator cannot delete their account until someone else administers it.</summary>
    [Fact]
    public async Task Delete_TheOnlyAdministrator_IsRefused()
    {
        await using var server = await ParleyServer.StartAsync();
        using var founder = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("founder"));

        using var response = await founder.PostAsync("/api/me/delete", new { password = founder.Password });

        Assert.Equal((409, "last_administrator"), await response.StatusAndCodeAsync());
    }

    /// <summary>One-to-one with a deleted account, a message would reach nobody: it is refused with account_deleted; the history stays.</summary>
    [Fact]
    public async Task DirectMessage_ToADeletedAccount_IsRefused_HistoryStays()
    {
        await using var server = await ParleyServer.StartAsync();
        using var founder = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("founder"));
        using var friend = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("friend"));
        using var leaving = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("leaving"));
        var direct = await friend.OpenDirectAsync(leaving.Username);
        await using var friendHub = await friend.ConnectHubAsync();
        await friendHub.SendAsync(direct.Id, "before you go");

        using (await leaving.PostAsync("/api/me/delete", new { password = leaving.Password }))
        {
        }

        var refused = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => friendHub.SendAsync(direct.Id, "hello?"));
        Assert.Equal("account_deleted", refused.Code());
        Assert.Contains((await friend.MessagesAsync(direct.Id)).Messages, m => m.Text == "before you go");
        var found = await ApiClient.ReadAsync<List<UserSearchResult>>(friend.GetAsync("/api/users?q=Deleted"));
        Assert.DoesNotContain(found, u => u.User.Id == leaving.Id);
    }
}
