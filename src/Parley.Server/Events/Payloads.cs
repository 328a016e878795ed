using System.Text.Json.Serialization;
using Parley.Infrastructure.Data;
using Parley.Media;

namespace Parley.Events;

// What events carry, and what clients see of the same things over HTTP: the records the contract is made of. They
// live below the features so that every feature, the event bus and the hub can name them without naming each other.

/// <summary>
/// How a person appears next to what they did: in messages, member lists and events. Clients see
/// <see cref="AvatarUrl"/>, not the version it is made from: the URL is the contract, the version an implementation detail.
/// </summary>
public sealed record UserSummary(long Id, string Username, string DisplayName, [property: JsonIgnore] int AvatarVersion)
{
    /// <summary>The profile picture (add ?size=64, 128 or 256); null while the user has none, and clients show initials.</summary>
    public string? AvatarUrl => AvatarVersion > 0 ? AvatarPath(Id, AvatarVersion) : null;

    public static string AvatarPath(long userId, int version) => $"/api/users/{userId}/avatar/{version}";
}

/// <summary>Preferences that follow the user to every device.</summary>
public sealed record UserSettingsDto(bool SendReadReceipts, bool DoNotDisturb, bool NotificationSounds);

/// <summary>
/// A stored message as clients see it, over HTTP and in every message event, always its full current state.
/// <see cref="RoomId"/> is the conversation's id, a room's or a direct conversation's. <see cref="Seq"/> is the
/// message's place in it: 1, 2, 3… without gaps, in id order, so a client that receives n+2 after n knows one is still
/// missing (several nodes publish independently) and fetches it with after=(the id of n). <see cref="Mentions"/> are
/// the ids of members named with @username; <see cref="MentionsRoom"/> means everyone in the room was.
/// <see cref="Deleted"/> marks a tombstone: no text, mentions, reactions or pin, but <see cref="ReplyTo"/> kept.
/// <see cref="ChangeSeq"/> is 0 until the message changes after it was sent, then the conversation's change
/// sequence at its latest change: of two copies of a message, the one with the higher value is the newer.
/// <see cref="Attachments"/> are its files (or its GIF) in the order sent; none on a tombstone.
/// </summary>
public sealed record MessageDto(
    long Id,
    long RoomId,
    long Seq,
    UserSummary Author,
    string Text,
    DateTime CreatedAt,
    MessageKind Kind,
    string? ClientMessageId,
    IReadOnlyList<long> Mentions,
    bool MentionsRoom,
    DateTime? EditedAt,
    bool Deleted,
    ReplyPreviewDto? ReplyTo,
    IReadOnlyList<ReactionDto> Reactions,
    PinDto? Pinned,
    long ChangeSeq,
    IReadOnlyList<AttachmentDto> Attachments);

/// <summary>
/// A file on a message, or one uploaded and not yet sent. <see cref="Url"/> is "/api/files/{id}" (a GIF: its provider's
/// media URL); <see cref="ContentType"/> is what the server detected. Dimensions are the original's; a voice
/// message has its <see cref="DurationMs"/> and <see cref="Waveform"/> (0–100 peaks).
/// </summary>
public sealed record AttachmentDto(
    string Id,
    FileKind Kind,
    string Name,
    string ContentType,
    long Size,
    string Url,
    string? ThumbnailUrl,
    int? Width,
    int? Height,
    int? DurationMs,
    IReadOnlyList<int>? Waveform,
    string? Provider);

/// <summary>The message a reply answers, as it is now: its first line, or <see cref="Deleted"/> with no excerpt.</summary>
public sealed record ReplyPreviewDto(long Id, UserSummary Author, string Excerpt, bool Deleted);

/// <summary>Everyone who reacted to a message with one emoji.</summary>
public sealed record ReactionDto(string Emoji, int Count, IReadOnlyList<UserSummary> Users);

public sealed record PinDto(UserSummary By, DateTime At);

/// <summary>A conversation member as member lists show them; <see cref="Status"/> is the line they set on their profile.</summary>
/// <summary><see cref="TimedOutUntil"/> is set while the member is timed out in the room (they read but may not write).</summary>
public sealed record MemberDto(UserSummary User, MemberRole Role, DateTime JoinedAt, bool Online, string? Status, DateTime? TimedOutUntil = null);

/// <summary>Someone's display name, status or picture changed: everything that shows them should show the new one.</summary>
public sealed record UserUpdatedEvent(UserSummary User, string? Status);

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

    /// <summary>Removed and banned: they cannot rejoin until unbanned.</summary>
    Banned = 3,
}
