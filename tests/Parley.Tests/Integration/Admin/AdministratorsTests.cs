using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parley.Accounts;
using Parley.Audit;

namespace Parley.Tests.Integration.Admin;

/// <summary>Who administers a server: its first account, and whoever the shell's <c>admin grant</c> names.</summary>
public sealed class AdministratorsTests
{
    /// <summary>On a fresh server the first account to register is its administrator; the accounts after it are not.</summary>
    [Fact]
    public async Task Register_FirstAccountOnAFreshServer_IsTheAdministrator_TheNextIsNot()
    {
        await using var server = await ParleyServer.StartAsync();
        using var browser = BrowserSession.Create(server);
        var founder = ApiClient.UniqueName("founder");

        var registered = await ApiClient.ReadAsync<MeDto>(browser.PostAsync("/api/auth/register", new { username = founder, email = $"{founder}@example.com", password = $"pw-{Guid.NewGuid():N}" }));
        using var second = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("joiner"));

        // The sign-up answer already says so: the web app shows the admin console without a reload.
        Assert.True(registered.IsAdmin);
        Assert.True((await ApiClient.ReadAsync<MeDto>(browser.Http.GetAsync("/api/me"))).IsAdmin);
        Assert.False((await ApiClient.ReadAsync<MeDto>(second.GetAsync("/api/me"))).IsAdmin);
    }

    /// <summary>Of accounts registering at the same moment on a fresh server, exactly one becomes administrator.</summary>
    [Fact]
    public async Task Register_SeveralAtOnceOnAFreshServer_ExactlyOneIsAdministrator()
    {
        await using var server = await ParleyServer.StartAsync();

        var users = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => ApiClient.RegisterAsync(server, ApiClient.UniqueName("racer"))));

        var admins = 0;
        foreach (var user in users)
        {
            admins += (await ApiClient.ReadAsync<MeDto>(user.GetAsync("/api/me"))).IsAdmin ? 1 : 0;
            user.Dispose();
        }

        Assert.Equal(1, admins);
    }

    /// <summary>
    /// <c>admin grant &lt;username&gt;</c> from the shell, against a stopped server's data folder, makes the account an
    /// administrator, records who did it in the audit log, and exits 0; the server started again sees it.
    /// </summary>
    [Fact]
    public async Task AdminGrantCommand_OnTheServersData_MakesTheAccountAnAdministrator()
    {
        await using var server = await ParleyServer.StartAsync();
        using (await ApiClient.RegisterAsync(server, ApiClient.UniqueName("founder")))
        {
        }

        var username = ApiClient.UniqueName("promoted");
        string password;
        using (var user = await ApiClient.RegisterAsync(server, username))
        {
            password = user.Password;
        }

        await server.StopAsync();
        var exitCode = await Program.Main(["admin", "grant", username, $"--Parley:DataDirectory={server.DataDirectory}", "--Logging:LogLevel:Default=Warning", .. server.DatabaseArguments]);
        await server.StartAsync();

        Assert.Equal(0, exitCode);
        using var again = await ApiClient.SignInAsync(server, username, password);
        Assert.True(again.Me.IsAdmin);
        var line = (await server.AuditLogAsync(AuditActions.AdminGranted)).First();
        Assert.Equal((AuditActor.CommandLine.Name, username), (line.ActorName, line.TargetName));
    }

    /// <summary>The shell names an unknown account, or asks for something it does not do: a message and a failing exit code, nothing changed.</summary>
    [Fact]
    public async Task AdminGrantCommand_UnknownUserOrVerb_FailsWithAMessage()
    {
        await using var server = await ParleyServer.StartAsync();
        await server.StopAsync();

        var unknownUser = await Program.Main(["admin", "grant", "nobody_here", $"--Parley:DataDirectory={server.DataDirectory}", "--Logging:LogLevel:Default=Warning"]);
        var unknownVerb = await Program.Main(["admin", "promote", "nobody_here", $"--Parley:DataDirectory={server.DataDirectory}", "--Logging:LogLevel:Default=Warning"]);

        Assert.Equal((1, 2), (unknownUser, unknownVerb));
    }

    /// <summary>The last active administrator cannot be demoted: a server must never be left with nobody to run it.</summary>
    [Fact]
    public async Task Revoke_TheOnlyAdministrator_IsRefused_UntilAnotherIsGranted()
    {
        await using var server = await ParleyServer.StartAsync();
        using var founder = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("founder"));
        using var helper = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("helper"));

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => server.SetAdministratorAsync(founder.Username, isAdmin: false));
        await server.SetAdministratorAsync(helper.Username);
        await server.SetAdministratorAsync(founder.Username, isAdmin: false);

        Assert.Equal(Administrators.LastAdministrator.Detail, refused.Message);
        Assert.False((await ApiClient.ReadAsync<MeDto>(founder.GetAsync("/api/me"))).IsAdmin);
        Assert.True((await ApiClient.ReadAsync<MeDto>(helper.GetAsync("/api/me"))).IsAdmin);
    }

    /// <summary>
    /// A deactivated account cannot sign in: the right password gets 403 account_deactivated, a wrong one the usual
    /// invalid_credentials (so a stranger cannot tell which accounts are deactivated).
    /// </summary>
    [Fact]
    public async Task SignIn_DeactivatedAccount_RightPasswordIsRefusedAsDeactivated_WrongOneAsUsual()
    {
        await using var server = await ParleyServer.StartAsync();
        using var user = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("gone"));
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.DeactivatedAt, DateTime.UtcNow));
        }

        using var anonymous = ApiClient.Anonymous(server);
        using var right = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = user.Username, password = user.Password });
        using var wrong = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = user.Username, password = "not the password" });

        Assert.Equal((403, "account_deactivated"), await right.StatusAndCodeAsync());
        Assert.Equal((401, "invalid_credentials"), await wrong.StatusAndCodeAsync());
    }
}
