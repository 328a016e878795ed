import { countsAsUnread, mentionsMe } from "./unread";
import type { Conversation, ConversationState, MemberRole, Message, ReadReceiptEvent, RoomUpdatedEvent } from "../types";

// Pure changes to the conversation list (rooms and direct conversations, most recently active first). Each returns
// the list it was given when nothing changes, so the views only re-render for real changes.

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
 * unless the user wrote it, it is a system notice, or they are looking at it. A late duplicate changes nothing.
 */
export function withMessage(list: List, message: Message, { meId, seen }: Arrival): List {
  const conversation = list.find((c) => c.id === message.roomId);
  if (!conversation || (conversation.lastMessage && conversation.lastMessage.id >= message.id)) return list;
  const unread = !seen && message.id > conversation.lastReadMessageId && countsAsUnread(message, meId);
  return withConversation(list, {
    ...conversation,
    lastMessage: message,
    unreadCount: conversation.unreadCount + (unread ? 1 : 0),
    mentionCount: conversation.mentionCount + (unread && mentionsMe(message, meId) ? 1 : 0),
  });
}

/** Read here, up to a message: counts clear at once when that is the newest; the server's answer settles the rest. */
export function withReadUpTo(list: List, id: number, messageId: number): List {
  return change(list, id, (c) => {
    if (messageId <= c.lastReadMessageId) return c;
    const caughtUp = !c.lastMessage || messageId >= c.lastMessage.id;
    return { ...c, lastReadMessageId: messageId, ...(caughtUp ? { unreadCount: 0, mentionCount: 0 } : {}) };
  });
}

/**
 * The user's own state, from this device or another. A read position never moves back on the server, so a state
 * behind the one shown is an older answer arriving late: its counts are stale, but mute and clear still apply.
 */
export function withState(list: List, state: ConversationState): List {
  // Clearing can take the preview away, and with it the conversation's place in the order.
  const changed = change(list, state.conversationId, (c) => {
    const cleared = c.lastMessage !== null && c.lastMessage.id <= state.clearedBeforeMessageId;
    const current = state.lastReadMessageId >= c.lastReadMessageId;
    return {
      ...c,
      muted: state.muted,
      lastMessage: cleared ? null : c.lastMessage,
      ...(current
        ? { lastReadMessageId: state.lastReadMessageId, unreadCount: state.unreadCount, mentionCount: state.mentionCount }
        : {}),
    };
  });
  return changed === list ? list : sortByActivity(changed);
}

/** Someone else read further in a direct conversation (rooms show receipts on demand instead). */
export function withReadReceipt(list: List, receipt: ReadReceiptEvent, meId: number): List {
  if (receipt.userId === meId) return list;
  return change(list, receipt.conversationId, (c) => {
    if (c.kind !== "direct") return c;
    const known = c.readPositions.find((p) => p.userId === receipt.userId);
    if (known && known.lastReadMessageId >= receipt.lastReadMessageId) return c;
    const others = c.readPositions.filter((p) => p.userId !== receipt.userId);
    return { ...c, readPositions: [...others, { userId: receipt.userId, lastReadMessageId: receipt.lastReadMessageId }] };
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
