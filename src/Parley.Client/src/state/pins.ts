import * as api from "./api";
import { failureSentence } from "./problem";
import { createStore } from "./store";
import type { Message } from "../types";

// The pinned messages of the conversation whose pinned panel is open, newest pin first, kept current by pinsChanged
// (and edits and deletes of what is pinned) while it is open.

export interface PinsState {
  conversationId: number;
  status: "loading" | "ready" | "error";
  messages: readonly Message[];
  error: string | null;
}

export const pinsStore = createStore<PinsState | null>(null);

/** Changes that arrived while the list was on its way, applied to it when it lands (the newest copy wins). */
let pendingChanges: Message[] = [];

export async function openPins(conversationId: number): Promise<void> {
  pendingChanges = [];
  pinsStore.set({ conversationId, status: "loading", messages: [], error: null });
  try {
    const pinned = await api.listPins(conversationId);
    if (pinsStore.get()?.conversationId !== conversationId) return;
    const messages = pendingChanges.reduce(withPinChange, sortPins(pinned));
    pendingChanges = [];
    pinsStore.set({ conversationId, status: "ready", messages, error: null });
  } catch (error) {
    if (pinsStore.get()?.conversationId !== conversationId) return;
    pinsStore.set({ conversationId, status: "error", messages: [], error: failureSentence(error, "The pinned messages could not be loaded.") });
  }
}

export function closePins(): void {
  pendingChanges = [];
  pinsStore.set(null);
}

/** A message changed (pinned, unpinned, edited, deleted): the open list follows. */
export function receivePinChange(message: Message): void {
  const state = pinsStore.get();
  if (!state || state.conversationId !== message.roomId) return;
  if (state.status === "loading") {
    pendingChanges.push(message);
    return;
  }
  const messages = withPinChange(state.messages, message);
  if (messages !== state.messages) pinsStore.set({ ...state, messages });
}

/** The list with one message as it is now: in it while pinned and not deleted, at its pin's place; an older copy changes nothing. */
export function withPinChange(list: readonly Message[], message: Message): readonly Message[] {
  const held = list.find((m) => m.id === message.id);
  if (held && held.changeSeq > message.changeSeq) return list;
  const others = list.filter((m) => m.id !== message.id);
  if (!message.pinned || message.deleted) return held ? others : list;
  return sortPins([...others, message]);
}

function sortPins(messages: readonly Message[]): Message[] {
  return [...messages].sort((a, b) => Date.parse(b.pinned?.at ?? "") - Date.parse(a.pinned?.at ?? "") || b.id - a.id);
}
