import type { Timeline } from "./timeline";
import type { Message } from "../types";

// Where the message list opens and what counts as read. A conversation with unread messages opens where reading
// stopped (the first unread, under a "New messages" divider), not at the bottom: opening at the newest page would
// skip whatever lies between, an @mention included. Read means shown on screen, not merely loaded.

/** Where the reader stopped in a conversation, as its list entry says when it is opened. */
export interface ReadPosition {
  lastReadMessageId: number;
  unreadCount: number;
}

/**
 * Whether the conversation should open on a window starting at the read position rather than on what is loaded (or
 * the newest page): it has unread messages and the history held does not reach back to where reading stopped.
 */
export function opensAtReadPosition(timeline: Timeline | undefined, position: ReadPosition | null): boolean {
  if (!position || position.unreadCount === 0) return false;
  if (!timeline || timeline.status !== "ready" || timeline.messages.length === 0) return true;
  const oldest = timeline.messages[0]!.id;
  const reachesBack = oldest <= position.lastReadMessageId || !timeline.hasOlder;
  // A window in the past that ends before the first unread cannot grow towards it without the reader paging through.
  const endsBefore = timeline.hasNewer && timeline.messages.at(-1)!.id <= position.lastReadMessageId;
  return !reachesBack || endsBefore;
}

/**
 * The newest message the reader has had in front of them: it only moves forward, and only while they are looking
 * (the page visible and focused); what is in view while they look away is shown once they look again.
 */
export function newestShown(previous: number | undefined, newestInView: number | null, attention: boolean): number | undefined {
  if (!attention || newestInView === null) return previous;
  return previous === undefined || newestInView > previous ? newestInView : previous;
}

/**
 * The read position to store: up to the newest message shown, when that is past the stored one. Nothing loaded
 * but not shown counts, however much of the conversation is loaded.
 */
export function readUpTo(shown: number | undefined, lastReadMessageId: number): number | null {
  return shown !== undefined && shown > lastReadMessageId ? shown : null;
}

/**
 * The newest stored message counted as in view: enough of it is visible to be read (most of it, or most of the
 * list's height for a message taller than the list).
 */
export function newestInView(
  visible: ReadonlyMap<number, { ratio: number; height: number }>,
  listHeight: number,
): number | null {
  let newest: number | null = null;
  for (const [id, { ratio, height }] of visible) {
    const readable = ratio >= 0.5 || height * ratio >= listHeight * 0.5;
    if (readable && (newest === null || id > newest)) newest = id;
  }
  return newest;
}

/** A history window opened at the read position: context before it, and the unread messages after it. */
export function windowAt(before: { messages: readonly Message[]; hasMore: boolean }, after: { messages: readonly Message[]; hasMore: boolean }) {
  const messages = [...before.messages, ...after.messages].sort((a, b) => a.id - b.id);
  return { messages: messages.filter((m, i) => i === 0 || messages[i - 1]!.id !== m.id), hasOlder: before.hasMore, hasNewer: after.hasMore };
}
