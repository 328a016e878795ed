using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Parley.Access;
using Parley.Accounts;
using Parley.Accounts.Mail;
using Parley.Audit;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;

namespace Parley.Administration;

/// <summary>Where the test mail went: <see cref="OutboxFile"/> when no SMTP server is configured.</summary>
public sealed record TestMailResponse(string SentTo, string Detail, string? OutboxFile);

/// <summary>
/// "Send a test mail": to the administrator's own address, now, with the settings in force, answering with what the
/// mail server said, so a typo in the settings shows up here instead of in someone's lost password reset.
/// </summary>
public static class MailTestApi
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static RouteGroupBuilder MapMailTest(this RouteGroupBuilder api)
    {
        api.MapPost("/admin/settings/test-mail", SendAsync).WithTags("Administration").RequireRateLimiting(RuntimeSettingsSetup.TestMailPolicy)
            .WithSummary("Send a test mail to the signed-in administrator's address (administrators)")
            .WithDescription("Sent at once with the mail settings in force. When the mail server refuses, the answer is 502 mail_test_failed with its reason.");
        return api;
    }

    public static ApiError TestFailed(string reason) => new(StatusCodes.Status502BadGateway, "mail_test_failed", reason);

    public static readonly ApiError NoEmailAddress = ApiError.Conflict("no_email_address", "Your account has no email address to send a test mail to.");

    private static async Task<Results<Ok<TestMailResponse>, ProblemHttpResult>> SendAsync(
        HttpContext http, SiteAccess site, UserManager<User> users, MailSender sender, IOptionsMonitor<MailOptions> mailOptions, AuditLog audit, CancellationToken ct)
    {
        var grant = await site.AdministratorAsync(http.User.GetUserId(), ct);
        if (!grant.IsSuccess)
        {
            return grant.Error!.ToProblem();
        }

        var admin = await users.FindByIdAsync(grant.Value!.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (admin?.Email is not { Length: > 0 } to)
        {
            return NoEmailAddress.ToProblem();
        }

        var settings = mailOptions.CurrentValue;
        var via = string.IsNullOrWhiteSpace(settings.Host) ? "the outbox folder" : $"{settings.Host.Trim()}:{settings.Port} ({settings.Security})";
        var actor = AuditActor.Of(http);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        string? outboxFile;
        try
        {
            outboxFile = await sender.SendNowAsync(Compose(to, admin.UserName!, PublicAddress.BaseUrl(http), via), timeout.Token);
        }
        catch (Exception ex) when (Explain(ex, settings) is { } reason && !ct.IsCancellationRequested)
        {
            await audit.RecordAsync(AuditActions.TestMailSent, actor, AuditTarget.User(admin.Id, admin.UserName), $"Failed via {via}: {reason}");
            return TestFailed($"The test mail to {to} could not be sent via {via}. {reason}").ToProblem();
        }

        await audit.RecordAsync(AuditActions.TestMailSent, actor, AuditTarget.User(admin.Id, admin.UserName), $"Sent to {to} via {via}");
        return TypedResults.Ok(outboxFile is null
            ? new TestMailResponse(to, $"The mail server at {via} accepted a test mail to {to}. Check that it arrived.", null)
            : new TestMailResponse(to, $"No SMTP server is configured: the test mail was written to {outboxFile} on the server.", outboxFile));
    }

    private static OutgoingMail Compose(string to, string username, Uri baseUrl, string via)
    {
        var text = $"This is a test mail from Parley at {baseUrl.AbsoluteUri}, sent by {username} from the admin console through {via}.\n\nIf you can read it, password resets and address verifications can reach people too.\n";
        var html = $"""
            <!DOCTYPE html>
            <html><body style="font-family: sans-serif; line-height: 1.5">
            <p>This is a test mail from Parley at <a href="{WebUtility.HtmlEncode(baseUrl.AbsoluteUri)}">{WebUtility.HtmlEncode(baseUrl.AbsoluteUri)}</a>, sent by {WebUtility.HtmlEncode(username)} from the admin console through {WebUtility.HtmlEncode(via)}.</p>
            <p>If you can read it, password resets and address verifications can reach people too.</p>
            </body></html>
            """;
        return new OutgoingMail(to, "Parley test mail", text, html);
    }

    /// <summary>The failure in words an administrator can act on; null for what is not a mail problem (a bug: let it be a 500).</summary>
    private static string? Explain(Exception ex, MailOptions settings) => ex switch
    {
        OperationCanceledException => $"The mail server did not answer within {Timeout.TotalSeconds:0} seconds. Check the host and port, and that a firewall lets the server reach it.",
        SocketException socket => $"Could not connect: {socket.Message}. Check the host and port.",
        MailKit.Security.SslHandshakeException => "The TLS handshake failed. Use security \"tls\" for port 465, \"starttls\" for 587, and check the server's certificate.",
        MailKit.Security.AuthenticationException auth => $"The mail server refused the username or password: {auth.Message}",
        MailKit.Net.Smtp.SmtpCommandException command => $"The mail server answered {(int)command.StatusCode}: {command.Message}",
        MailKit.Net.Smtp.SmtpProtocolException protocol => $"The mail server broke off the conversation: {protocol.Message}",
        NotSupportedException notSupported when settings.Security.Trim().Equals("starttls", StringComparison.OrdinalIgnoreCase) =>
            $"The mail server does not offer STARTTLS ({notSupported.Message}). Use security \"tls\" or, on a trusted network only, \"none\".",
        MimeKit.ParseException parse => $"The sender address (From) cannot be used: {parse.Message}",
        IOException io => $"The connection failed: {io.Message}",
        _ => null,
    };
}
