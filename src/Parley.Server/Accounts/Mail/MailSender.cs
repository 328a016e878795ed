using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Parley.Infrastructure;

namespace Parley.Accounts.Mail;

/// <summary>
/// Sends queued mail one at a time: over SMTP when a host is configured, otherwise into the outbox folder, where a
/// self-hoster without a mail server can still open the message. A mail that cannot be sent is logged with the
/// reason; it is not retried (a reset or verification link can simply be asked for again).
/// </summary>
public sealed partial class MailSender(PendingMail queue, IOptionsMonitor<MailOptions> mailOptions, IOptions<ParleyOptions> options, ILogger<MailSender> logger) : BackgroundService
{
    private static readonly TimeSpan SmtpTimeout = TimeSpan.FromSeconds(30);

    public string OutboxDirectory { get; } = Path.Combine(Path.GetFullPath(options.Value.DataDirectory), "outbox");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var mail in queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await SendAsync(mail, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogSendFailed(logger, ex, mail.Subject, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: mail still queued is lost, as the log of its request says nothing was promised.
        }
    }

    /// <summary>
    /// Sends one mail now, in the caller's time, and throws what the SMTP server answered: for an administrator's
    /// test of the settings, who wants to see the error. Returns the .eml file's path when there is no SMTP server.
    /// </summary>
    public Task<string?> SendNowAsync(OutgoingMail mail, CancellationToken cancellationToken) => SendAsync(mail, cancellationToken);

    private async Task<string?> SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        var settings = mailOptions.CurrentValue;
        var message = Compose(mail, settings);
        if (string.IsNullOrWhiteSpace(settings.Host))
        {
            Directory.CreateDirectory(OutboxDirectory);
            var path = Path.Combine(OutboxDirectory, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid():N}.eml");
            // Written under another name and renamed, so whoever watches the folder never opens half a mail.
            var partial = path + ".partial";
            await message.WriteToAsync(partial, cancellationToken);
            File.Move(partial, path);
            LogWrittenToOutbox(logger, path);
            return path;
        }

        using var smtp = new SmtpClient { Timeout = (int)SmtpTimeout.TotalMilliseconds };
        await smtp.ConnectAsync(settings.Host.Trim(), settings.Port, SecurityOf(settings.Security), cancellationToken);
        if (!string.IsNullOrEmpty(settings.Username))
        {
            await smtp.AuthenticateAsync(settings.Username, settings.Password, cancellationToken);
        }

        await smtp.SendAsync(message, cancellationToken);
        await smtp.DisconnectAsync(quit: true, cancellationToken);
        LogSent(logger, settings.Host);
        return null;
    }

    internal static MimeMessage Compose(OutgoingMail mail, MailOptions settings)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(settings.From));
        message.To.Add(MailboxAddress.Parse(mail.To));
        message.Subject = mail.Subject;
        message.Body = new BodyBuilder { TextBody = mail.Text, HtmlBody = mail.Html }.ToMessageBody();
        return message;
    }

    internal static SecureSocketOptions SecurityOf(string security) => security.Trim().ToLowerInvariant() switch
    {
        "tls" => SecureSocketOptions.SslOnConnect,
        "none" => SecureSocketOptions.None,
        _ => SecureSocketOptions.StartTls,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "No SMTP server is configured (Parley:Mail:Host): the mail was written to {Path}")]
    private static partial void LogWrittenToOutbox(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A mail was sent through {Host}")]
    private static partial void LogSent(ILogger logger, string host);

    [LoggerMessage(Level = LogLevel.Error, Message = "A mail (\"{Subject}\") could not be sent: {Reason}")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, string subject, string reason);
}
