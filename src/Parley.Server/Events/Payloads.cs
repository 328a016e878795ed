using Parley.Infrastructure.Data;

namespace Parley.Events;

// What events carry, and what clients see of the same things over HTTP: the records the contract is made of. They
// live below the features so that every feature, the event bus and the hub can name them without naming each other.

/// <summary>How a person appears next to what they did: in messages, member lists and events.</summary>
public sealed record UserSummary(long Id, string Username, string DisplayName);

/// <summary>Preferences that follow the user to every device.</summary>
public sealed record UserSettingsDto(bool SendReadReceipts, bool DoNotDisturb, bool NotificationSounds);

/// <summary>
/// A stored message as clients see it, over HTTP and in the messageReceived event. <see cref="RoomId"/> is the
/// conversation's id, a room's or a direct conversation's. <see cref="Mentions"/> are the ids of members named
/// with @username; <see cref="MentionsRoom"/> means everyone in the room was.
/// </summary>
public sealed record MessageDto(
    long Id,
    long RoomId,
    UserSummary Author,
    string Text,
    DateTime CreatedAt,
    MessageKind Kind,
    string? ClientMessageId,
    IReadOnlyList<long> Mentions,
    bool MentionsRoom);

public sealed record MemberDto(UserSummary User, MemberRole Role, DateTime JoinedAt, bool Online);

/// <summary>
/// The caller's own state in a conversation; sent to all their devices when it changes. <see cref="PinnedAt"/> is set
/// while it is pinned to the top of their list; <see cref="HiddenUpToMessageId"/> while it is hidden from the list,
/// which lasts until a message newer than that id arrives.
/// </summary>
public sealed record ConversationStateDto(
    long ConversationId,
    long LastReadMessageId,
    long ClearedBeforeMessageId,
    bool Muted,
    int UnreadCount,
    int MentionCount,
    DateTime? PinnedAt,
    long? HiddenUpToMessageId);

public sealed record RoomUpdatedEvent(long RoomId, string Name, string? Topic, RoomVisibility Visibility);

public enum MemberLeftReason
{
    Left = 1,
    Removed = 2,
}
