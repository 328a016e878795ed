using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Parley.Audit;

namespace Parley.Tests.Integration.Admin;

/// <summary>The audit log records security events as they happen, with who, what, when and from where, and forgets them after the retention period.</summary>
[Collection(SharedServer.Name)]
public sealed class AuditLogTests(ServerFixture fixture)
{
    private ParleyServer Server => fixture.Server;

    /// <summary>A wrong password, a lockout and a successful sign-in each leave a line naming the account and the client's address.</summary>
    [Fact]
    public async Task SignIn_FailuresLockoutAndSuccess_AreEachRecordedWithTheAccountAndAddress()
    {
        await using var server = await ParleyServer.StartAsync(new Dictionary<string, string> { ["Parley:SignIn:MaxFailedAttempts"] = "2" });
        using var user = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("audited"));
        using var anonymous = ApiClient.Anonymous(server);

        using (await anonymous.PostAsJsonAsync("/api/auth/token", new { username = user.Username, password = "wrong one" }))
        using (await anonymous.PostAsJsonAsync("/api/auth/token", new { username = user.Username, password = "wrong two" }))
        {
        }

        var failed = Assert.Single(await server.AuditLogAsync(AuditActions.SignInFailed), l => l.TargetName == user.Username);
        var locked = Assert.Single(await server.AuditLogAsync(AuditActions.SignInLockedOut), l => l.TargetName == user.Username);
        Assert.Equal(("user", user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "127.0.0.1", (long?)null), (failed.TargetType, failed.TargetId, failed.IpAddress, failed.ActorId));
        Assert.Contains("Too many failed sign-in attempts", locked.Details, StringComparison.Ordinal);
        var signedIn = Assert.Single(await server.AuditLogAsync(AuditActions.AccessTokenIssued), l => l.ActorId == user.Id);
        Assert.Equal(user.Username, signedIn.ActorName);
    }

    /// <summary>Guesses at a name nobody has are recorded too, under the name tried, so the console shows someone probing for accounts.</summary>
    [Fact]
    public async Task SignIn_UnknownUsername_IsRecordedUnderTheNameTried()
    {
        var tried = ApiClient.UniqueName("ghost");
        using var anonymous = ApiClient.Anonymous(Server);

        using (await anonymous.PostAsJsonAsync("/api/auth/token", new { username = tried, password = "anything at all" }))
        {
        }

        var line = Assert.Single(await Server.AuditLogAsync(AuditActions.SignInFailed), l => l.TargetName == tried);
        Assert.Null(line.TargetId);
    }

    /// <summary>Changing one's password, signing other sessions out and downloading one's data each leave a line naming the person, with what happened.</summary>
    [Fact]
    public async Task AccountSecurityActions_AreRecordedWithTheirOwnerAndWhatHappened()
    {
        using var user = await fixture.UserAsync("careful");
        using var laptop = await ApiClient.SignInAsync(Server, user.Username, user.Password);

        using (await user.PutAsync("/api/me/password", new { currentPassword = user.Password, newPassword = "another long passphrase here", signOutOtherSessions = false }))
        using (await user.PostAsync("/api/me/sessions/revoke-others"))
        using (var export = await user.GetAsync("/api/me/export"))
        {
            await export.Content.ReadAsByteArrayAsync();
        }

        var changed = Assert.Single(await Server.AuditLogAsync(AuditActions.PasswordChanged), l => l.ActorId == user.Id);
        var revoked = Assert.Single(await Server.AuditLogAsync(AuditActions.SessionsRevoked), l => l.ActorId == user.Id);
        Assert.Single(await Server.AuditLogAsync(AuditActions.DataExported), l => l.ActorId == user.Id);
        Assert.Equal("0 other session(s) ended.", changed.Details);
        // The registration's browser session and the laptop.
        Assert.Equal("Signed out everywhere else: 2 session(s) ended.", revoked.Details);
    }

    /// <summary>Lines older than the retention period are deleted; newer ones stay.</summary>
    [Fact]
    public async Task Retention_DeletesLinesOlderThanThePeriod_KeepsTheRest()
    {
        await using var server = await ParleyServer.StartAsync(new Dictionary<string, string> { ["Parley:Audit:Retention"] = "30.00:00:00" });
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
            db.AuditLog.AddRange(
                new AuditEntry { At = DateTime.UtcNow.AddDays(-31), Action = AuditActions.SignInFailed, Details = "old" },
                new AuditEntry { At = DateTime.UtcNow.AddDays(-29), Action = AuditActions.SignInFailed, Details = "recent" });
            await db.SaveChangesAsync();
        }

        var deleted = await server.GetRequiredService<AuditRetention>().DeleteExpiredAsync(CancellationToken.None);

        Assert.Equal(1, deleted);
        Assert.Equal(["recent"], (await server.AuditLogAsync(AuditActions.SignInFailed)).Select(l => l.Details));
    }
}
