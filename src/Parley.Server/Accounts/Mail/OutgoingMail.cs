namespace Parley.Accounts.Mail;

/// <summary>One mail to one person: the same words as plain text and as simple HTML.</summary>
public sealed record OutgoingMail(string To, string Subject, string Text, string Html);
