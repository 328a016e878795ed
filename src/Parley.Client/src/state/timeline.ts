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
 * One room's history as this client holds it: a contiguous run of stored messages in id order (each id once),
 * followed by this client's unconfirmed sends.
 */
export interface Timeline {
  roomId: number;
  status: "loading" | "ready" | "error";
  messages: readonly Message[];
  local: readonly LocalMessage[];
  hasOlder: boolean;
  loadingOlder: boolean;
  /** Set while events may have been missed (no live connection): catch up with messages after this id. */
  resumeAfter: number | null;
}

export function emptyTimeline(roomId: number): Timeline {
  return { roomId, status: "loading", messages: [], local: [], hasOlder: false, loadingOlder: false, resumeAfter: null };
}

/**
 * Adds stored messages from any source (history page, catch-up, broadcast, send result) in any order and with
 * any overlap: merged by id, so nothing shows twice, and each confirms the local send with its clientMessageId.
 */
export function mergeMessages(timeline: Timeline, incoming: readonly Message[]): Timeline {
  const relevant = incoming.filter((m) => m.roomId === timeline.roomId);
  if (relevant.length === 0) return timeline;

  const last = timeline.messages.at(-1);
  const sortedIncoming = [...relevant].sort((a, b) => a.id - b.id);
  let messages: Message[];
  if (!last || sortedIncoming[0]!.id > last.id) {
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
  return { ...timeline, messages, local: local.length === timeline.local.length ? timeline.local : local };
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
