import { countsAsUnread, mentionsMe } from "./unread";
import type { Conversation, ConversationState, MemberRole, Message, ReadReceiptEvent, RoomUpdatedEvent } from "../types";

// Pure changes to the conversation list (rooms and direct conversations, most recently active first). Each returns
// the list it was given when nothing changes, so the views only re-render for real changes.
//
// Each change is also applied again to snapshots from the server that may already include it, together with what
// happened after it (conversations.ts replays the changes made while a snapshot was on its way). So each one leaves
// a conversation that already reflects it as it is: ids and read positions only move forward, counts follow a read
// position that moved, and everything else is the latest value, which the later changes replayed after it restore.

/** The server stops counting unread messages here ("99+"); counting on past it would differ from a fresh load. */
export const UnreadCountCap = 100;

type List = readonly Conversation[];

export const lastActivity = (conversation: Conversation): string => conversation.lastMessage?.createdAt ?? conversation.createdAt;

export function sortByActivity(list: List): Conversation[] {
  return [...list].sort((a, b) => Date.parse(lastActivity(b)) - Date.parse(lastActivity(a)) || b.id - a.id);
}

export function withConversation(list: List, conversation: Conversation): Conversation[] {
  return sortByActivity([...list.filter((c) => c.id !== conversation.id), conversation]);
}

export function withoutConversation(list: List, id: number): List {
  return list.some((c) => c.id === id) ? list.filter((c) => c.id !== id) : list;
}

export interface Arrival {
  meId: number;
  /** The conversation is open in front of the user, showing its newest messages: it is read as it arrives. */
  seen: boolean;
}

/**
 * A new message moves its conversation to the top with a fresh preview, and counts as unread (and as a mention)
 * unless the user wrote it, it is a system notice, or they are looking at it. A message the list already has
 * changes nothing: the preview is that message or a newer one, or the user cleared it (clearing counts as read, and
 * leaves no preview until a newer message).
 */
export function withMessage(list: List, message: Message, { meId, seen }: Arrival): List {
  const conversation = list.find((c) => c.id === message.roomId);
  if (!conversation) return list;
  const { lastMessage, lastReadMessageId } = conversation;
  if (lastMessage ? lastMessage.id >= message.id : message.id <= lastReadMessageId) return list;
  const unread = !seen && message.id > lastReadMessageId && countsAsUnread(message, meId);
  return withConversation(list, {
    ...conversation,
    lastMessage: message,
    unreadCount: Math.min(UnreadCountCap, conversation.unreadCount + (unread ? 1 : 0)),
    mentionCount: conversation.mentionCount + (unread && mentionsMe(message, meId) ? 1 : 0),
  });
}

/**
 * An edit or delete of the message the preview shows: the preview follows it (newest copy wins). A deleted preview
 * reads "Message deleted" until the server names the message before it (the caller fetches the conversation).
 */
export function withMessageChange(list: List, message: Message): List {
  return change(list, message.roomId, (c) =>
    c.lastMessage?.id === message.id && c.lastMessage !== message && message.changeSeq >= c.lastMessage.changeSeq
      ? { ...c, lastMessage: message }
      : c,
  );
}

/**
 * Read here up to the newest message in the list: the counts clear at once. Read only part of the way (a window in
 * the past), nothing changes here: the counts left are the server's to give, with the read position they belong to.
 * The position never passes the preview (a message shown before the list heard of it), so a message at or before it
 * with no preview can only be one the user cleared.
 */
export function withReadUpTo(list: List, id: number, messageId: number): List {
  return change(list, id, (c) => {
    if (!c.lastMessage || messageId < c.lastMessage.id || c.lastMessage.id <= c.lastReadMessageId) return c;
    return { ...c, lastReadMessageId: c.lastMessage.id, unreadCount: 0, mentionCount: 0 };
  });
}

/**
 * The user's own read, clear, mute, pin and hide state, from an event (this device or another). Mute, pin and hide
 * are taken as they come: the latest value. The counts belong to the read position: they are taken only with a
 * position further on than the one shown. At the same position the list's counts are as new or newer (messages
 * counted since), and a position behind is an older state arriving late.
 */
export function withState(list: List, state: ConversationState): List {
  // Clearing can take the preview away, and with it the conversation's place in the order.
  const changed = change(list, state.conversationId, (c) => {
    const cleared = c.lastMessage !== null && c.lastMessage.id <= state.clearedBeforeMessageId;
    const further = state.lastReadMessageId > c.lastReadMessageId;
    const same = c.muted === state.muted && c.pinnedAt === state.pinnedAt && c.hiddenUpToMessageId === state.hiddenUpToMessageId;
    if (!cleared && !further && same) return c;
    return {
      ...c,
      muted: state.muted,
      pinnedAt: state.pinnedAt,
      hiddenUpToMessageId: state.hiddenUpToMessageId,
      lastMessage: cleared ? null : c.lastMessage,
      ...(further
        ? { lastReadMessageId: state.lastReadMessageId, unreadCount: state.unreadCount, mentionCount: state.mentionCount }
        : {}),
    };
  });
  return changed === list ? list : sortByActivity(changed);
}

/**
 * Hidden from the list: the user hid it, and no message newer than the ones it had then has arrived since. A newer
 * message brings it back by itself (withMessage moves the preview on), on every device, with no call to the server.
 */
export function isHidden(conversation: Conversation): boolean {
  const hiddenUpTo = conversation.hiddenUpToMessageId;
  return hiddenUpTo !== null && (conversation.lastMessage?.id ?? 0) <= hiddenUpTo;
}

export interface Sections {
  pinned: Conversation[];
  direct: Conversation[];
  rooms: Conversation[];
}

/**
 * The sidebar's sections, each in the list's order (most recently active first): what the user pinned, of either
 * kind, at the top; then direct conversations and rooms. Hidden conversations are in none of them.
 */
export function sections(list: List): Sections {
  const shown = list.filter((c) => !isHidden(c));
  return {
    pinned: shown.filter((c) => c.pinnedAt !== null),
    direct: shown.filter((c) => c.pinnedAt === null && c.kind === "direct"),
    rooms: shown.filter((c) => c.pinnedAt === null && c.kind === "room"),
  };
}

/** Someone else read further in a direct conversation (rooms show receipts on demand instead); never backwards. */
export function withReadReceipt(list: List, receipt: ReadReceiptEvent, meId: number): List {
  if (receipt.userId === meId) return list;
  return change(list, receipt.conversationId, (c) => {
    if (c.kind !== "direct") return c;
    const known = c.readPositions.find((p) => p.userId === receipt.userId);
    if (known && known.lastReadMessageId >= receipt.lastReadMessageId) return c;
    const position = { userId: receipt.userId, lastReadMessageId: receipt.lastReadMessageId };
    // In place, so the order stays the server's.
    return { ...c, readPositions: known ? c.readPositions.map((p) => (p === known ? position : p)) : [...c.readPositions, position] };
  });
}

export function withParticipantPresence(list: List, userId: number, online: boolean, lastSeenAt: string | null): List {
  if (!list.some((c) => c.participants.some((p) => p.user.id === userId))) return list;
  return list.map((c) =>
    c.participants.some((p) => p.user.id === userId)
      ? {
          ...c,
          participants: c.participants.map((p) => (p.user.id === userId ? { ...p, online, lastSeenAt: lastSeenAt ?? p.lastSeenAt } : p)),
        }
      : c,
  );
}

export function withRoomUpdate(list: List, update: RoomUpdatedEvent): List {
  return change(list, update.roomId, (c) =>
    c.kind === "room" ? { ...c, name: update.name, topic: update.topic, visibility: update.visibility } : c,
  );
}

export function withMemberCount(list: List, id: number, memberCount: number): List {
  return change(list, id, (c) => (c.memberCount === memberCount ? c : { ...c, memberCount }));
}

export function withRole(list: List, id: number, role: MemberRole): List {
  return change(list, id, (c) => (c.role === role ? c : { ...c, role }));
}

function change(list: List, id: number, update: (conversation: Conversation) => Conversation): List {
  const index = list.findIndex((c) => c.id === id);
  if (index === -1) return list;
  const changed = update(list[index]!);
  return changed === list[index] ? list : list.map((c, i) => (i === index ? changed : c));
}
