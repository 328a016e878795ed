using System.Net;

namespace Parley.Accounts.Mail;

/// <summary>The mails Parley sends about an account: short, one link, the same words as text and as HTML.</summary>
public static class AccountMail
{
    public static OutgoingMail PasswordReset(string to, string username, Uri link, TimeSpan validFor) => Compose(
        to,
        "Reset your Parley password",
        $"Someone (hopefully you) asked to reset the password of the Parley account \"{username}\".",
        "Choose a new password",
        link,
        $"The link works once, for {Describe(validFor)}. Using it signs the account out everywhere else. If you did not ask, ignore this mail: your password stays as it is.");

    public static OutgoingMail VerifyNewAccount(string to, string username, Uri link, TimeSpan validFor) => Compose(
        to,
        "Verify your email address for Parley",
        $"Welcome to Parley, {username}. Please confirm that this address is yours.",
        "Verify my email address",
        link,
        $"The link works once, for {Describe(validFor)}. If you did not create this account, ignore this mail.");

    public static OutgoingMail ConfirmNewAddress(string to, string username, Uri link, TimeSpan validFor) => Compose(
        to,
        "Confirm your new email address for Parley",
        $"The Parley account \"{username}\" asked to use this address from now on. It changes only once you confirm.",
        "Confirm this address",
        link,
        $"The link works once, for {Describe(validFor)}. If you did not ask for this, ignore this mail: nothing changes.");

    private static OutgoingMail Compose(string to, string subject, string intro, string action, Uri link, string outro)
    {
        var text = $"{intro}\n\n{action}:\n{link.AbsoluteUri}\n\n{outro}\n";
        var html = $"""
            <!DOCTYPE html>
            <html><body style="font-family: sans-serif; line-height: 1.5">
            <p>{WebUtility.HtmlEncode(intro)}</p>
            <p><a href="{WebUtility.HtmlEncode(link.AbsoluteUri)}">{WebUtility.HtmlEncode(action)}</a></p>
            <p>{WebUtility.HtmlEncode(outro)}</p>
            </body></html>
            """;
        return new OutgoingMail(to, subject, text, html);
    }

    private static string Describe(TimeSpan span) => span.TotalHours >= 1 && span.TotalHours % 1 == 0
        ? $"{span.TotalHours:0} hour{(span.TotalHours == 1 ? "" : "s")}"
        : $"{span.TotalMinutes:0} minutes";
}
