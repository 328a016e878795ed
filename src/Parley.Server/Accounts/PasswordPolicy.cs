using System.Collections.Frozen;
using Microsoft.AspNetCore.Identity;
using Parley.Infrastructure.Data;

namespace Parley.Accounts;

/// <summary>
/// Passwords in the spirit of NIST SP 800-63B: long enough, not a known common password, not the account's
/// own name or email — and no composition rules, which push people to predictable patterns.
/// </summary>
public sealed class PasswordPolicy
{
    public const int MinLength = 10;
    public const int MaxLength = 256;

    private static readonly Lazy<FrozenSet<string>> CommonPasswords = new(LoadCommonPasswords);

    /// <summary>The rules as the sign-up form shows them, before anyone fails them.</summary>
    public static readonly string[] Rules =
    [
        $"At least {MinLength} characters; long passphrases are welcome.",
        "Not a commonly used password.",
        "Not your username or email address.",
    ];

    public static IReadOnlyList<string> Check(string? password, string? username, string? email)
    {
        if (string.IsNullOrEmpty(password))
        {
            return ["Choose a password."];
        }

        var errors = new List<string>();
        var length = Infrastructure.TextLength.Of(password);
        if (length < MinLength)
        {
            errors.Add($"Use at least {MinLength} characters (you have {length}).");
        }
        else if (length > MaxLength)
        {
            errors.Add($"Use at most {MaxLength} characters.");
        }

        if (IsCommon(password))
        {
            errors.Add("This password is too common: it appears in lists of leaked passwords. Choose another.");
        }

        if (Matches(password, username) || Matches(password, email))
        {
            errors.Add("Your password must not be your username or email address.");
        }

        return errors;
    }

    public static bool IsCommon(string password) => CommonPasswords.Value.Contains(password.ToLowerInvariant());

    private static bool Matches(string password, string? other) =>
        !string.IsNullOrEmpty(other) && string.Equals(password.Trim(), other.Trim(), StringComparison.OrdinalIgnoreCase);

    private static FrozenSet<string> LoadCommonPasswords()
    {
        using var stream = typeof(PasswordPolicy).Assembly.GetManifestResourceStream("Parley.Accounts.common-passwords.txt")
            ?? throw new InvalidOperationException("The common-password list is missing from the build.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
            {
                set.Add(line);
            }
        }

        return set.ToFrozenSet(StringComparer.Ordinal);
    }
}

/// <summary>Plugs <see cref="PasswordPolicy"/> into Identity so every password change goes through it.</summary>
internal sealed class PasswordPolicyValidator : IPasswordValidator<User>
{
    public Task<IdentityResult> ValidateAsync(UserManager<User> manager, User user, string? password)
    {
        var errors = PasswordPolicy.Check(password, user.UserName, user.Email);
        return Task.FromResult(errors.Count == 0
            ? IdentityResult.Success
            : IdentityResult.Failed([.. errors.Select(e => new IdentityError { Code = "password", Description = e })]));
    }
}
