using Parley.Accounts;

namespace Parley.Messages;

/// <summary>A stored message as clients see it, over HTTP and in the messageReceived event.</summary>
public sealed record MessageDto(
    long Id,
    long RoomId,
    UserSummary Author,
    string Text,
    DateTime CreatedAt,
    MessageKind Kind,
    string? ClientMessageId);

/// <summary>The one argument of the hub's SendMessage: an object, so later features add fields without breaking clients.</summary>
public sealed record SendMessageRequest(long RoomId, string? Text, string? ClientMessageId);

public sealed record TypingRequest(long RoomId);

/// <summary>A page of history in chronological order; <see cref="HasMore"/> says whether paging further in the same direction finds more.</summary>
public sealed record MessagePage(IReadOnlyList<MessageDto> Messages, bool HasMore);
