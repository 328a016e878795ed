using System.Net;
using System.Net.Sockets;
using Parley.Administration;
using Parley.Audit;

namespace Parley.Tests.Integration.Admin;

/// <summary>The console's "send a test mail": with the mail settings in force, to the administrator, reporting what went wrong.</summary>
public sealed class MailTestTests
{
    /// <summary>
    /// Mail settings saved at run time (the server started with none, writing mail to its outbox) are used at once:
    /// the test mail reaches the administrator's address through the SMTP server, and the audit log says so.
    /// </summary>
    [Fact]
    public async Task TestMail_ThroughSmtpSettingsSavedAtRunTime_ReachesTheAdministrator()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var server = await ParleyServer.StartAsync();
        using var admin = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("founder"));

        await admin.SaveSettingsOkAsync(new { mail = new { host = "127.0.0.1", port = smtp.Port, security = "none", from = "Parley <parley@test.example>" } });
        var sent = await ApiClient.ReadAsync<TestMailResponse>(admin.PostAsync("/api/admin/settings/test-mail"));
        var mail = await smtp.WaitForMessageAsync(admin.Me.Email);

        Assert.Equal((admin.Me.Email, (string?)null), (sent.SentTo, sent.OutboxFile));
        Assert.Equal("Parley test mail", mail.Subject);
        Assert.Equal("parley@test.example", mail.From.Mailboxes.Single().Address);
        var line = Assert.Single(await server.AuditLogAsync(AuditActions.TestMailSent));
        Assert.Equal($"Sent to {admin.Me.Email} via 127.0.0.1:{smtp.Port} (none)", line.Details);
    }

    /// <summary>
    /// A mail server that cannot be reached is reported at once as 502 mail_test_failed with a sentence that says
    /// what to check, and the failed attempt is in the audit log.
    /// </summary>
    [Fact]
    public async Task TestMail_SmtpServerUnreachable_ReportsAReadableError()
    {
        await using var server = await ParleyServer.StartAsync();
        using var admin = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("founder"));
        var closedPort = ClosedPort();

        await admin.SaveSettingsOkAsync(new { mail = new { host = "127.0.0.1", port = closedPort, security = "none" } });
        using var response = await admin.PostAsync("/api/admin/settings/test-mail");
        var problem = await response.ReadProblemAsync();

        Assert.Equal(((int)HttpStatusCode.BadGateway, "mail_test_failed"), (problem.Status, problem.Code));
        Assert.Contains("Could not connect", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("Check the host and port", problem.Detail, StringComparison.Ordinal);
        var line = Assert.Single(await server.AuditLogAsync(AuditActions.TestMailSent));
        Assert.StartsWith($"Failed via 127.0.0.1:{closedPort} (none): Could not connect", line.Details, StringComparison.Ordinal);
    }

    /// <summary>A loopback port nothing listens on: taken from the system, then let go.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
