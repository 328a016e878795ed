using Parley.Events;
using Parley.Infrastructure.Data;

namespace Parley.Conversations;

/// <summary>Someone else in a direct conversation, with their presence.</summary>
public sealed record ParticipantDto(UserSummary User, bool Online, DateTime? LastSeenAt);

/// <summary>How far another member has read (shared only by people who send read receipts).</summary>
public sealed record ReadPositionDto(long UserId, long LastReadMessageId);

/// <summary>
/// A room or direct conversation as it appears in the caller's list. For a direct conversation
/// <see cref="Name"/> is the other participants' names and <see cref="Participants"/> lists them; for a room
/// <see cref="Participants"/> is empty and <see cref="Visibility"/> and <see cref="Role"/> are set.
/// <see cref="PinnedAt"/> and <see cref="HiddenUpToMessageId"/> are the caller's own, as in <see cref="ConversationStateDto"/>:
/// the list includes hidden conversations, and clients leave out those whose last message is not newer than the id.
/// </summary>
public sealed record ConversationDto(
    long Id,
    ConversationKind Kind,
    string Name,
    string? Topic,
    RoomVisibility? Visibility,
    MemberRole Role,
    int MemberCount,
    IReadOnlyList<ParticipantDto> Participants,
    MessageDto? LastMessage,
    int UnreadCount,
    int MentionCount,
    long LastReadMessageId,
    bool Muted,
    DateTime CreatedAt,
    IReadOnlyList<ReadPositionDto> ReadPositions,
    DateTime? PinnedAt,
    long? HiddenUpToMessageId);

public sealed record MarkReadRequest(long? MessageId);

public sealed record MarkReadHubRequest(long ConversationId, long? MessageId);

public sealed record MuteRequest(bool? Muted);

public sealed record PinRequest(bool? Pinned);

public sealed record HideRequest(bool? Hidden);
