using System.Text.RegularExpressions;

namespace Parley.Messages;

/// <summary>Finds the @names in a message: "@alice", "thanks @bob.", "(@carol)". Pure, so the rules are testable.</summary>
public static partial class Mentions
{
    /// <summary>The word that mentions everyone in a room (admins and owners only); reserved as a username.</summary>
    public const string Room = "room";

    public sealed record Parsed(IReadOnlySet<string> Usernames, bool MentionsRoom);

    public static Parsed Parse(string text)
    {
        var usernames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var room = false;
        foreach (Match match in Mention().Matches(text))
        {
            // A sentence may end right after a name: "ask @bob." mentions bob.
            var name = match.Groups["name"].Value.TrimEnd('.', '-');
            if (name.Equals(Room, StringComparison.OrdinalIgnoreCase))
            {
                room = true;
            }
            else if (name.Length >= Accounts.UsernameRules.MinLength)
            {
                usernames.Add(name);
            }
        }

        return new Parsed(usernames, room);
    }

    // '@' at the start or after something that is not part of a word or an address (so mail@example.com is no mention).
    [GeneratedRegex(@"(?<![\w@.])@(?<name>[A-Za-z0-9_.\-]{1,32})")]
    private static partial Regex Mention();
}
