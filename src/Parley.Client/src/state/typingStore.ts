import { blockCodes, noteSendRefusal } from "./blocks";
import { hubError, invoke } from "./hub";
import { createStore } from "./store";
import { nextExpiry, nextTypingSignalAt, pruneTyping, startTyping, stopTyping, type TypingState } from "./typing";
import type { UserSummary } from "../types";

// Who else is typing, per room, expiring on its own; and this client's own throttled typing signal.

export const typingStore = createStore<ReadonlyMap<number, TypingState>>(new Map());

interface SignalState {
  lastAt: number;
  sentMessageSince: boolean;
  /** A keystroke came too early to signal: the signal goes out when allowed. */
  pending?: ReturnType<typeof setTimeout>;
}

let expiryTimer: ReturnType<typeof setTimeout> | undefined;
const signals = new Map<number, SignalState>();

export function someoneTyping(roomId: number, user: UserSummary): void {
  changeRoom(roomId, (state) => startTyping(state, user, Date.now()));
}

export function someoneStoppedTyping(roomId: number, userId: number): void {
  changeRoom(roomId, (state) => stopTyping(state, userId));
}

/** Call on every keystroke; tells the room at most every few seconds, and never drops the last burst of typing. */
export function signalTyping(roomId: number): void {
  const state = signals.get(roomId);
  if (state?.pending !== undefined) return;
  const at = nextTypingSignalAt(state?.lastAt, state?.sentMessageSince ?? false);
  const now = Date.now();
  if (!state || now >= at) {
    sendSignal(roomId);
    return;
  }
  signals.set(roomId, { ...state, pending: setTimeout(() => sendSignal(roomId), at - now) });
}

/** The message is sent: no more typing to report until the next keystroke. */
export function typingMessageSent(roomId: number): void {
  const state = signals.get(roomId);
  if (!state) return;
  clearTimeout(state.pending);
  signals.set(roomId, { lastAt: state.lastAt, sentMessageSince: true });
}

export function resetTyping(): void {
  clearTimeout(expiryTimer);
  for (const state of signals.values()) clearTimeout(state.pending);
  signals.clear();
  typingStore.set(new Map());
}

function sendSignal(roomId: number): void {
  signals.set(roomId, { lastAt: Date.now(), sentMessageSince: false });
  invoke("Typing", { roomId }).catch((error: unknown) => {
    // A lost typing signal is not worth an error on screen (too fast, connection gone…). A block is: what is being
    // typed will be refused too, so the composer says so now rather than after Enter.
    const { code, reason } = hubError(error);
    if (code !== null && blockCodes.has(code)) noteSendRefusal(roomId, reason);
  });
}

function changeRoom(roomId: number, change: (state: TypingState) => TypingState): void {
  const all = typingStore.get();
  const state = all.get(roomId) ?? [];
  const changed = change(state);
  if (changed === state) return;
  const next = new Map(all);
  if (changed.length === 0) next.delete(roomId);
  else next.set(roomId, changed);
  typingStore.set(next);
  scheduleExpiry();
}

function scheduleExpiry(): void {
  clearTimeout(expiryTimer);
  const expiries = [...typingStore.get().values()].map(nextExpiry).filter((t): t is number => t !== null);
  if (expiries.length === 0) return;
  expiryTimer = setTimeout(expire, Math.max(0, Math.min(...expiries) - Date.now()));
}

function expire(): void {
  const now = Date.now();
  const next = new Map<number, TypingState>();
  for (const [roomId, state] of typingStore.get()) {
    const pruned = pruneTyping(state, now);
    if (pruned.length > 0) next.set(roomId, pruned);
  }
  typingStore.set(next);
  scheduleExpiry();
}
