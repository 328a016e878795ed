import type { Message } from "../types";

// What counts as new for the signed-in user, by the same rules the server counts with: messages by others, not
// system notices, after the read position; a mention is one that names them or the whole room.

export function countsAsUnread(message: Pick<Message, "kind" | "author">, meId: number): boolean {
  return message.kind === "text" && message.author.id !== meId;
}

export function mentionsMe(message: Pick<Message, "kind" | "author" | "mentions" | "mentionsRoom">, meId: number): boolean {
  return countsAsUnread(message, meId) && (message.mentionsRoom || message.mentions.includes(meId));
}

/**
 * The message the "New messages" divider goes before: the first unread one by someone else. Only where reading
 * stopped is loaded: when everything loaded is unread and older history is not, the divider belongs further up.
 */
export function firstUnreadId(messages: readonly Message[], lastReadMessageId: number, meId: number, olderNotLoaded: boolean): number | null {
  const oldest = messages[0];
  if (!oldest || (olderNotLoaded && oldest.id > lastReadMessageId)) return null;
  return messages.find((m) => m.id > lastReadMessageId && countsAsUnread(m, meId))?.id ?? null;
}
