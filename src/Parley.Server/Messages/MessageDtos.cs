using Parley.Accounts;

namespace Parley.Messages;

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

/// <summary>The one argument of the hub's SendMessage: an object, so later features add fields without breaking clients.</summary>
public sealed record SendMessageRequest(long RoomId, string? Text, string? ClientMessageId);

public sealed record TypingRequest(long RoomId);

/// <summary>The messages around one (a search hit, a link): older ones, it, newer ones.</summary>
public sealed record MessageWindow(IReadOnlyList<MessageDto> Messages, bool HasOlder, bool HasNewer);

/// <summary>A page of history in chronological order; <see cref="HasMore"/> says whether paging further in the same direction finds more.</summary>
public sealed record MessagePage(IReadOnlyList<MessageDto> Messages, bool HasMore);
