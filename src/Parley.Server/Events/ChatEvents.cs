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

/// <summary>A user's first connection opened or last one closed; <see cref="Version"/> orders a user's transitions.</summary>
public sealed record PresenceChanged(long UserId, bool Online, DateTime? LastSeenAt, long Version) : ChatEvent;

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
