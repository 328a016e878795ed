using Parley.Conversations;
using Parley.Infrastructure;

namespace Parley.Rooms;

/// <summary>What a valid room looks like and who may do what in one. Pure, so the tests can state every rule.</summary>
public static class RoomRules
{
    public const int MaxNameLength = 80;
    public const int MaxTopicLength = 250;
    public const int MinPasswordLength = 6;
    public const int MaxPasswordLength = 128;

    public static string? CheckName(string? name)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            return "Give the room a name.";
        }

        if (trimmed.Any(char.IsControl))
        {
            return "A room name must be a single line of text.";
        }

        return TextLength.Of(trimmed) > MaxNameLength ? $"A room name is at most {MaxNameLength} characters." : null;
    }

    public static string? CheckTopic(string? topic) =>
        topic is not null && TextLength.Of(topic.Trim()) > MaxTopicLength ? $"A topic is at most {MaxTopicLength} characters." : null;

    public static string? CheckPassword(string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return "A password-protected room needs a password.";
        }

        var length = TextLength.Of(password);
        return length < MinPasswordLength || length > MaxPasswordLength
            ? $"A room password is {MinPasswordLength} to {MaxPasswordLength} characters."
            : null;
    }

    public static bool CanEditDetails(MemberRole role) => role >= MemberRole.Admin;

    public static bool CanChangeAccess(MemberRole role) => role == MemberRole.Owner;

    public static bool CanDelete(MemberRole role) => role == MemberRole.Owner;

    public static bool CanManageInvites(MemberRole role) => role >= MemberRole.Admin;

    public static bool CanChangeRoles(MemberRole role) => role == MemberRole.Owner;

    /// <summary>The owner removes anyone else; an admin removes plain members; nobody removes a peer or superior.</summary>
    public static bool CanRemove(MemberRole actor, MemberRole target) => actor >= MemberRole.Admin && actor > target;

    /// <summary>Non-members may see that a public or password room exists (to join it); a private room stays hidden.</summary>
    public static bool IsDiscoverable(RoomVisibility visibility) => visibility != RoomVisibility.Private;
}
