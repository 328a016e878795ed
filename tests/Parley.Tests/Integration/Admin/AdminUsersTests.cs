using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Parley.Administration;
using Parley.Audit;
using Parley.Realtime;

namespace Parley.Tests.Integration.Admin;

/// <summary>The admin console's accounts: finding and viewing them, deactivating, signing out, granting the role.</summary>
[Collection(SharedServer.Name)]
public sealed class AdminUsersTests(ServerFixture fixture)
{
    private ParleyServer Server => fixture.Server;

    private ApiClient Admin => fixture.Administrator;

    /// <summary>
    /// Deactivating someone signed in elsewhere ends their live connection at once (others see them go offline),
    /// refuses their token from the next request, refuses their password at sign-in, and is audited.
    /// </summary>
    [Fact]
    public async Task Deactivate_SignedInUser_ClosesTheirConnection_RefusesTokenAndSignIn_AndIsAudited()
    {
        using var target = await fixture.UserAsync("deactivated");
        using var watcher = await fixture.UserAsync("watcher");
        var room = await watcher.CreateRoomAsync(name: ApiClient.UniqueName("lobby"));
        await target.JoinAsync(room.Id);
        await using var watcherHub = await watcher.ConnectHubAsync();
        await using var targetHub = await target.ConnectHubAsync();
        await watcherHub.WaitForAsync<PresenceChangedEvent>("presenceChanged", p => p.Users.Any(u => u.UserId == target.Id && u.Online));

        var detail = await ApiClient.ReadAsync<AdminUserDetail>(Admin.PostAsync($"/api/admin/users/{target.Id}/deactivate"));

        Assert.NotNull(detail.DeactivatedAt);
        await targetHub.Closed.WaitAsync(TimeSpan.FromSeconds(5));
        await watcherHub.WaitForAsync<PresenceChangedEvent>("presenceChanged", p => p.Users.Any(u => u.UserId == target.Id && !u.Online));
        using var refused = await target.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var anonymous = ApiClient.Anonymous(Server);
        using var signIn = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = target.Username, password = target.Password });
        Assert.Equal((403, "account_deactivated"), await signIn.StatusAndCodeAsync());
        var line = Assert.Single(await Server.AuditLogAsync(AuditActions.UserDeactivated), l => l.TargetId == Id(target));
        // Registering left a browser session beside the token.
        Assert.Equal((Admin.Id, Admin.Username, "2 sessions ended"), (line.ActorId!.Value, line.ActorName, line.Details));
    }

    /// <summary>A reactivated account signs in again with its password, and the reactivation is audited.</summary>
    [Fact]
    public async Task Reactivate_DeactivatedUser_CanSignInAgain_AndIsAudited()
    {
        using var target = await fixture.UserAsync("returning");
        (await Admin.PostAsync($"/api/admin/users/{target.Id}/deactivate")).Dispose();

        var detail = await ApiClient.ReadAsync<AdminUserDetail>(Admin.PostAsync($"/api/admin/users/{target.Id}/reactivate"));

        Assert.Null(detail.DeactivatedAt);
        using var again = await ApiClient.SignInAsync(Server, target.Username, target.Password);
        Assert.Equal(target.Id, again.Id);
        Assert.Single(await Server.AuditLogAsync(AuditActions.UserReactivated), l => l.TargetId == Id(target) && l.ActorId == Admin.Id);
    }

    /// <summary>An administrator cannot deactivate their own account (the last one would lock everyone out); nothing is recorded.</summary>
    [Fact]
    public async Task Deactivate_Self_IsRefused()
    {
        using var response = await Admin.PostAsync($"/api/admin/users/{Admin.Id}/deactivate");

        Assert.Equal((400, "cannot_deactivate_self"), await response.StatusAndCodeAsync());
        Assert.DoesNotContain(await Server.AuditLogAsync(AuditActions.UserDeactivated), l => l.TargetId == Id(Admin));
        Assert.Equal(HttpStatusCode.OK, (await Admin.GetAsync("/api/me")).StatusCode);
    }

    /// <summary>"Sign out everywhere" ends every session of the account (browser and token alike), closes its live connection, and is audited with the count.</summary>
    [Fact]
    public async Task SignOutEverywhere_EndsEverySession_AndIsAudited()
    {
        using var target = await fixture.UserAsync("everywhere");
        using var second = await ApiClient.SignInAsync(Server, target.Username, target.Password);
        await using var hub = await second.ConnectHubAsync();

        var ended = await ApiClient.ReadAsync<SessionsEndedDto>(Admin.PostAsync($"/api/admin/users/{target.Id}/sign-out"));

        // Registering left a browser session beside the two tokens.
        Assert.Equal(3, ended.SessionsEnded);
        await hub.Closed.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(HttpStatusCode.Unauthorized, (await target.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.GetAsync("/api/me")).StatusCode);
        using var again = await ApiClient.SignInAsync(Server, target.Username, target.Password);
        var line = Assert.Single(await Server.AuditLogAsync(AuditActions.UserSignedOutEverywhere), l => l.TargetId == Id(target));
        Assert.Equal("3 sessions ended", line.Details);
    }

    /// <summary>Granting the role lets the account into the console at once; revoking shuts it out at once; both audited.</summary>
    [Fact]
    public async Task SetAdministrator_GrantThenRevoke_TakesEffectAtOnce_AndIsAudited()
    {
        using var helper = await fixture.UserAsync("helper");
        Assert.Equal((403, "not_an_administrator"), await (await helper.GetAsync("/api/admin/dashboard")).StatusAndCodeAsync());

        var granted = await ApiClient.ReadAsync<AdminUserDetail>(Admin.PutAsync($"/api/admin/users/{helper.Id}/admin", new { isAdmin = true }));
        using var asAdmin = await helper.GetAsync("/api/admin/dashboard");
        var revoked = await ApiClient.ReadAsync<AdminUserDetail>(helper.PutAsync($"/api/admin/users/{helper.Id}/admin", new { isAdmin = false }));
        using var afterRevoke = await helper.GetAsync("/api/admin/dashboard");

        Assert.True(granted.IsAdmin);
        Assert.Equal(HttpStatusCode.OK, asAdmin.StatusCode);
        Assert.False(revoked.IsAdmin);
        Assert.Equal((403, "not_an_administrator"), await afterRevoke.StatusAndCodeAsync());
        Assert.Single(await Server.AuditLogAsync(AuditActions.AdminGranted), l => l.TargetId == Id(helper) && l.ActorId == Admin.Id);
        Assert.Single(await Server.AuditLogAsync(AuditActions.AdminRevoked), l => l.TargetId == Id(helper) && l.ActorId == helper.Id);
    }

    /// <summary>Search finds an account by part of its username, display name or email, and pages by offset with the total.</summary>
    [Fact]
    public async Task Search_ByUsernameDisplayNameOrEmail_FindsTheAccount_AndPages()
    {
        var tag = ApiClient.UniqueName("findme");
        using var first = await ApiClient.RegisterAsync(Server, tag + "a", displayName: "Quintessa Zebulon");
        using var second = await ApiClient.RegisterAsync(Server, tag + "b");

        var byName = await ApiClient.ReadAsync<AdminPage<AdminUserRow>>(Admin.GetAsync($"/api/admin/users?q={tag}&limit=1"));
        var nextPage = await ApiClient.ReadAsync<AdminPage<AdminUserRow>>(Admin.GetAsync($"/api/admin/users?q={tag}&limit=1&offset=1"));
        var byDisplayName = await ApiClient.ReadAsync<AdminPage<AdminUserRow>>(Admin.GetAsync("/api/admin/users?q=quintessa%20zeb"));
        var byEmail = await ApiClient.ReadAsync<AdminPage<AdminUserRow>>(Admin.GetAsync($"/api/admin/users?q={Uri.EscapeDataString(second.Me.Email)}"));
        using var tooLong = await Admin.GetAsync($"/api/admin/users?q={new string('a', AdminUsers.MaxSearchLength + 1)}");

        Assert.Equal((2, first.Id, second.Id), (byName.Total, Assert.Single(byName.Items).Id, Assert.Single(nextPage.Items).Id));
        Assert.Equal(first.Id, Assert.Single(byDisplayName.Items).Id);
        Assert.Equal(second.Id, Assert.Single(byEmail.Items).Id);
        Assert.Equal((400, "validation_failed"), await tooLong.StatusAndCodeAsync());
    }

    /// <summary>The user view counts what an administrator needs to judge an account (sessions, rooms, messages) and says whether two-factor is on.</summary>
    [Fact]
    public async Task Get_User_ShowsSessionsRoomsMessagesAndTwoFactor()
    {
        using var user = await fixture.UserAsync("counted");
        using var secondSession = await ApiClient.SignInAsync(Server, user.Username, user.Password);
        var room = await user.CreateRoomAsync("private", name: ApiClient.UniqueName("counting"));
        await using (var hub = await user.ConnectHubAsync())
        {
            await hub.InvokeAsync("SendMessage", new { roomId = room.Id, text = "one" });
            await hub.InvokeAsync("SendMessage", new { roomId = room.Id, text = "two" });
        }

        var detail = await ApiClient.ReadAsync<AdminUserDetail>(Admin.GetAsync($"/api/admin/users/{user.Id}"));
        using var missing = await Admin.GetAsync("/api/admin/users/999999999");

        var rooms = (await user.ConversationsAsync()).Count;
        // Registering left a browser session beside the two tokens.
        Assert.Equal((user.Username, 3, rooms, 2, false, false, false), (detail.Username, detail.ActiveSessions, detail.Rooms, detail.Messages, detail.TwoFactorEnabled, detail.IsAdmin, detail.DeactivatedAt is not null));
        Assert.NotNull(detail.LastSeenAt);
        Assert.Equal((404, "user_not_found"), await missing.StatusAndCodeAsync());
    }

    /// <summary>The console cannot take the role from the server's only administrator: nobody would be left to run it.</summary>
    [Fact]
    public async Task SetAdministrator_RevokeTheOnlyOne_IsRefused()
    {
        await using var server = await ParleyServer.StartAsync();
        using var founder = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("founder"));

        using var response = await founder.PutAsync($"/api/admin/users/{founder.Id}/admin", new { isAdmin = false });

        Assert.Equal((409, "last_administrator"), await response.StatusAndCodeAsync());
        Assert.True((await ApiClient.ReadAsync<Parley.Accounts.MeDto>(founder.GetAsync("/api/me"))).IsAdmin);
        Assert.Empty(await server.AuditLogAsync(AuditActions.AdminRevoked));
    }

    /// <summary>The console's calls share one per-administrator limit: beyond the burst they are refused with 429 and when to retry.</summary>
    [Fact]
    public async Task AdminCalls_BeyondTheBurst_Are429()
    {
        await using var server = await ParleyServer.StartAsync(new Dictionary<string, string>
        {
            ["Parley:RateLimits:AdminActions:Burst"] = "2",
            ["Parley:RateLimits:AdminActions:PerMinute"] = "1",
        });
        using var founder = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("founder"));

        using var first = await founder.GetAsync("/api/admin/dashboard");
        using var second = await founder.GetAsync($"/api/admin/users/{founder.Id}");
        using var third = await founder.GetAsync("/api/admin/audit");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.Equal((429, "rate_limited"), await third.StatusAndCodeAsync());
        Assert.NotNull(third.Headers.RetryAfter);
    }

    private static string Id(ApiClient user) => user.Id.ToString(CultureInfo.InvariantCulture);
}
