using Parley.Accounts;
using Parley.Conversations;
using Parley.Messages;

namespace Parley.Realtime;

/// <summary>
/// Something that happened and that connected people should see. Actions publish these after they commit;
/// the bus hands them to every node's handlers (cache invalidation, hub delivery). Payloads carry what every
/// node needs to deliver without querying the database again.
/// </summary>
public abstract record ChatEvent;

public sealed record MessageCreated(MessageDto Message) : ChatEvent;

public sealed record MemberJoined(long ConversationId, MemberDto Member, int MemberCount) : ChatEvent;

public sealed record MemberLeft(long ConversationId, UserSummary User, MemberLeftReason Reason, int MemberCount) : ChatEvent;

public sealed record MemberUpdated(long ConversationId, MemberDto Member) : ChatEvent;

public sealed record RoomUpdated(RoomUpdatedEvent Room) : ChatEvent;

public sealed record RoomDeleted(long ConversationId, IReadOnlyList<long> MemberIds) : ChatEvent;

public sealed record UserTyping(long ConversationId, UserSummary User) : ChatEvent;

public sealed record PresenceChanged(long UserId, bool Online) : ChatEvent;

/// <summary>A session signed out or was revoked: its live connections end on every node.</summary>
public sealed record SessionRevoked(Guid SessionId) : ChatEvent;
