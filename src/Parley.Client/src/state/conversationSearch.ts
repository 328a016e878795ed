import * as api from "./api";
import { highlightTermsFor, type HighlightTerm } from "./highlight";
import { showMessage } from "./messages";
import { ApiError } from "./problem";
import { createStore } from "./store";

// Finding text within the open conversation: every hit in order (newest first), stepping from one to the next,
// each shown in its place, with the searched words marked in the messages on screen.

export interface ConversationSearchState {
  conversationId: number;
  query: string;
  status: "idle" | "loading" | "ready" | "error";
  /** Message ids of the hits, newest first. */
  hits: readonly number[];
  hasMore: boolean;
  /** Index into hits of the one shown, or -1. */
  current: number;
  /** The words and phrases to mark, as the server understood the query. */
  highlights: readonly HighlightTerm[];
  error: string | null;
}

export const conversationSearchStore = createStore<ConversationSearchState | null>(null);

const PageSize = 50;

export function openConversationSearch(conversationId: number): void {
  if (conversationSearchStore.get()?.conversationId === conversationId) return;
  conversationSearchStore.set(blank(conversationId));
}

export function closeConversationSearch(): void {
  conversationSearchStore.set(null);
}

/** Searches from the newest hit, and shows it. */
export async function findInConversation(conversationId: number, query: string): Promise<void> {
  const q = query.trim();
  if (!q) {
    conversationSearchStore.set(blank(conversationId));
    return;
  }
  conversationSearchStore.set({ ...blank(conversationId), query: q, status: "loading" });
  try {
    const page = await api.searchMessages({ q, conversationId, limit: PageSize });
    if (!isCurrent(conversationId, q)) return;
    const hits = page.results.map((r) => r.message.id);
    conversationSearchStore.set({
      ...blank(conversationId),
      query: q,
      status: "ready",
      hits,
      hasMore: page.hasMore,
      current: hits.length > 0 ? 0 : -1,
      highlights: highlightTermsFor(q, page.highlights),
    });
    if (hits.length > 0) await show(conversationId, hits[0]!);
  } catch (error) {
    if (isCurrent(conversationId, q)) conversationSearchStore.update((s) => s && { ...s, status: "error", error: describe(error) });
  }
}

/** To the next older hit (fetching more when the known ones run out), or back to a newer one. */
export async function stepHit(direction: "older" | "newer"): Promise<void> {
  const state = conversationSearchStore.get();
  if (!state || state.status !== "ready" || state.current === -1) return;
  let { hits, hasMore } = state;
  const next = state.current + (direction === "older" ? 1 : -1);
  if (next < 0) return;
  if (next >= hits.length) {
    if (!hasMore) return;
    try {
      const page = await api.searchMessages({ q: state.query, conversationId: state.conversationId, before: hits.at(-1), limit: PageSize });
      if (!isCurrent(state.conversationId, state.query)) return;
      hits = [...hits, ...page.results.map((r) => r.message.id)];
      hasMore = page.hasMore;
    } catch (error) {
      conversationSearchStore.update((s) => s && { ...s, error: describe(error) });
      return;
    }
    if (next >= hits.length) {
      conversationSearchStore.update((s) => s && { ...s, hits, hasMore });
      return;
    }
  }
  conversationSearchStore.update((s) => s && { ...s, hits, hasMore, current: next, error: null });
  await show(state.conversationId, hits[next]!);
}

async function show(conversationId: number, messageId: number): Promise<void> {
  try {
    await showMessage(conversationId, messageId);
  } catch (error) {
    conversationSearchStore.update((s) => s && { ...s, error: describe(error) });
  }
}

function isCurrent(conversationId: number, query: string): boolean {
  const state = conversationSearchStore.get();
  return state?.conversationId === conversationId && state.query === query;
}

function blank(conversationId: number): ConversationSearchState {
  return { conversationId, query: "", status: "idle", hits: [], hasMore: false, current: -1, highlights: [], error: null };
}

function describe(error: unknown): string {
  return error instanceof ApiError ? error.detail : "The search failed. Try again.";
}
