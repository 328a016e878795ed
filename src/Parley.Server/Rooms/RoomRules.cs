using Parley.Infrastructure;
using Parley.Infrastructure.Data;

namespace Parley.Rooms;

/// <summary>What a valid room looks like and who may do what in one. Pure, so the tests can state every rule.</summary>
public static class RoomRules
{
    public const int MaxNameLength = 80;
    public const int MaxTopicLength = 250;
    public const int MinPasswordLength = 6;
    public const int MaxPasswordLength = 128;

    /// <summary>Null when the name is acceptable; <paramref name="normalized"/> is then the form to store (NameText).</summary>
    public static string? CheckName(string? name, out string normalized)
    {
        normalized = "";
        if (string.IsNullOrWhiteSpace(name))
        {
            return "Give the room a name.";
        }

        if (NameText.Check(name, "A room name", out normalized) is { } error)
        {
            return error;
        }

        return TextLength.Of(normalized) > MaxNameLength ? $"A room name is at most {MaxNameLength} characters." : null;
    }

    /// <summary>Null when the topic is acceptable; <paramref name="normalized"/> is then the form to store, null for none.</summary>
    public static string? CheckTopic(string? topic, out string? normalized)
    {
        normalized = null;
        if (string.IsNullOrWhiteSpace(topic))
        {
            return null;
        }

        if (NameText.Check(topic, "A topic", out var checkedTopic) is { } error)
        {
            return error;
        }

        normalized = checkedTopic;
        return TextLength.Of(checkedTopic) > MaxTopicLength ? $"A topic is at most {MaxTopicLength} characters." : null;
    }

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
}
