namespace Parley.Accounts.Mail;

/// <summary>Outgoing mail, under "Parley:Mail". Without a <see cref="Host"/>, mail goes to the outbox folder instead of SMTP.</summary>
public sealed class MailOptions
{
    public const string Section = "Parley:Mail";

    /// <summary>The SMTP server; empty: each mail is written as an .eml file to "outbox" in the data folder.</summary>
    public string Host { get; set; } = "";

    public int Port { get; set; } = 587;

    /// <summary>"starttls" (the default; refuses a server that cannot), "tls" (TLS from the first byte, port 465) or "none".</summary>
    public string Security { get; set; } = "starttls";

    /// <summary>Empty: the server takes mail without signing in.</summary>
    public string Username { get; set; } = "";

    public string Password { get; set; } = "";

    /// <summary>The sender, as people's mail programs show it.</summary>
    public string From { get; set; } = "Parley <parley@localhost>";
}
