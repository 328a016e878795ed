import type { Message, UserSummary } from "../types";

/** A message this client sent that the server has not confirmed yet. */
export interface LocalMessage {
  clientMessageId: string;
  roomId: number;
  author: UserSummary;
  text: string;
  createdAt: string;
  status: "sending" | "failed";
  /** Why the server refused it, when it did. */
  error: string | null;
}

/**
 * One conversation's history as this client holds it: a contiguous run of stored messages in id order (each id
 * once), followed by this client's unconfirmed sends. Usually the run ends at the newest message and live ones
 * join it; after a jump into the past (a search hit) it is a window that ends earlier (`hasNewer`), which live
 * messages cannot join without leaving a gap, so it grows towards the present a page at a time instead.
 */
export interface Timeline {
  roomId: number;
  /** Changes whenever the run is replaced by another (a jump); answers to requests made for an earlier one are dropped. */
  segment: number;
  status: "loading" | "ready" | "error";
  /** Why it could not be loaded, while `status` is "error". */
  error: string | null;
  messages: readonly Message[];
  local: readonly LocalMessage[];
  hasOlder: boolean;
  loadingOlder: boolean;
  hasNewer: boolean;
  loadingNewer: boolean;
  /** Set while events may have been missed (no live connection): catch up with messages after this id. */
  resumeAfter: number | null;
}

export function emptyTimeline(roomId: number, segment = 0): Timeline {
  return {
    roomId,
    segment,
    status: "loading",
    error: null,
    messages: [],
    local: [],
    hasOlder: false,
    loadingOlder: false,
    hasNewer: false,
    loadingNewer: false,
    resumeAfter: null,
  };
}

/**
 * Adds stored messages from any source (history page, catch-up, broadcast, send result) in any order and with
 * any overlap: merged by id, so nothing shows twice, and each confirms the local send with its clientMessageId.
 * A window that does not reach the present keeps only what falls inside it.
 */
export function mergeMessages(timeline: Timeline, incoming: readonly Message[]): Timeline {
  const relevant = incoming.filter((m) => m.roomId === timeline.roomId);
  if (relevant.length === 0) return timeline;

  const last = timeline.messages.at(-1);
  const sortedIncoming = [...relevant]
    .filter((m) => !timeline.hasNewer || (last !== undefined && m.id <= last.id))
    .sort((a, b) => a.id - b.id);
  let messages: readonly Message[];
  if (sortedIncoming.length === 0) {
    messages = timeline.messages;
  } else if (!last || sortedIncoming[0]!.id > last.id) {
    messages = [...timeline.messages, ...dedupeSorted(sortedIncoming)];
  } else {
    const byId = new Map(timeline.messages.map((m) => [m.id, m] as const));
    for (const message of sortedIncoming) byId.set(message.id, message);
    messages = [...byId.values()].sort((a, b) => a.id - b.id);
  }

  const confirmed = new Set(
    relevant.filter((m) => m.clientMessageId !== null).map((m) => confirmationKey(m.author.id, m.clientMessageId!)),
  );
  const local = timeline.local.filter((l) => !confirmed.has(confirmationKey(l.author.id, l.clientMessageId)));
  if (messages === timeline.messages && local.length === timeline.local.length) return timeline;
  return { ...timeline, messages, local: local.length === timeline.local.length ? timeline.local : local };
}

/** A page of newer messages for a window: it grows towards the present, and reaches it when no more are newer. */
export function extendNewer(timeline: Timeline, page: readonly Message[], hasMore: boolean): Timeline {
  return { ...mergeMessages({ ...timeline, hasNewer: false }, page), hasNewer: hasMore, loadingNewer: false };
}

/** "Clear conversation": what was cleared leaves the screen, and nothing older is left to load. */
export function withoutCleared(timeline: Timeline, clearedBeforeMessageId: number): Timeline {
  if (!timeline.messages.some((m) => m.id <= clearedBeforeMessageId)) return timeline;
  return { ...timeline, messages: timeline.messages.filter((m) => m.id > clearedBeforeMessageId), hasOlder: false };
}

export function addLocal(timeline: Timeline, message: LocalMessage): Timeline {
  if (timeline.local.some((l) => l.clientMessageId === message.clientMessageId)) return timeline;
  return { ...timeline, local: [...timeline.local, message] };
}

export function setLocalStatus(
  timeline: Timeline,
  clientMessageId: string,
  status: LocalMessage["status"],
  error: string | null = null,
): Timeline {
  if (!timeline.local.some((l) => l.clientMessageId === clientMessageId)) return timeline;
  return {
    ...timeline,
    local: timeline.local.map((l) => (l.clientMessageId === clientMessageId ? { ...l, status, error } : l)),
  };
}

export function newestId(timeline: Timeline): number | null {
  return timeline.messages.at(-1)?.id ?? null;
}

export function oldestId(timeline: Timeline): number | null {
  return timeline.messages[0]?.id ?? null;
}

function dedupeSorted(messages: Message[]): Message[] {
  return messages.filter((m, i) => i === 0 || messages[i - 1]!.id !== m.id);
}

const confirmationKey = (authorId: number, clientMessageId: string) => `${authorId}:${clientMessageId}`;
