import { markConversationRead } from "./conversationActions";
import { conversationsStore, findConversation } from "./conversations";
import { timelinesStore } from "./messages";
import { newestShown, readUpTo } from "./placement";
import { openConversationId, routeStore } from "./router";
import { createStore } from "./store";

// Reading: while a conversation is open in front of the user, it is marked read up to the newest message that has
// been on screen (the message list reports what is in view), at most once a second; every device hears of it
// (conversationStateChanged). Loaded is not read: a window of 50 unread messages clears only what was scrolled
// through. Where reading started is kept, so the "New messages" divider stays put while the user reads on.

/**
 * The open conversation's read position when the user came to it: the divider goes before the first message after
 * it. Null when nothing was unread then: what arrives while the user watches is read as it arrives, not "new".
 */
export interface UnreadMarker {
  conversationId: number;
  lastReadMessageId: number | null;
}

export const unreadMarkerStore = createStore<UnreadMarker | null>(null);

/** The page is visible and focused: whatever the open conversation shows is being read. */
export const attentionStore = createStore<boolean>(pageHasAttention());

const MarkReadIntervalMs = 1000;
let lastMarkAt = 0;
/** What the open conversation's list has in view now, as it last reported. */
let inView: { conversationId: number; newest: number | null; atLatest: boolean } | null = null;
/** Per conversation, the newest message that has been in view while the user was looking. */
const shownUpTo = new Map<number, number>();
/** A read waiting for the throttle, for the conversation that was open when it was scheduled. */
let pending: { conversationId: number; timer: ReturnType<typeof setTimeout> } | null = null;

export function startReadTracking(): () => void {
  const follow = () => {
    const had = attentionStore.get();
    attentionStore.set(pageHasAttention());
    if (!had && attentionStore.get()) {
      moveMarkerToUnread();
      // What stayed in view while the user looked away is in front of them now.
      if (inView) noteShown(inView.conversationId, inView.newest);
      scheduleMarkRead();
    }
  };
  document.addEventListener("visibilitychange", follow);
  window.addEventListener("focus", follow);
  window.addEventListener("blur", follow);
  const unsubscribe = [
    routeStore.subscribe(openChanged),
    conversationsStore.subscribe(placeMarkerThenRead),
  ];
  openChanged();
  return () => {
    document.removeEventListener("visibilitychange", follow);
    window.removeEventListener("focus", follow);
    window.removeEventListener("blur", follow);
    for (const stop of unsubscribe) stop();
    if (pending) clearTimeout(pending.timer);
    pending = null;
    inView = null;
    shownUpTo.clear();
    unreadMarkerStore.set(null);
  };
}

/**
 * The open conversation's list says what it has in view: the newest stored message on screen (null: none), and
 * whether it is scrolled to the newest message there is, so that one arriving comes into view.
 */
export function reportInView(conversationId: number, newest: number | null, atLatest: boolean): void {
  inView = { conversationId, newest, atLatest };
  noteShown(conversationId, newest);
}

/** The user is looking at this conversation's newest messages: what arrives there is read on arrival. */
export function isReadingLive(conversationId: number): boolean {
  return (
    openConversationId() === conversationId &&
    attentionStore.get() &&
    !timelinesStore.get().get(conversationId)?.hasNewer &&
    inView?.conversationId === conversationId &&
    inView.atLatest
  );
}

function noteShown(conversationId: number, newest: number | null): void {
  if (conversationId !== openConversationId()) return;
  const previous = shownUpTo.get(conversationId);
  const shown = newestShown(previous, newest, attentionStore.get());
  if (shown === undefined || shown === previous) return;
  shownUpTo.set(conversationId, shown);
  scheduleMarkRead();
}

function openChanged(): void {
  // Leaving a conversation: what it showed was read, so that waits for no throttle.
  if (pending && pending.conversationId !== openConversationId()) {
    clearTimeout(pending.timer);
    const left = pending.conversationId;
    pending = null;
    markRead(left);
  }
  if (unreadMarkerStore.get()?.conversationId !== openConversationId()) unreadMarkerStore.set(null);
  if (inView && inView.conversationId !== openConversationId()) inView = null;
  // Shown is per visit: coming back, only what is shown again counts (the read position keeps the rest).
  for (const id of shownUpTo.keys()) if (id !== openConversationId()) shownUpTo.delete(id);
  placeMarkerThenRead();
}

/** Once the open conversation is in the list, its read position is known: remember it before reading moves it. */
function placeMarkerThenRead(): void {
  const id = openConversationId();
  const conversation = id === null ? undefined : findConversation(id);
  if (conversation && unreadMarkerStore.get()?.conversationId !== conversation.id) {
    unreadMarkerStore.set({
      conversationId: conversation.id,
      lastReadMessageId: conversation.unreadCount > 0 ? conversation.lastReadMessageId : null,
    });
  }
  scheduleMarkRead();
}

/** Back after a while away: what arrived meanwhile is what is new now. */
function moveMarkerToUnread(): void {
  const id = openConversationId();
  const conversation = id === null ? undefined : findConversation(id);
  if (conversation && conversation.unreadCount > 0) {
    unreadMarkerStore.set({ conversationId: conversation.id, lastReadMessageId: conversation.lastReadMessageId });
  }
}

function scheduleMarkRead(): void {
  const conversationId = openConversationId();
  if (conversationId === null || pending) return;
  const timer = setTimeout(
    () => {
      pending = null;
      markRead(conversationId);
    },
    Math.max(0, lastMarkAt + MarkReadIntervalMs - Date.now()),
  );
  pending = { conversationId, timer };
}

/** Marks read up to the newest message shown, if the divider's place is already kept. */
function markRead(id: number): void {
  if (unreadMarkerStore.get()?.conversationId !== id) return;
  const conversation = findConversation(id);
  const upTo = conversation ? readUpTo(shownUpTo.get(id), conversation.lastReadMessageId) : null;
  if (upTo === null) return;
  lastMarkAt = Date.now();
  void markConversationRead(id, upTo);
}

function pageHasAttention(): boolean {
  return document.visibilityState === "visible" && document.hasFocus();
}
