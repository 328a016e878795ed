using Parley.Events;

namespace Parley.Messages;

/// <summary>The one argument of the hub's SendMessage: an object, so later features add fields without breaking clients.</summary>
public sealed record SendMessageRequest(long RoomId, string? Text, string? ClientMessageId);

public sealed record TypingRequest(long RoomId);

/// <summary>The messages around one (a search hit, a link): older ones, it, newer ones.</summary>
public sealed record MessageWindow(IReadOnlyList<MessageDto> Messages, bool HasOlder, bool HasNewer);

/// <summary>A page of history in chronological order; <see cref="HasMore"/> says whether paging further in the same direction finds more.</summary>
public sealed record MessagePage(IReadOnlyList<MessageDto> Messages, bool HasMore);
