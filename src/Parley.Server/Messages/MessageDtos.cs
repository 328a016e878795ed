using Parley.Events;

namespace Parley.Messages;

/// <summary>
/// The one argument of the hub's SendMessage: an object, so later features add fields without breaking clients.
/// <see cref="AttachmentIds"/> are the sender's own uploads into this conversation, not yet sent; <see cref="GifId"/> a
/// GIF from the picker. Either lets <see cref="Text"/> be empty; the two do not go together.
/// </summary>
public sealed record SendMessageRequest(long RoomId, string? Text, string? ClientMessageId, long? ReplyToId = null, IReadOnlyList<string>? AttachmentIds = null, string? GifId = null);

public sealed record EditMessageRequest(string? Text);

public sealed record TypingRequest(long RoomId);

/// <summary>
/// The messages around one (a search hit, a link): older ones, it, newer ones. <see cref="ChangeSeq"/> is the
/// conversation's change sequence read before the messages: changes to them after this are all greater.
/// </summary>
public sealed record MessageWindow(IReadOnlyList<MessageDto> Messages, bool HasOlder, bool HasNewer, long ChangeSeq);

/// <summary>
/// A page of history in chronological order; <see cref="HasMore"/> says whether paging further in the same direction
/// finds more. <see cref="ChangeSeq"/>: as in <see cref="MessageWindow"/>. A page of changes (…/messages/changes) is
/// ordered by change sequence instead, and its <see cref="ChangeSeq"/> is where the next page starts.
/// </summary>
public sealed record MessagePage(IReadOnlyList<MessageDto> Messages, bool HasMore, long ChangeSeq);
