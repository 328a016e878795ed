using Parley.Events;

namespace Parley.Realtime;

/// <summary>
/// The server → client contract, one method per event (docs/events.md says when each is sent and to whom).
/// Named in camelCase on purpose: the method name is the event's name on the wire, and clients written in any
/// language match it exactly.
/// </summary>
#pragma warning disable IDE1006 // Naming rule violation: wire names are camelCase.
public interface IChatClient
{
    /// <summary>
    /// To the new connection, once it receives its conversations' events. Catch up (after=) only after this:
    /// a message stored earlier is in history, one stored later arrives live.
    /// </summary>
    Task ready(ReadyEvent ready);

    Task messageReceived(MessageDto message);

    /// <summary>To a conversation's members: a message's text changed. Like the three below, it carries the full message.</summary>
    Task messageEdited(MessageDto message);

    /// <summary>To a conversation's members: a message was deleted for everyone; the message is its tombstone.</summary>
    Task messageDeleted(MessageDto message);

    Task reactionsChanged(MessageDto message);

    /// <summary>To a conversation's members: a message was pinned or unpinned.</summary>
    Task pinsChanged(MessageDto message);

    Task typing(TypingEvent typing);

    Task presenceChanged(PresenceChangedEvent presence);

    Task memberJoined(MemberJoinedEvent joined);

    Task memberLeft(MemberLeftEvent left);

    Task memberUpdated(MemberUpdatedEvent updated);

    Task roomUpdated(RoomUpdatedEvent room);

    Task roomDeleted(RoomDeletedEvent deleted);

    /// <summary>To the user's own connections: their read, clear or mute state in a conversation changed.</summary>
    Task conversationStateChanged(ConversationStateDto state);

    /// <summary>To a conversation's members: someone who shares read receipts read further.</summary>
    Task readReceipt(ReadReceiptEvent receipt);

    /// <summary>To the user's own connections: their settings changed.</summary>
    Task settingsChanged(UserSettingsDto settings);

    /// <summary>
    /// To the user's own connections and everyone who shares a conversation with them: their display name, status or
    /// picture changed. Show the new summary wherever the user appears, their earlier messages included.
    /// </summary>
    Task userUpdated(UserUpdatedEvent updated);

    /// <summary>
    /// To whoever handles the conversation's reports (the room's owner and admins, the server's administrators): a
    /// message was reported. <c>canModerateRoom</c> is true for the room's owner and admins.
    /// </summary>
    Task reportFiled(ReportDto report);

    /// <summary>To the same people: a report was resolved or dismissed, and leaves the open queue.</summary>
    Task reportClosed(ReportDto report);

    /// <summary>
    /// To every connection of a node that may have missed events (the bus between nodes was unreachable): catch up as
    /// after a reconnect (after=, changes, lists). Nothing else is wrong with the connection; it stays open.
    /// </summary>
    Task resync(ResyncEvent resync);
}
#pragma warning restore IDE1006

public sealed record ReadyEvent(long UserId, string ConnectionId);

public sealed record TypingEvent(long RoomId, UserSummary User);

/// <summary>Presence changes gathered over a moment (see <see cref="PresenceBroadcaster"/>), of people the recipient shares a conversation with.</summary>
public sealed record PresenceChangedEvent(IReadOnlyList<PresenceEntry> Users);

/// <summary><see cref="LastSeenAt"/> is when the user went offline (null while online).</summary>
public sealed record PresenceEntry(long UserId, bool Online, DateTime? LastSeenAt);

public sealed record ReadReceiptEvent(long ConversationId, long UserId, long LastReadMessageId);

public sealed record MemberJoinedEvent(long RoomId, MemberDto Member, int MemberCount);

public sealed record MemberLeftEvent(long RoomId, UserSummary User, MemberLeftReason Reason, int MemberCount);

public sealed record MemberUpdatedEvent(long RoomId, MemberDto Member);

public sealed record RoomDeletedEvent(long RoomId);

/// <summary>The resync event's payload: none yet, an object so that a reason can be added without breaking clients.</summary>
public sealed record ResyncEvent;
