using System.Net.Mail;
using System.Text.RegularExpressions;
using Parley.Infrastructure;

namespace Parley.Accounts;

/// <summary>
/// Usernames are 3–32 ASCII letters, digits, '_', '.', '-'. ASCII only on purpose: Unicode letters allow
/// look-alike names ("аlice" with a Cyrillic а) that impersonate others; display names may use any script.
/// </summary>
public static partial class UsernameRules
{
    public const int MinLength = 3;
    public const int MaxLength = 32;
    public const string AllowedCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-";

    public static string? Check(string? username)
    {
        if (string.IsNullOrEmpty(username))
        {
            return "Choose a username.";
        }

        if (username.Length < MinLength || username.Length > MaxLength)
        {
            return $"A username is {MinLength} to {MaxLength} characters long.";
        }

        if (!Allowed().IsMatch(username))
        {
            return "A username may contain only letters (a–z), digits and the characters _ . -";
        }

        return Reserved.Contains(username) ? $"“{username}” is reserved. Choose another username." : null;
    }

    /// <summary>Words that mean something after an @ in a message.</summary>
    private static readonly HashSet<string> Reserved = new(["room", "here", "everyone", "channel", "all"], StringComparer.OrdinalIgnoreCase);

    [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
    private static partial Regex Allowed();
}

public static class AccountRules
{
    public const int MaxEmailLength = 254;
    public const int MaxDisplayNameLength = 64;
    public const int MaxStatusLength = 100;

    public static string? CheckEmail(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return "Enter your email address.";
        }

        if (email.Length > MaxEmailLength)
        {
            return $"An email address is at most {MaxEmailLength} characters.";
        }

        // MailAddress accepts display-name forms ("Bob <b@x.y>"); a well-formed address is exactly its own Address.
        return MailAddress.TryCreate(email, out var parsed) && parsed.Address == email && email.Contains('.', StringComparison.Ordinal) && !email.EndsWith('.')
            ? null
            : "Enter an email address like name@example.com.";
    }

    /// <summary>Null when acceptable (or not given); <paramref name="normalized"/> is then the form to store (NameText).</summary>
    public static string? CheckDisplayName(string? displayName, out string? normalized)
    {
        normalized = null;
        if (displayName is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(displayName))
        {
            return "A display name cannot be blank.";
        }

        if (NameText.Check(displayName, "A display name", out var checkedName) is { } error)
        {
            return error;
        }

        normalized = checkedName;
        return TextLength.Of(checkedName) > MaxDisplayNameLength ? $"A display name is at most {MaxDisplayNameLength} characters." : null;
    }

    /// <summary>
    /// Null when acceptable (or not given); <paramref name="normalized"/> is then the form to store: one line, NameText's
    /// rules (no line breaks, controls or invisible characters), and null for a blank status, which clears it.
    /// </summary>
    public static string? CheckStatus(string? status, out string? normalized)
    {
        normalized = null;
        if (string.IsNullOrWhiteSpace(status))
        {
            return null;
        }

        if (NameText.Check(status, "A status", out var checkedStatus) is { } error)
        {
            return error;
        }

        normalized = checkedStatus;
        return TextLength.Of(checkedStatus) > MaxStatusLength ? $"A status is at most {MaxStatusLength} characters." : null;
    }
}
