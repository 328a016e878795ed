import * as api from "./api";
import { liveEpoch } from "./hub";
import { createStore } from "./store";
import {
  addLocal,
  emptyTimeline,
  mergeMessages,
  newestId,
  oldestId,
  setLocalStatus,
  type LocalMessage,
  type Timeline,
} from "./timeline";
import type { Message } from "../types";

// Histories of the rooms this client has opened. Live events keep them current; whenever events may have been
// missed (fetched while offline, connection dropped) a timeline records where to catch up from.

export const timelinesStore = createStore<ReadonlyMap<number, Timeline>>(new Map());

const PageSize = 50;
const CatchUpPageSize = 100;
const catchingUp = new Set<number>();

function getTimeline(roomId: number): Timeline | undefined {
  return timelinesStore.get().get(roomId);
}

/** Shows a room: its history is fetched the first time (or after a failed attempt), else brought up to date. */
export function openTimeline(roomId: number): Promise<void> {
  const existing = getTimeline(roomId);
  if (existing && existing.status !== "error") return catchUp(roomId);
  // Created before fetching, so events arriving meanwhile are kept and merged with the page.
  setTimeline(roomId, { ...(existing ?? emptyTimeline(roomId)), status: "loading" });
  return loadNewest(roomId);
}

export async function loadOlder(roomId: number): Promise<void> {
  const timeline = getTimeline(roomId);
  const before = timeline && oldestId(timeline);
  if (!timeline || timeline.loadingOlder || !timeline.hasOlder || before == null) return;
  changeTimeline(roomId, (t) => ({ ...t, loadingOlder: true }));
  try {
    const page = await api.getMessages(roomId, { before }, PageSize);
    changeTimeline(roomId, (t) => ({ ...mergeMessages(t, page.messages), hasOlder: page.hasMore, loadingOlder: false }));
  } catch {
    changeTimeline(roomId, (t) => ({ ...t, loadingOlder: false }));
  }
}

/** Fetches what the room missed since its timeline went stale, page by page; overlap with live events is harmless. */
export async function catchUp(roomId: number): Promise<void> {
  const timeline = getTimeline(roomId);
  const epoch = liveEpoch();
  if (!timeline || timeline.status !== "ready" || timeline.resumeAfter === null || epoch === null || catchingUp.has(roomId)) {
    return;
  }
  catchingUp.add(roomId);
  try {
    let after = timeline.resumeAfter;
    for (;;) {
      const page = await api.getMessages(roomId, { after }, CatchUpPageSize);
      receiveMessages(roomId, page.messages);
      const last = page.messages.at(-1);
      if (!page.hasMore || !last) break;
      after = last.id;
    }
    // Up to date, and live events have been arriving all along: nothing left to catch up.
    if (liveEpoch() === epoch) changeTimeline(roomId, (t) => ({ ...t, resumeAfter: null }));
  } catch {
    // Still stale: the next connection catches up again.
  } finally {
    catchingUp.delete(roomId);
  }
}

export function receiveMessages(roomId: number, messages: readonly Message[]): void {
  changeTimeline(roomId, (t) => mergeMessages(t, messages));
}

export function addLocalMessage(message: LocalMessage): void {
  changeTimeline(message.roomId, (t) => addLocal(t, message));
}

export function setLocalMessageStatus(roomId: number, clientMessageId: string, status: LocalMessage["status"], error: string | null = null): void {
  changeTimeline(roomId, (t) => setLocalStatus(t, clientMessageId, status, error));
}

/** The connection dropped: every history may now miss messages after its newest one. */
export function markTimelinesStale(): void {
  timelinesStore.update((all) => new Map([...all].map(([id, t]) => [id, markStale(t)] as const)));
}

/** After a reconnect only the open room catches up; the others are fetched afresh when opened again. */
export function forgetStaleTimelines(keepRoomId: number | null): void {
  timelinesStore.update((all) => {
    const kept = [...all].filter(([id, t]) => id === keepRoomId || t.resumeAfter === null || t.local.length > 0);
    return kept.length === all.size ? all : new Map(kept);
  });
}

export function forgetTimeline(roomId: number): void {
  timelinesStore.update((all) => {
    if (!all.has(roomId)) return all;
    const next = new Map(all);
    next.delete(roomId);
    return next;
  });
}

export function resetTimelines(): void {
  timelinesStore.set(new Map());
}

async function loadNewest(roomId: number): Promise<void> {
  const epoch = liveEpoch();
  try {
    const page = await api.getMessages(roomId, {}, PageSize);
    changeTimeline(roomId, (t) => ({ ...mergeMessages(t, page.messages), status: "ready", hasOlder: page.hasMore }));
  } catch {
    changeTimeline(roomId, (t) => ({ ...t, status: "error" }));
    return;
  }
  if (epoch === null || liveEpoch() !== epoch) {
    // Fetched without a live connection throughout: events after the page may be missing.
    changeTimeline(roomId, markStale);
    await catchUp(roomId);
  }
}

function markStale(timeline: Timeline): Timeline {
  if (timeline.status !== "ready" || timeline.resumeAfter !== null) return timeline;
  return { ...timeline, resumeAfter: newestId(timeline) ?? 0 };
}

function setTimeline(roomId: number, timeline: Timeline): void {
  timelinesStore.update((all) => new Map(all).set(roomId, timeline));
}

function changeTimeline(roomId: number, change: (timeline: Timeline) => Timeline): void {
  const timeline = getTimeline(roomId);
  if (!timeline) return;
  const changed = change(timeline);
  if (changed !== timeline) setTimeline(roomId, changed);
}
