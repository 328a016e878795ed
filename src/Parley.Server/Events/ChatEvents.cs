namespace Parley.Events;

/// <summary>
/// Something that happened and that connected people should see. Actions publish these after they commit;
/// the bus hands them to every node's handlers (cache invalidation, hub delivery). Payloads carry what every
/// node needs to deliver without querying the database again.
/// </summary>
public abstract record ChatEvent;

public sealed record MessageCreated(MessageDto Message) : ChatEvent;

// A sent message changed. Each carries the message's full state after the change, so whichever copy a client holds
// last (by ChangeSeq) is right, however events and history reads interleave.

public sealed record MessageEdited(MessageDto Message) : ChatEvent;

/// <summary>Carries the tombstone: no text, mentions, reactions or pin.</summary>
public sealed record MessageDeleted(MessageDto Message) : ChatEvent;

public sealed record ReactionsChanged(MessageDto Message) : ChatEvent;

public sealed record PinsChanged(MessageDto Message) : ChatEvent;

public sealed record MemberJoined(long ConversationId, MemberDto Member, int MemberCount) : ChatEvent;

public sealed record MemberLeft(long ConversationId, UserSummary User, MemberLeftReason Reason, int MemberCount) : ChatEvent;

public sealed record MemberUpdated(long ConversationId, MemberDto Member) : ChatEvent;

public sealed record RoomUpdated(RoomUpdatedEvent Room) : ChatEvent;

public sealed record RoomDeleted(long ConversationId, IReadOnlyList<long> MemberIds) : ChatEvent;

/// <summary>A direct conversation was opened: its participants' connections join its group (clients hear of it with its first message).</summary>
public sealed record ConversationStarted(long ConversationId, IReadOnlyList<long> ParticipantIds) : ChatEvent;

public sealed record UserTyping(long ConversationId, UserSummary User) : ChatEvent;

/// <summary>
/// A user's first connection on <see cref="Node"/> opened or their last one there closed; <see cref="Version"/> orders
/// the user's transitions on that node. A person is online while they are online on any live node.
/// </summary>
public sealed record PresenceChanged(long UserId, bool Online, DateTime? LastSeenAt, long Version, string Node) : ChatEvent;

/// <summary>
/// Everyone online on <see cref="Node"/>, sent when it joins the bus or its subscription comes back (it may have missed
/// presence events meanwhile), and by every other node in <see cref="Reply"/> to one that is not itself a reply: the
/// way a node learns the present without reading anyone's state. <see cref="Version"/> is the node's transition count
/// when the list was taken; its transitions up to it are included.
/// </summary>
public sealed record NodePresence(string Node, IReadOnlyList<long> OnlineUserIds, long Version, bool Reply) : ChatEvent;

/// <summary>
/// A node stopped sending heartbeats and was declared dead (by one node, under a lock): its users are offline unless
/// they are online on another node. One event for the whole node, never one per user per node.
/// </summary>
public sealed record NodeLost(string Node, DateTime LastSeenAt) : ChatEvent;

/// <summary>
/// Events may have been missed (the bus was unreachable): every connection that hears this catches up as after a
/// reconnect. Clients merge what they fetch by message id, so catching up twice shows nothing twice.
/// </summary>
public sealed record CatchUpRequested : ChatEvent;

/// <summary>A session signed out or was revoked: its live connections end on every node.</summary>
public sealed record SessionRevoked(Guid SessionId) : ChatEvent;

/// <summary>A member's read, clear or mute state changed: all their devices update.</summary>
public sealed record ConversationStateChanged(long UserId, ConversationStateDto State) : ChatEvent;

/// <summary>A member who shares read receipts read further.</summary>
public sealed record ReadReceiptUpdated(long ConversationId, long UserId, long LastReadMessageId) : ChatEvent;

/// <summary>A user's settings changed: all their devices update.</summary>
public sealed record SettingsChanged(long UserId, UserSettingsDto Settings) : ChatEvent;

/// <summary>
/// A user's profile (display name, status, picture) changed. <see cref="ConversationIds"/> are the conversations they
/// are in, so that every node can reach the people who see them without asking the database.
/// </summary>
public sealed record UserUpdated(UserUpdatedEvent Profile, IReadOnlyList<long> ConversationIds) : ChatEvent;
