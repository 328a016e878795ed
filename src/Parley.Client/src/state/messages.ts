import * as api from "./api";
import { findConversation } from "./conversations";
import { liveEpoch } from "./hub";
import { opensAtReadPosition, windowAt, type ReadPosition } from "./placement";
import { failureSentence } from "./problem";
import { createStore } from "./store";
import {
  addLocal,
  applyChanges,
  emptyTimeline,
  extendNewer,
  firstGap,
  mergeMessages,
  newestId,
  oldestId,
  setLocalStatus,
  withChangeSeq,
  withoutCleared,
  type LocalMessage,
  type Timeline,
} from "./timeline";
import type { Message } from "../types";

// Histories of the conversations this client has opened. Live events keep them current; whenever events may have
// been missed (fetched while offline, connection dropped) a timeline records where to catch up from: new messages
// after the newest id, and changes to messages (edits, deletes, reactions, pins) after the highest change sequence.
// A jump to an older message (a search hit, a reply's original) replaces the history with a window around it,
// which grows in both directions; so does opening a conversation with unread messages, at the first of them.
// Messages are numbered in their conversation (seq): a live message that overtook an earlier one (several server
// nodes each publish what they stored) leaves a gap, which the same catch-up fills if it does not close by itself.

export const timelinesStore = createStore<ReadonlyMap<number, Timeline>>(new Map());

/** The message to bring into view and flash: a search hit just jumped to. `serial` tells repeated jumps apart. */
export interface Spotlight {
  conversationId: number;
  messageId: number;
  serial: number;
}

export const spotlightStore = createStore<Spotlight | null>(null);
let spotlightSerial = 0;

const PageSize = 50;
/** Read messages shown above the first unread one when a conversation opens there. */
const ContextBefore = 20;
const CatchUpPageSize = 100;
/**
 * How long a gap may wait for the message it misses to arrive live before it is fetched: usually that message's
 * event is a moment behind, and fetching at once would send every member of a busy room to the server together.
 */
export const GapGraceMs = 1000;
const catchingUp = new Set<number>();
/** Conversations whose catch-up was asked for again while one was running: it runs once more when that one ends. */
const catchUpAgain = new Set<number>();
const gapChecks = new Map<number, ReturnType<typeof setTimeout>>();

function getTimeline(roomId: number): Timeline | undefined {
  return timelinesStore.get().get(roomId);
}

/**
 * Opening a conversation shows where reading stopped when messages are unread (a window from the first unread one,
 * unless what is held reaches back there), else its present: the window of an earlier jump gives way to the newest
 * messages. A search hit just jumped to keeps its window.
 */
export function openTimeline(roomId: number, position: ReadPosition | null = readPositionOf(roomId)): Promise<void> {
  const existing = getTimeline(roomId);
  if (spotlightStore.get()?.conversationId === roomId) return refreshTimeline(roomId);
  if (opensAtReadPosition(existing, position)) return openAtReadPosition(roomId, position!.lastReadMessageId);
  const unreadHeld = position !== null && position.unreadCount > 0;
  if (existing?.hasNewer && !unreadHeld) return jumpToPresent(roomId);
  return refreshTimeline(roomId);
}

function readPositionOf(roomId: number): ReadPosition | null {
  const conversation = findConversation(roomId);
  return conversation ? { lastReadMessageId: conversation.lastReadMessageId, unreadCount: conversation.unreadCount } : null;
}

/** Replaces the history with a window at the read position: some read messages for context, then the unread ones. */
async function openAtReadPosition(roomId: number, lastReadMessageId: number): Promise<void> {
  const existing = getTimeline(roomId);
  const segment = (existing?.segment ?? 0) + 1;
  setTimeline(roomId, { ...emptyTimeline(roomId, segment), local: existing?.local ?? [] });
  try {
    const [before, after] = await Promise.all([
      api.getMessages(roomId, { before: lastReadMessageId + 1 }, ContextBefore),
      api.getMessages(roomId, { after: lastReadMessageId }, PageSize),
    ]);
    const window = windowAt(before, after);
    changeSegment(roomId, segment, (t) => ({
      ...t,
      ...window,
      status: "ready",
      // As for a jump: a window reaching the present replaced whatever arrived live while it was fetched.
      resumeAfter: window.hasNewer ? null : (window.messages.at(-1)?.id ?? lastReadMessageId),
      // Each page read the change sequence before its messages: changes after the older of the two are fetched.
      changeSeq: Math.min(before.changeSeq, after.changeSeq),
      resumeChangesAfter: Math.min(before.changeSeq, after.changeSeq),
    }));
  } catch (error) {
    const sentence = failureSentence(error, "The messages could not be loaded.");
    changeSegment(roomId, segment, (t) => ({ ...t, status: "error", error: sentence }));
    return;
  }
  await catchUp(roomId);
}

/** A conversation's history is fetched the first time (or after a failed attempt), else brought up to date. */
export function refreshTimeline(roomId: number): Promise<void> {
  const existing = getTimeline(roomId);
  if (existing && existing.status !== "error") return catchUp(roomId);
  // Created before fetching, so events arriving meanwhile are kept and merged with the page.
  setTimeline(roomId, { ...(existing ?? emptyTimeline(roomId)), status: "loading" });
  return loadNewest(roomId);
}

/** Shows a message in its place and flashes it: from what is loaded, else from the window around it. */
export async function showMessage(roomId: number, messageId: number): Promise<void> {
  const loaded = getTimeline(roomId);
  if (!loaded?.messages.some((m) => m.id === messageId)) {
    const window = await api.getMessagesAround(roomId, messageId, PageSize);
    const existing = getTimeline(roomId);
    setTimeline(roomId, {
      ...emptyTimeline(roomId, (existing?.segment ?? 0) + 1),
      status: "ready",
      messages: window.messages,
      local: existing?.local ?? [],
      hasOlder: window.hasOlder,
      hasNewer: window.hasNewer,
      // A window that reaches the present replaced whatever live messages arrived while it was fetched; any window
      // replaced the change events that arrived meanwhile.
      resumeAfter: window.hasNewer ? null : (window.messages.at(-1)?.id ?? 0),
      changeSeq: window.changeSeq,
      resumeChangesAfter: window.changeSeq,
    });
    void catchUp(roomId);
  }
  spotlightStore.set({ conversationId: roomId, messageId, serial: ++spotlightSerial });
}

/** Leaves a window in the past for the newest messages. */
export function jumpToPresent(roomId: number): Promise<void> {
  const existing = getTimeline(roomId);
  setTimeline(roomId, { ...emptyTimeline(roomId, (existing?.segment ?? 0) + 1), local: existing?.local ?? [] });
  if (spotlightStore.get()?.conversationId === roomId) spotlightStore.set(null);
  return loadNewest(roomId);
}

export async function loadOlder(roomId: number): Promise<void> {
  const timeline = getTimeline(roomId);
  const before = timeline && oldestId(timeline);
  if (!timeline || timeline.loadingOlder || !timeline.hasOlder || before == null) return;
  const { segment } = timeline;
  changeTimeline(roomId, (t) => ({ ...t, loadingOlder: true }));
  try {
    const page = await api.getMessages(roomId, { before }, PageSize);
    changeSegment(roomId, segment, (t) => ({ ...mergeMessages(t, page.messages), hasOlder: page.hasMore, loadingOlder: false }));
  } catch {
    changeSegment(roomId, segment, (t) => ({ ...t, loadingOlder: false }));
  }
}

/** Grows a window towards the present; on reaching it, catches up with what arrived live meanwhile. */
export async function loadNewer(roomId: number): Promise<void> {
  const timeline = getTimeline(roomId);
  const after = timeline && newestId(timeline);
  if (!timeline || timeline.loadingNewer || !timeline.hasNewer || after == null) return;
  const { segment } = timeline;
  changeTimeline(roomId, (t) => ({ ...t, loadingNewer: true }));
  try {
    const page = await api.getMessages(roomId, { after }, PageSize);
    changeSegment(roomId, segment, (t) => {
      const extended = extendNewer(t, page.messages, page.hasMore);
      return extended.hasNewer ? extended : { ...extended, resumeAfter: newestId(extended) ?? 0 };
    });
    if (!page.hasMore) await catchUp(roomId);
  } catch {
    changeSegment(roomId, segment, (t) => ({ ...t, loadingNewer: false }));
  }
}

/** "Clear conversation" took effect (here or on another device). */
export function clearTimeline(roomId: number, clearedBeforeMessageId: number): void {
  changeTimeline(roomId, (t) => withoutCleared(t, clearedBeforeMessageId));
}

/**
 * Fetches what the conversation missed since its timeline went stale, or since the message before a gap in it,
 * page by page: new messages, then changes to messages. Overlap with live events is harmless: merged by id, the
 * newest copy of each message wins.
 */
export async function catchUp(roomId: number): Promise<void> {
  const timeline = getTimeline(roomId);
  const epoch = liveEpoch();
  const from = timeline ? earliest(timeline.resumeAfter, firstGap(timeline)?.id ?? null) : null;
  if (!timeline || timeline.status !== "ready" || (from === null && timeline.resumeChangesAfter === null) || epoch === null) {
    return;
  }
  if (catchingUp.has(roomId)) {
    // The one running may have read the server before what is asked for now was stored.
    catchUpAgain.add(roomId);
    return;
  }
  catchingUp.add(roomId);
  const { segment } = timeline;
  try {
    if (from !== null) {
      let after = from;
      for (;;) {
        const page = await api.getMessages(roomId, { after }, CatchUpPageSize);
        // Not as live messages: a gap these do not close has no message on its way to wait for.
        changeTimeline(roomId, (t) => mergeMessages(t, page.messages));
        const last = page.messages.at(-1);
        if (!page.hasMore || !last) break;
        after = last.id;
      }
      // Up to date, and live events have been arriving all along: nothing left to catch up.
      if (liveEpoch() === epoch) changeSegment(roomId, segment, (t) => ({ ...t, resumeAfter: null }));
    }
    if (timeline.resumeChangesAfter !== null) {
      let after = timeline.resumeChangesAfter;
      for (;;) {
        const page = await api.getMessageChanges(roomId, after, CatchUpPageSize);
        changeSegment(roomId, segment, (t) => applyChanges(t, page.messages));
        const last = page.messages.at(-1);
        if (!page.hasMore || !last) {
          changeSegment(roomId, segment, (t) => withChangeSeq(t, page.changeSeq));
          break;
        }
        after = last.changeSeq;
        // Progress survives a failure: the next catch-up goes on from here.
        changeSegment(roomId, segment, (t) => (t.resumeChangesAfter === null ? t : { ...t, resumeChangesAfter: after }));
      }
      if (liveEpoch() === epoch) changeSegment(roomId, segment, (t) => ({ ...t, resumeChangesAfter: null }));
    }
  } catch {
    // Still stale: the next connection catches up again.
  } finally {
    catchingUp.delete(roomId);
  }
  if (catchUpAgain.delete(roomId)) await catchUp(roomId);
}

function earliest(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.min(a, b);
}

/**
 * Stored messages from a live event or a send's answer. One that leaves a gap behind it (its seq is not the next)
 * overtook another on the way: given a moment to arrive, what is still missing then is fetched.
 */
export function receiveMessages(roomId: number, messages: readonly Message[]): void {
  changeTimeline(roomId, (t) => mergeMessages(t, messages));
  const timeline = getTimeline(roomId);
  if (timeline && !gapChecks.has(roomId) && firstGap(timeline) !== null) {
    gapChecks.set(
      roomId,
      setTimeout(() => {
        gapChecks.delete(roomId);
        const now = getTimeline(roomId);
        if (now && firstGap(now) !== null) void catchUp(roomId);
      }, GapGraceMs),
    );
  }
}

/** Messages as they are after a change (an event, or the answer to this user's own edit, reaction, pin). */
export function receiveChanges(roomId: number, messages: readonly Message[]): void {
  changeTimeline(roomId, (t) => applyChanges(t, messages));
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

/** After a reconnect only the open conversation catches up; the others are fetched afresh when opened again. */
export function forgetStaleTimelines(keepRoomId: number | null): void {
  timelinesStore.update((all) => {
    // A window in the past is kept (it may be the one a search hit opened); it catches up with changes when opened.
    const kept = [...all].filter(
      ([id, t]) => id === keepRoomId || (t.resumeAfter === null && (t.hasNewer || t.resumeChangesAfter === null)) || t.local.length > 0,
    );
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
  for (const check of gapChecks.values()) clearTimeout(check);
  gapChecks.clear();
  timelinesStore.set(new Map());
  spotlightStore.set(null);
}

async function loadNewest(roomId: number): Promise<void> {
  const segment = getTimeline(roomId)?.segment ?? 0;
  const epoch = liveEpoch();
  try {
    const page = await api.getMessages(roomId, {}, PageSize);
    changeSegment(roomId, segment, (t) => ({
      ...withChangeSeq(mergeMessages(t, page.messages), page.changeSeq),
      status: "ready",
      hasOlder: page.hasMore,
      // Change events that arrived while the page was on its way found none of its messages to change, and the page
      // may have been read before them: the changes after the page's sequence are fetched.
      resumeChangesAfter: t.changeSeq > page.changeSeq ? Math.min(t.resumeChangesAfter ?? page.changeSeq, page.changeSeq) : t.resumeChangesAfter,
    }));
  } catch (error) {
    const sentence = failureSentence(error, "The messages could not be loaded.");
    changeSegment(roomId, segment, (t) => ({ ...t, status: "error", error: sentence }));
    return;
  }
  if (epoch === null || liveEpoch() !== epoch) {
    // Fetched without a live connection throughout: events after the page may be missing.
    changeSegment(roomId, segment, markStale);
  }
  await catchUp(roomId);
}

/**
 * From here on events may be missed. A window in the past does not follow new messages, so it has none to catch up
 * with; the messages it holds can still change.
 */
function markStale(timeline: Timeline): Timeline {
  if (timeline.status !== "ready") return timeline;
  const resumeAfter = timeline.resumeAfter ?? (timeline.hasNewer ? null : (newestId(timeline) ?? 0));
  const resumeChangesAfter = timeline.resumeChangesAfter ?? timeline.changeSeq;
  if (resumeAfter === timeline.resumeAfter && resumeChangesAfter === timeline.resumeChangesAfter) return timeline;
  return { ...timeline, resumeAfter, resumeChangesAfter };
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

/** Applies the answer to a request made for one run of history, unless a jump has replaced that run since. */
function changeSegment(roomId: number, segment: number, change: (timeline: Timeline) => Timeline): void {
  changeTimeline(roomId, (t) => (t.segment === segment ? change(t) : t));
}
