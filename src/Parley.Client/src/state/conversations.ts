import * as api from "./api";
import { sortByActivity, withConversation } from "./conversationList";
import { ApiError } from "./problem";
import { createStore } from "./store";
import type { Conversation } from "../types";

// The signed-in user's conversations — rooms and direct messages — most recently active first, kept current by
// events (see dispatcher.ts).

export interface ConversationsState {
  status: "loading" | "ready" | "error";
  conversations: readonly Conversation[];
  error: string | null;
}

const initial: ConversationsState = { status: "loading", conversations: [], error: null };

export const conversationsStore = createStore<ConversationsState>(initial);

export async function loadConversations(): Promise<void> {
  try {
    const conversations = await api.listConversations();
    conversationsStore.set({ status: "ready", conversations: sortByActivity(conversations), error: null });
  } catch (error) {
    // A failed refresh keeps the list already shown.
    conversationsStore.update((s) => ({ ...s, status: s.status === "ready" ? "ready" : "error", error: describe(error) }));
  }
}

export function findConversation(id: number): Conversation | undefined {
  return conversationsStore.get().conversations.find((c) => c.id === id);
}

/** Applies a pure change (conversationList.ts) to the list in the store. */
export function changeConversations(change: (conversations: readonly Conversation[]) => readonly Conversation[]): void {
  conversationsStore.update((s) => {
    const conversations = change(s.conversations);
    return conversations === s.conversations ? s : { ...s, conversations };
  });
}

export function rememberConversation(conversation: Conversation): Conversation {
  changeConversations((list) => withConversation(list, conversation));
  return conversation;
}

const fetching = new Map<number, Promise<Conversation | null>>();

/**
 * Fetches a conversation the list does not have yet (someone just started a direct conversation with this user,
 * or a room was joined in another tab) and adds it; null when the user is not in it. Concurrent calls share one request.
 */
export function fetchConversation(id: number): Promise<Conversation | null> {
  const pending = fetching.get(id);
  if (pending) return pending;
  const request = api.getConversation(id).then(
    (conversation) => rememberConversation(conversation),
    () => null,
  );
  fetching.set(id, request);
  void request.finally(() => fetching.delete(id));
  return request;
}

export function resetConversations(): void {
  conversationsStore.set(initial);
}

function describe(error: unknown): string {
  return error instanceof ApiError ? error.detail : "Could not load your conversations.";
}
