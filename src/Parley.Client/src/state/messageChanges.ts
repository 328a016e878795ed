import * as api from "./api";
import { withMessageChange } from "./conversationList";
import { changeConversations, fetchConversation, findConversation } from "./conversations";
import { receiveChanges } from "./messages";
import { receivePinChange } from "./pins";
import { dropDeletedResult } from "./search";
import type { Message } from "../types";

// Edits, deletes, reactions and pins: the server answers (and tells every member, this user's other devices too)
// with the whole message as it is now, which every view holding it takes by the newest-wins rule.

/** A message as it is after a change, from an event or the answer to this user's own action. */
export function applyMessageChange(message: Message, { textChanged = false }: { textChanged?: boolean } = {}): void {
  receiveChanges(message.roomId, [message]);
  receivePinChange(message);
  const conversation = findConversation(message.roomId);
  const previewed = conversation?.lastMessage?.id === message.id;
  // Unread and mention counts are the server's: a deleted unread message no longer counts, an edited one may name
  // the reader or stop naming them.
  const countedUnread = conversation !== undefined && conversation.unreadCount > 0 && message.id > conversation.lastReadMessageId;
  changeConversations((list) => withMessageChange(list, message));
  if (message.deleted) dropDeletedResult(message.id);
  // The preview becomes the message before it, which only the server knows (with the counts without it).
  if ((message.deleted && previewed) || ((message.deleted || textChanged) && countedUnread)) void fetchConversation(message.roomId, { afresh: true });
}

export async function editMessage(message: Message, text: string): Promise<void> {
  applyMessageChange(await api.editMessage(message.roomId, message.id, text));
}

/** The tombstone arrives with the messageDeleted event, to this device as to every other. */
export async function deleteMessage(message: Message): Promise<void> {
  await api.deleteMessage(message.roomId, message.id);
}

export function hasReacted(message: Message, emoji: string, meId: number): boolean {
  return message.reactions.some((r) => r.emoji === emoji && r.users.some((u) => u.id === meId));
}

/** Adds the user's reaction, or takes it back when they already reacted with that emoji. */
export async function toggleReaction(message: Message, emoji: string, meId: number): Promise<void> {
  const changed = hasReacted(message, emoji, meId)
    ? await api.removeReaction(message.roomId, message.id, emoji)
    : await api.addReaction(message.roomId, message.id, emoji);
  applyMessageChange(changed);
}

export async function setPinned(message: Message, pinned: boolean): Promise<void> {
  if (pinned) applyMessageChange(await api.pinMessage(message.roomId, message.id));
  else await api.unpinMessage(message.roomId, message.id);
}

/** What the user may do with a message, as the server decides it (so the UI offers nothing it would refuse). */
export interface MessagePermissions {
  react: boolean;
  reply: boolean;
  edit: boolean;
  delete: boolean;
  pin: boolean;
}

export interface ConversationPowers {
  /** Room owners and admins delete anyone's message in their room. */
  moderates: boolean;
  /** Rooms: owners and admins; direct conversations: everyone. */
  pins: boolean;
}

export function conversationPowers(conversation: { kind: "room" | "direct"; role: string }): ConversationPowers {
  const manages = conversation.kind === "room" && (conversation.role === "owner" || conversation.role === "admin");
  return { moderates: manages, pins: conversation.kind === "direct" || manages };
}

export function messagePermissions(message: Message, meId: number, powers: ConversationPowers): MessagePermissions {
  if (message.deleted || message.kind !== "text") return { react: false, reply: false, edit: false, delete: false, pin: false };
  const own = message.author.id === meId;
  return { react: true, reply: true, edit: own, delete: own || powers.moderates, pin: powers.pins };
}
