using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parley.Accounts;
using Parley.Administration;
using Parley.Audit;

namespace Parley.Tests.Integration.Admin;

/// <summary>Registration open, invite-only (with administrators' invite codes) or closed, switched at run time.</summary>
public sealed class RegistrationModeTests
{
    /// <summary>Closed in the console, registration is refused at once with registration_closed, and the sign-up form is told so.</summary>
    [Fact]
    public async Task Register_WhileClosed_IsRefusedRegistrationClosed()
    {
        await using var server = await ParleyServer.StartAsync();
        using var admin = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("founder"));

        await admin.SaveSettingsOkAsync(new { registrationMode = "closed" });
        using var refused = await SettingsCalls.RegisterAsync(server);
        using var anonymous = ApiClient.Anonymous(server);
        var policy = await ApiClient.ReadAsync<RegistrationPolicyResponse>(anonymous.GetAsync("/api/auth/registration"));

        Assert.Equal((403, "registration_closed"), await refused.StatusAndCodeAsync());
        Assert.Equal(new RegistrationPolicyResponse(RegistrationMode.Closed, Open: false, InviteCodeRequired: false), policy);
        var line = Assert.Single(await server.AuditLogAsync(AuditActions.SettingChanged));
        Assert.Equal(("Registration:Mode", "open → closed"), (line.TargetName, line.Details));
    }

    /// <summary>
    /// A server configured closed from the start still lets its first account register (it becomes the administrator
    /// who can open it); the second is refused.
    /// </summary>
    [Fact]
    public async Task Register_FirstAccountOnAClosedServer_IsLetIn_TheSecondIsNot()
    {
        await using var server = await ParleyServer.StartAsync(new Dictionary<string, string> { ["Parley:Registration:Mode"] = "Closed" });
        using var anonymous = ApiClient.Anonymous(server);
        var policyBefore = await ApiClient.ReadAsync<RegistrationPolicyResponse>(anonymous.GetAsync("/api/auth/registration"));

        using var first = await SettingsCalls.RegisterAsync(server);
        using var second = await SettingsCalls.RegisterAsync(server);

        Assert.True(policyBefore.Open);
        Assert.Equal(System.Net.HttpStatusCode.Created, first.StatusCode);
        Assert.Equal((403, "registration_closed"), await second.StatusAndCodeAsync());
    }

    /// <summary>
    /// Invite-only: no code is refused with invite_code_required, a wrong one with invite_code_invalid; an
    /// administrator's code (typed in lower case) registers the account and counts one use.
    /// </summary>
    [Fact]
    public async Task Register_InviteOnly_NeedsAValidCode()
    {
        await using var server = await ParleyServer.StartAsync();
        using var admin = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("founder"));
        await admin.SaveSettingsOkAsync(new { registrationMode = "inviteOnly" });
        var code = await admin.CreateInviteCodeAsync(maxUses: 5, note: "for the book club");

        using var withoutCode = await SettingsCalls.RegisterAsync(server);
        using var wrongCode = await SettingsCalls.RegisterAsync(server, "AAAA-BBBB-CCCC");
        using var rightCode = await SettingsCalls.RegisterAsync(server, " " + code.Code.ToLowerInvariant());
        using var anonymous = ApiClient.Anonymous(server);
        var policy = await ApiClient.ReadAsync<RegistrationPolicyResponse>(anonymous.GetAsync("/api/auth/registration"));

        Assert.Equal((400, "invite_code_required"), await withoutCode.StatusAndCodeAsync());
        Assert.Equal((400, "invite_code_invalid"), await wrongCode.StatusAndCodeAsync());
        Assert.Equal(System.Net.HttpStatusCode.Created, rightCode.StatusCode);
        Assert.True(policy.InviteCodeRequired);
        var listed = Assert.Single(await admin.InviteCodesAsync());
        Assert.Equal((1, InviteCodeStatus.Active, "for the book club"), (listed.Uses, listed.Status, listed.Note));
        var line = Assert.Single(await server.AuditLogAsync(AuditActions.InviteCodeCreated));
        Assert.Equal((admin.Username, "for the book club", "5 uses, no expiry"), (line.ActorName, line.TargetName, line.Details));
    }

    /// <summary>A code used up, revoked or expired admits nobody, each with a sentence that says which.</summary>
    [Fact]
    public async Task Register_WithAUsedUpRevokedOrExpiredCode_IsRefused()
    {
        await using var server = await ParleyServer.StartAsync();
        using var admin = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("founder"));
        await admin.SaveSettingsOkAsync(new { registrationMode = "inviteOnly" });
        var once = await admin.CreateInviteCodeAsync(maxUses: 1);
        var revoked = await admin.CreateInviteCodeAsync();
        var expiring = await admin.CreateInviteCodeAsync(expiresAt: DateTime.UtcNow.AddDays(1));

        using var firstUse = await SettingsCalls.RegisterAsync(server, once.Code);
        using var secondUse = await SettingsCalls.RegisterAsync(server, once.Code);
        (await admin.DeleteAsync($"/api/admin/invite-codes/{revoked.Id}")).Dispose();
        using var afterRevoke = await SettingsCalls.RegisterAsync(server, revoked.Code);
        await ExpireAsync(server, expiring.Id);
        using var afterExpiry = await SettingsCalls.RegisterAsync(server, expiring.Code);

        Assert.Equal(System.Net.HttpStatusCode.Created, firstUse.StatusCode);
        var problems = new[] { await secondUse.ReadProblemAsync(), await afterRevoke.ReadProblemAsync(), await afterExpiry.ReadProblemAsync() };
        Assert.All(problems, p => Assert.Equal((400, "invite_code_invalid"), (p.Status, p.Code)));
        Assert.Contains("used as often", problems[0].Detail, StringComparison.Ordinal);
        Assert.Contains("not valid", problems[1].Detail, StringComparison.Ordinal);
        Assert.Contains("expired", problems[2].Detail, StringComparison.Ordinal);
        var statuses = (await admin.InviteCodesAsync()).ToDictionary(c => c.Id, c => c.Status);
        Assert.Equal((InviteCodeStatus.UsedUp, InviteCodeStatus.Revoked, InviteCodeStatus.Expired), (statuses[once.Id], statuses[revoked.Id], statuses[expiring.Id]));
        var line = Assert.Single(await server.AuditLogAsync(AuditActions.InviteCodeRevoked));
        Assert.Equal((revoked.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "Used 0 times"), (line.TargetId, line.Details));
    }

    /// <summary>Of several people registering at once with a code's last use, exactly one gets in; the code counts one use.</summary>
    [Fact]
    public async Task Register_SeveralRaceForTheLastUse_ExactlyOneSucceeds()
    {
        await using var server = await ParleyServer.StartAsync();
        using var admin = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("founder"));
        await admin.SaveSettingsOkAsync(new { registrationMode = "inviteOnly" });
        var code = await admin.CreateInviteCodeAsync(maxUses: 1);

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => SettingsCalls.RegisterAsync(server, code.Code)));

        var outcomes = new List<(int, string)>();
        foreach (var response in responses)
        {
            outcomes.Add(response.IsSuccessStatusCode ? ((int)response.StatusCode, "created") : await response.StatusAndCodeAsync());
            response.Dispose();
        }

        Assert.Equal(1, outcomes.Count(o => o == (201, "created")));
        Assert.Equal(5, outcomes.Count(o => o == (400, "invite_code_invalid")));
        Assert.Equal(1, Assert.Single(await admin.InviteCodesAsync()).Uses);
    }

    /// <summary>A code that cannot be made (no uses, an expiry in the past, a note too long) is refused per field; none is made.</summary>
    [Fact]
    public async Task CreateInviteCode_InvalidValues_AreRefusedWithFieldErrors()
    {
        await using var server = await ParleyServer.StartAsync();
        using var admin = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("founder"));

        using var response = await admin.PostAsync("/api/admin/invite-codes", new { maxUses = 0, expiresAt = DateTime.UtcNow.AddMinutes(-1), note = new string('n', 201) });
        var problem = await response.ReadProblemAsync();

        Assert.Equal((400, "validation_failed"), (problem.Status, problem.Code));
        Assert.Equal(["expiresAt", "maxUses", "note"], problem.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(await admin.InviteCodesAsync());
    }

    /// <summary>Time passing for one code: its expiry moved into the past, as a day going by would.</summary>
    private static async Task ExpireAsync(ParleyServer server, long codeId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        await db.InviteCodes.Where(c => c.Id == codeId).ExecuteUpdateAsync(c => c.SetProperty(x => x.ExpiresAt, DateTime.UtcNow.AddMinutes(-1)));
    }
}
