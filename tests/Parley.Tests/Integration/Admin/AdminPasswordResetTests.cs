using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Parley.Administration;
using Parley.Audit;
using Parley.Tests.Integration.Mail;

namespace Parley.Tests.Integration.Admin;

/// <summary>An administrator forcing a password reset, through a real SMTP server.</summary>
public sealed class AdminPasswordResetTests(MailFixture mail) : IClassFixture<MailFixture>
{
    /// <summary>
    /// A forced reset stops the old password at once, ends every session, and mails the account a reset link that
    /// sets a new one; the action is audited. An account without an address cannot be sent one.
    /// </summary>
    [Fact]
    public async Task ForcePasswordReset_OldPasswordAndSessionsEnd_TheMailedLinkSetsANewOne()
    {
        using var admin = await mail.UserAsync("resetter");
        await mail.Server.SetAdministratorAsync(admin.Username);
        using var target = await mail.UserAsync("compromised");
        var before = mail.Smtp.To(MailFixture.EmailOf(target)).Count;

        var detail = await ApiClient.ReadAsync<AdminUserDetail>(admin.PostAsync($"/api/admin/users/{target.Id}/reset-password"));

        Assert.Equal(0, detail.ActiveSessions);
        Assert.Equal(HttpStatusCode.Unauthorized, (await target.GetAsync("/api/me")).StatusCode);
        using var anonymous = ApiClient.Anonymous(mail.Server);
        using var oldPassword = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = target.Username, password = target.Password });
        Assert.Equal((401, "invalid_credentials"), await oldPassword.StatusAndCodeAsync());
        var message = await mail.Smtp.WaitForMessageAsync(MailFixture.EmailOf(target), before);
        var link = MailFixture.LinkIn(message);
        Assert.StartsWith(MailFixture.PublicBaseUrl + "reset-password?token=", link.ToString(), StringComparison.Ordinal);
        using var reset = await mail.ResetPasswordAsync(MailFixture.TokenOf(link), "a brand new passphrase");
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        using var again = await ApiClient.SignInAsync(mail.Server, target.Username, "a brand new passphrase");
        var line = Assert.Single(await mail.Server.AuditLogAsync(AuditActions.UserPasswordResetForced), l => l.TargetId == target.Id.ToString(CultureInfo.InvariantCulture));
        // Registering left a browser session beside the token.
        Assert.Equal((admin.Id, "2 sessions ended"), (line.ActorId!.Value, line.Details));
    }
}
