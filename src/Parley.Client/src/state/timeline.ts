import type { Attachment, Message, ReplyQuote, UserSummary } from "../types";

/** A message this client sent that the server has not confirmed yet. */
export interface LocalMessage {
  clientMessageId: string;
  roomId: number;
  author: UserSummary;
  text: string;
  createdAt: string;
  /** The message it answers, as shown while it is on its way. */
  replyTo: ReplyQuote | null;
  /** Uploads sent with it (already stored on the server, not yet attached): a retry sends the same ones. */
  attachments: readonly Attachment[];
  status: "sending" | "failed";
  /** Why the server refused it, when it did. */
  error: string | null;
}

/**
 * One conversation's history as this client holds it: a run of stored messages in id order (each id once), which
 * in a conversation is also their seq order, followed by this client's unconfirmed sends. The run is contiguous but
 * for a moment after a live message overtook an earlier one (two nodes publish independently): `firstGap` finds that. Usually the run ends at the newest message and live ones
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
  /**
   * The highest change sequence this history is known to reflect: the first page's (read before its messages), then
   * that of every change event and caught-up change. Pages loaded later do not raise it: a change event for a message
   * held already may still be on its way when their answer lands.
   */
  changeSeq: number;
  /** Set while change events may have been missed (no live connection): catch up with changes after this sequence. */
  resumeChangesAfter: number | null;
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
    changeSeq: 0,
    resumeChangesAfter: null,
  };
}

/**
 * Adds stored messages from any source (history page, catch-up, broadcast, send result) in any order and with
 * any overlap: merged by id, so nothing shows twice, and each confirms the local send with its clientMessageId.
 * A window that does not reach the present keeps only what falls inside it. Of two copies of one message the
 * newer (higher changeSeq) stays: every copy carries the whole message as it was then, so whatever order they
 * arrive in, the last state shown is the newest.
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
    let changed = false;
    for (const message of sortedIncoming) {
      const held = byId.get(message.id);
      if (held && !supersedes(message, held)) continue;
      byId.set(message.id, message);
      changed = true;
    }
    messages = changed ? [...byId.values()].sort((a, b) => a.id - b.id) : timeline.messages;
  }

  const confirmed = new Set(
    relevant.filter((m) => m.clientMessageId !== null).map((m) => confirmationKey(m.author.id, m.clientMessageId!)),
  );
  const local = timeline.local.filter((l) => !confirmed.has(confirmationKey(l.author.id, l.clientMessageId)));
  if (messages === timeline.messages && local.length === timeline.local.length) return timeline;
  return { ...timeline, messages, local: local.length === timeline.local.length ? timeline.local : local };
}

/**
 * Changes to messages (edits, deletes, reactions, pins; from events or a catch-up of changes) replace the copies
 * held, by the same newest-wins rule; a change to a message not held is not added, as that would leave a gap in
 * the run (it is loaded, as it is now, with its page). Its changeSeq counts towards where the next catch-up starts.
 */
export function applyChanges(timeline: Timeline, changes: readonly Message[]): Timeline {
  const relevant = changes.filter((m) => m.roomId === timeline.roomId);
  const changeSeq = highestChangeSeq(timeline.changeSeq, relevant);
  const newest = new Map<number, Message>();
  for (const message of relevant) {
    const other = newest.get(message.id);
    if (!other || supersedes(message, other)) newest.set(message.id, message);
  }
  let changed = false;
  const messages = timeline.messages.map((held) => {
    const incoming = newest.get(held.id);
    if (!incoming || incoming === held || !supersedes(incoming, held)) return held;
    changed = true;
    return incoming;
  });
  if (!changed && changeSeq === timeline.changeSeq) return timeline;
  return { ...timeline, messages: changed ? messages : timeline.messages, changeSeq };
}

/** The first page's own change sequence (read before its messages): every change up to it is in the page. */
export function withChangeSeq(timeline: Timeline, changeSeq: number): Timeline {
  return changeSeq > timeline.changeSeq ? { ...timeline, changeSeq } : timeline;
}

/**
 * The held message after which one is missing: the first of two neighbours in the run whose seqs are not
 * consecutive. Null when the run has no gap. Messages without a seq (0) tell nothing and never make one.
 */
export function firstGap(timeline: Timeline): Message | null {
  const { messages } = timeline;
  for (let i = 1; i < messages.length; i++) {
    const earlier = messages[i - 1]!;
    if (earlier.seq > 0 && messages[i]!.seq > earlier.seq + 1) return earlier;
  }
  return null;
}

/** The newest-wins rule: the same state again (equal changeSeq) may replace, an older one never does. */
export function supersedes(incoming: Message, held: Message): boolean {
  return incoming.changeSeq >= held.changeSeq;
}

function highestChangeSeq(seen: number, messages: readonly Message[]): number {
  return messages.reduce((highest, m) => Math.max(highest, m.changeSeq), seen);
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
