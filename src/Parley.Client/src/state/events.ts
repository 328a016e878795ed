import type {
  Attachment,
  ChatEvents,
  FileKind,
  ConversationState,
  Member,
  MemberJoinedEvent,
  MemberLeftEvent,
  MemberRole,
  MemberUpdatedEvent,
  Message,
  PresenceChangedEvent,
  PinInfo,
  PresenceEntry,
  Reaction,
  ReadReceiptEvent,
  ReplyQuote,
  Report,
  ReportCategory,
  ReportStatus,
  RoomDeletedEvent,
  RoomUpdatedEvent,
  RoomVisibility,
  TypingEvent,
  UserSettings,
  UserSummary,
  UserUpdatedEvent,
} from "../types";

// Hub payloads arrive as `unknown`: each parser returns a well-formed copy, or null for anything else,
// so a server change or a bad frame can never put a half-shaped object into the stores.

type Json = Record<string, unknown>;

const roles: readonly MemberRole[] = ["member", "admin", "owner"];
const visibilities: readonly RoomVisibility[] = ["public", "private", "password"];

const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v > 0;
const isCount = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
const isString = (v: unknown): v is string => typeof v === "string";
const isNullableString = (v: unknown): v is string | null => v === null || typeof v === "string";
const isTime = (v: unknown): v is string => typeof v === "string" && !Number.isNaN(Date.parse(v));
const isNullableTime = (v: unknown): v is string | null => v === null || isTime(v);
const isBoolean = (v: unknown): v is boolean => typeof v === "boolean";
const isIdList = (v: unknown): v is number[] => Array.isArray(v) && v.every(isId);
const isOneOf =
  <T extends string>(values: readonly T[]) =>
  (v: unknown): v is T =>
    typeof v === "string" && (values as readonly string[]).includes(v);
const fileKinds: readonly FileKind[] = ["image", "video", "audio", "voice", "document", "archive", "text", "other", "gif"];
const isRole = isOneOf(roles);
const isFileKind = isOneOf(fileKinds);
const isNullableCount = (v: unknown): v is number | null => v === null || isCount(v);
const isVisibility = isOneOf(visibilities);

/** A picture URL is always the server's own path: anything else would let a payload point images elsewhere. */
const isAvatarUrl = (v: unknown): v is string | null => v === null || (typeof v === "string" && v.startsWith("/api/users/"));

export function parseUser(v: unknown): UserSummary | null {
  const avatarUrl = isRecord(v) ? (v.avatarUrl ?? null) : null;
  if (!isRecord(v) || !isId(v.id) || !isString(v.username) || !isString(v.displayName) || !isAvatarUrl(avatarUrl)) return null;
  return { id: v.id, username: v.username, displayName: v.displayName, avatarUrl };
}

export function parseUserUpdated(v: unknown): UserUpdatedEvent | null {
  if (!isRecord(v)) return null;
  const user = parseUser(v.user);
  const status = v.status ?? null;
  return user && isNullableString(status) ? { user, status } : null;
}

export function parseMessage(v: unknown): Message | null {
  if (!isRecord(v)) return null;
  const author = parseUser(v.author);
  // clientMessageId is optional on the wire for system notices; the fields of rich messages default to a message
  // never changed, so an absent one reads as "nothing to show" and a malformed one is refused.
  const clientMessageId = v.clientMessageId ?? null;
  const editedAt = v.editedAt ?? null;
  const deleted = v.deleted ?? false;
  const replyTo = v.replyTo == null ? null : parseReplyQuote(v.replyTo);
  const reactions = v.reactions === undefined ? [] : parseList(v.reactions, parseReaction);
  const pinned = v.pinned == null ? null : parsePinInfo(v.pinned);
  const changeSeq = v.changeSeq ?? 0;
  const seq = v.seq ?? 0;
  const attachments = v.attachments === undefined ? [] : parseList(v.attachments, parseAttachment);
  if (
    !author ||
    !isId(v.id) ||
    !isId(v.roomId) ||
    !isString(v.text) ||
    !isTime(v.createdAt) ||
    (v.kind !== "text" && v.kind !== "system") ||
    !isNullableString(clientMessageId) ||
    !isIdList(v.mentions) ||
    !isBoolean(v.mentionsRoom) ||
    !isNullableTime(editedAt) ||
    !isBoolean(deleted) ||
    (v.replyTo != null && replyTo === null) ||
    reactions === null ||
    (v.pinned != null && pinned === null) ||
    !isCount(changeSeq) ||
    !isCount(seq) ||
    attachments === null
  ) {
    return null;
  }
  return {
    id: v.id,
    roomId: v.roomId,
    seq,
    author,
    text: v.text,
    createdAt: v.createdAt,
    kind: v.kind,
    clientMessageId,
    mentions: [...v.mentions],
    mentionsRoom: v.mentionsRoom,
    editedAt,
    deleted,
    replyTo,
    reactions,
    pinned,
    changeSeq,
    attachments,
  };
}

export function parseAttachment(v: unknown): Attachment | null {
  if (!isRecord(v)) return null;
  // Fields only some kinds carry may be absent as well as null.
  const thumbnailUrl = v.thumbnailUrl ?? null;
  const width = v.width ?? null;
  const height = v.height ?? null;
  const durationMs = v.durationMs ?? null;
  const waveform = v.waveform ?? null;
  const provider = v.provider ?? null;
  if (
    !isString(v.id) ||
    v.id.length === 0 ||
    !isFileKind(v.kind) ||
    !isString(v.name) ||
    !isString(v.contentType) ||
    !isCount(v.size) ||
    !isString(v.url) ||
    !isNullableString(thumbnailUrl) ||
    !isNullableCount(width) ||
    !isNullableCount(height) ||
    !isNullableCount(durationMs) ||
    (waveform !== null && !(Array.isArray(waveform) && waveform.every(isCount))) ||
    (provider !== null && provider !== "giphy" && provider !== "tenor")
  ) {
    return null;
  }
  return {
    id: v.id,
    kind: v.kind,
    name: v.name,
    contentType: v.contentType,
    size: v.size,
    url: v.url,
    thumbnailUrl,
    width,
    height,
    durationMs,
    waveform: waveform === null ? null : [...(waveform as number[])],
    provider,
  };
}

function parseReplyQuote(v: unknown): ReplyQuote | null {
  if (!isRecord(v) || !isId(v.id) || !isString(v.excerpt) || !isBoolean(v.deleted)) return null;
  const author = parseUser(v.author);
  return author ? { id: v.id, author, excerpt: v.excerpt, deleted: v.deleted } : null;
}

function parseReaction(v: unknown): Reaction | null {
  if (!isRecord(v) || !isString(v.emoji) || v.emoji.length === 0 || !isCount(v.count)) return null;
  const users = parseList(v.users, parseUser);
  return users ? { emoji: v.emoji, count: v.count, users } : null;
}

function parsePinInfo(v: unknown): PinInfo | null {
  if (!isRecord(v) || !isTime(v.at)) return null;
  const by = parseUser(v.by);
  return by ? { by, at: v.at } : null;
}

/** Every element well-formed, or null. */
function parseList<T>(v: unknown, parse: (item: unknown) => T | null): T[] | null {
  if (!Array.isArray(v)) return null;
  const items = v.map(parse);
  return items.every((item) => item !== null) ? (items as T[]) : null;
}

export function parseMember(v: unknown): Member | null {
  if (!isRecord(v)) return null;
  const user = parseUser(v.user);
  const status = v.status ?? null;
  const timedOutUntil = v.timedOutUntil ?? null;
  if (!user || !isRole(v.role) || !isTime(v.joinedAt) || typeof v.online !== "boolean" || !isNullableString(status) || !isNullableTime(timedOutUntil)) return null;
  // Only while it holds: members who are not timed out read as they always have.
  return { user, role: v.role, joinedAt: v.joinedAt, online: v.online, status, ...(timedOutUntil === null ? {} : { timedOutUntil }) };
}

export function parseTyping(v: unknown): TypingEvent | null {
  if (!isRecord(v) || !isId(v.roomId)) return null;
  const user = parseUser(v.user);
  return user ? { roomId: v.roomId, user } : null;
}

function parsePresenceEntry(v: unknown): PresenceEntry | null {
  const lastSeenAt = isRecord(v) ? (v.lastSeenAt ?? null) : null;
  if (!isRecord(v) || !isId(v.userId) || !isBoolean(v.online) || !isNullableTime(lastSeenAt)) return null;
  return { userId: v.userId, online: v.online, lastSeenAt };
}

export function parsePresence(v: unknown): PresenceChangedEvent | null {
  if (!isRecord(v) || !Array.isArray(v.users)) return null;
  const users = v.users.map(parsePresenceEntry);
  return users.every((u) => u !== null) ? { users: users as PresenceEntry[] } : null;
}

export function parseMemberJoined(v: unknown): MemberJoinedEvent | null {
  if (!isRecord(v) || !isId(v.roomId) || !isCount(v.memberCount)) return null;
  const member = parseMember(v.member);
  return member ? { roomId: v.roomId, member, memberCount: v.memberCount } : null;
}

export function parseMemberLeft(v: unknown): MemberLeftEvent | null {
  if (!isRecord(v) || !isId(v.roomId) || !isCount(v.memberCount)) return null;
  const user = parseUser(v.user);
  if (!user || (v.reason !== "left" && v.reason !== "removed" && v.reason !== "banned")) return null;
  return { roomId: v.roomId, user, reason: v.reason, memberCount: v.memberCount };
}

export function parseMemberUpdated(v: unknown): MemberUpdatedEvent | null {
  if (!isRecord(v) || !isId(v.roomId)) return null;
  const member = parseMember(v.member);
  return member ? { roomId: v.roomId, member } : null;
}

export function parseRoomUpdated(v: unknown): RoomUpdatedEvent | null {
  if (!isRecord(v) || !isId(v.roomId) || !isString(v.name) || !isVisibility(v.visibility)) return null;
  const topic = v.topic ?? null;
  if (!isNullableString(topic)) return null;
  return { roomId: v.roomId, name: v.name, topic, visibility: v.visibility };
}

export function parseRoomDeleted(v: unknown): RoomDeletedEvent | null {
  return isRecord(v) && isId(v.roomId) ? { roomId: v.roomId } : null;
}

export function parseConversationState(v: unknown): ConversationState | null {
  if (
    !isRecord(v) ||
    !isId(v.conversationId) ||
    !isCount(v.lastReadMessageId) ||
    !isCount(v.clearedBeforeMessageId) ||
    !isBoolean(v.muted) ||
    !isCount(v.unreadCount) ||
    !isCount(v.mentionCount) ||
    !isNullableTime(v.pinnedAt ?? null) ||
    !(v.hiddenUpToMessageId === null || v.hiddenUpToMessageId === undefined || isCount(v.hiddenUpToMessageId))
  ) {
    return null;
  }
  return {
    conversationId: v.conversationId,
    lastReadMessageId: v.lastReadMessageId,
    clearedBeforeMessageId: v.clearedBeforeMessageId,
    muted: v.muted,
    unreadCount: v.unreadCount,
    mentionCount: v.mentionCount,
    pinnedAt: (v.pinnedAt as string | null | undefined) ?? null,
    hiddenUpToMessageId: (v.hiddenUpToMessageId as number | null | undefined) ?? null,
  };
}

export function parseReadReceipt(v: unknown): ReadReceiptEvent | null {
  if (!isRecord(v) || !isId(v.conversationId) || !isId(v.userId) || !isCount(v.lastReadMessageId)) return null;
  return { conversationId: v.conversationId, userId: v.userId, lastReadMessageId: v.lastReadMessageId };
}

export function parseSettings(v: unknown): UserSettings | null {
  if (!isRecord(v) || !isBoolean(v.sendReadReceipts) || !isBoolean(v.doNotDisturb) || !isBoolean(v.notificationSounds)) return null;
  return { sendReadReceipts: v.sendReadReceipts, doNotDisturb: v.doNotDisturb, notificationSounds: v.notificationSounds };
}

const reportCategories: readonly string[] = ["spam", "harassment", "inappropriate", "other"];
const reportStatuses: readonly string[] = ["open", "resolved", "dismissed"];

export function parseReport(v: unknown): Report | null {
  if (!isRecord(v)) return null;
  const reporter = parseUser(v.reporter);
  const roomName = v.roomName ?? null;
  const comment = v.comment ?? null;
  const closedByName = v.closedByName ?? null;
  const closedAt = v.closedAt ?? null;
  if (
    !reporter ||
    !isId(v.id) ||
    !isId(v.conversationId) ||
    !isId(v.messageId) ||
    !isId(v.authorId) ||
    !isString(v.authorName) ||
    !isString(v.text) ||
    !isTime(v.sentAt) ||
    !isTime(v.createdAt) ||
    !reportCategories.includes(v.category as string) ||
    !reportStatuses.includes(v.status as string) ||
    !isNullableString(roomName) ||
    !isNullableString(comment) ||
    !isNullableString(closedByName) ||
    !isNullableTime(closedAt) ||
    !isBoolean(v.messageDeleted) ||
    !isBoolean(v.canModerateRoom)
  ) {
    return null;
  }
  return {
    id: v.id,
    conversationId: v.conversationId,
    roomName,
    messageId: v.messageId,
    authorId: v.authorId,
    authorName: v.authorName,
    text: v.text,
    sentAt: v.sentAt,
    category: v.category as ReportCategory,
    comment,
    reporter,
    createdAt: v.createdAt,
    status: v.status as ReportStatus,
    closedByName,
    closedAt,
    messageDeleted: v.messageDeleted,
    canModerateRoom: v.canModerateRoom,
  };
}

export type EventParsers = { [K in keyof ChatEvents]: (payload: unknown) => ChatEvents[K] | null };

/** One parser per event, keyed by the event's name on the wire (docs/events.md). */
export const eventParsers: EventParsers = {
  messageReceived: parseMessage,
  messageEdited: parseMessage,
  messageDeleted: parseMessage,
  reactionsChanged: parseMessage,
  pinsChanged: parseMessage,
  typing: parseTyping,
  presenceChanged: parsePresence,
  memberJoined: parseMemberJoined,
  memberLeft: parseMemberLeft,
  memberUpdated: parseMemberUpdated,
  roomUpdated: parseRoomUpdated,
  roomDeleted: parseRoomDeleted,
  conversationStateChanged: parseConversationState,
  readReceipt: parseReadReceipt,
  settingsChanged: parseSettings,
  reportFiled: parseReport,
  reportClosed: parseReport,
  userUpdated: parseUserUpdated,
};
