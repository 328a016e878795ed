using System.Net;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace Parley.Tests.Integration.Mail;

public sealed class OutboxTests
{
    /// <summary>
    /// Without an SMTP server configured, mail is written as an .eml file to "outbox" in the data folder and the log
    /// names the file, so a self-hoster can still act on it; the log never carries the link itself.
    /// </summary>
    [Fact]
    public async Task Mail_NoSmtpHost_IsWrittenToTheOutboxAndTheLogSaysWhere()
    {
        await using var server = await ParleyServer.StartAsync(new Dictionary<string, string> { ["Logging:LogLevel:Parley"] = "Information" });
        var logs = LogCapture.AttachTo(server);
        using var user = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("outbox"));
        var outbox = Path.Combine(server.DataDirectory, "outbox");

        using (var browser = BrowserSession.Create(server))
        {
            using var response = await browser.PostAsync("/api/auth/forgot-password", new { email = user.Me.Email });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await Poll.UntilAsync(() => Task.FromResult(Directory.Exists(outbox) && Directory.GetFiles(outbox, "*.eml").Length == 1), TimeSpan.FromSeconds(10), "a mail in the outbox");
        var path = Directory.GetFiles(outbox, "*.eml").Single();
        var mail = await MimeMessage.LoadAsync(path);
        Assert.Equal(user.Me.Email, mail.To.Mailboxes.Single().Address);
        var link = MailFixture.LinkIn(mail);
        await Poll.UntilAsync(() => Task.FromResult(logs.Entries.Any(e => e.Message.Contains(path, StringComparison.Ordinal))), TimeSpan.FromSeconds(5), "the log naming the file");
        var entry = logs.Entries.Single(e => e.Message.Contains(path, StringComparison.Ordinal));
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(MailFixture.TokenOf(link), StringComparison.Ordinal));
    }
}
