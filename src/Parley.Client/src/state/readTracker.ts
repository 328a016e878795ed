import { markConversationRead } from "./conversationActions";
import { conversationsStore, findConversation } from "./conversations";
import { timelinesStore } from "./messages";
import { openConversationId, routeStore } from "./router";
import { createStore } from "./store";

// Reading: while a conversation is open in front of the user, it is marked read up to the newest message shown,
// at most once a second; every device hears of it (conversationStateChanged). Where reading started is kept, so
// the "New messages" divider stays put while the user reads on.

/** The open conversation's read position when the user came to it: the divider goes before the first message after it. */
export interface UnreadMarker {
  conversationId: number;
  lastReadMessageId: number;
}

export const unreadMarkerStore = createStore<UnreadMarker | null>(null);

/** The page is visible and focused: whatever the open conversation shows is being read. */
export const attentionStore = createStore<boolean>(pageHasAttention());

const MarkReadIntervalMs = 1000;
let lastMarkAt = 0;
/** A read waiting for the throttle, for the conversation that was open when it was scheduled. */
let pending: { conversationId: number; timer: ReturnType<typeof setTimeout> } | null = null;

export function startReadTracking(): () => void {
  const follow = () => {
    const had = attentionStore.get();
    attentionStore.set(pageHasAttention());
    if (!had && attentionStore.get()) {
      moveMarkerToUnread();
      scheduleMarkRead();
    }
  };
  document.addEventListener("visibilitychange", follow);
  window.addEventListener("focus", follow);
  window.addEventListener("blur", follow);
  const unsubscribe = [
    routeStore.subscribe(openChanged),
    conversationsStore.subscribe(placeMarkerThenRead),
    timelinesStore.subscribe(scheduleMarkRead),
  ];
  openChanged();
  return () => {
    document.removeEventListener("visibilitychange", follow);
    window.removeEventListener("focus", follow);
    window.removeEventListener("blur", follow);
    for (const stop of unsubscribe) stop();
    if (pending) clearTimeout(pending.timer);
    pending = null;
    unreadMarkerStore.set(null);
  };
}

/** The user is looking at this conversation's newest messages: what arrives there is read on arrival. */
export function isReadingLive(conversationId: number): boolean {
  return openConversationId() === conversationId && attentionStore.get() && !timelinesStore.get().get(conversationId)?.hasNewer;
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
  placeMarkerThenRead();
}

/** Once the open conversation is in the list, its read position is known: remember it before reading moves it. */
function placeMarkerThenRead(): void {
  const id = openConversationId();
  const conversation = id === null ? undefined : findConversation(id);
  if (conversation && unreadMarkerStore.get()?.conversationId !== conversation.id) {
    unreadMarkerStore.set({ conversationId: conversation.id, lastReadMessageId: conversation.lastReadMessageId });
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

/** Marks read up to the newest message shown, if the user is looking and the divider's place is already kept. */
function markRead(id: number): void {
  if (!attentionStore.get() || unreadMarkerStore.get()?.conversationId !== id) return;
  const conversation = findConversation(id);
  const timeline = timelinesStore.get().get(id);
  const newest = timeline?.status === "ready" ? timeline.messages.at(-1)?.id : undefined;
  if (!conversation || newest === undefined || newest <= conversation.lastReadMessageId) return;
  lastMarkAt = Date.now();
  void markConversationRead(id, newest);
}

function pageHasAttention(): boolean {
  return document.visibilityState === "visible" && document.hasFocus();
}
