import * as api from "./api";
import { ApiError } from "./problem";
import { createStore } from "./store";
import type { SearchResult } from "../types";

// Searching every message the user can read: newest first, a page at a time.

export interface SearchState {
  /** What was searched for; empty when no search is shown. */
  query: string;
  status: "idle" | "loading" | "ready" | "error";
  results: readonly SearchResult[];
  hasMore: boolean;
  loadingMore: boolean;
  error: string | null;
}

const idle: SearchState = { query: "", status: "idle", results: [], hasMore: false, loadingMore: false, error: null };

export const searchStore = createStore<SearchState>(idle);

const PageSize = 20;
let current: AbortController | null = null;

export async function searchMessages(query: string): Promise<void> {
  current?.abort();
  const q = query.trim();
  if (!q) {
    closeSearch();
    return;
  }
  const abort = new AbortController();
  current = abort;
  searchStore.set({ ...idle, query: q, status: "loading" });
  try {
    const page = await api.searchMessages({ q, limit: PageSize }, abort.signal);
    searchStore.set({ ...idle, query: q, status: "ready", results: page.results, hasMore: page.hasMore });
  } catch (error) {
    if (!abort.signal.aborted) searchStore.set({ ...idle, query: q, status: "error", error: describe(error) });
  }
}

export async function loadMoreResults(): Promise<void> {
  const state = searchStore.get();
  const last = state.results.at(-1);
  if (state.status !== "ready" || !state.hasMore || state.loadingMore || !last) return;
  const abort = new AbortController();
  current = abort;
  searchStore.set({ ...state, loadingMore: true });
  try {
    const page = await api.searchMessages({ q: state.query, before: last.message.id, limit: PageSize }, abort.signal);
    searchStore.update((s) => ({ ...s, results: [...s.results, ...page.results], hasMore: page.hasMore, loadingMore: false }));
  } catch (error) {
    if (!abort.signal.aborted) searchStore.update((s) => ({ ...s, loadingMore: false, error: describe(error) }));
  }
}

/** A message deleted for everyone leaves the results shown, as it leaves every other screen. */
export function dropDeletedResult(messageId: number): void {
  searchStore.update((s) => (s.results.some((r) => r.message.id === messageId) ? { ...s, results: s.results.filter((r) => r.message.id !== messageId) } : s));
}

export function closeSearch(): void {
  current?.abort();
  current = null;
  searchStore.set(idle);
}

function describe(error: unknown): string {
  return error instanceof ApiError ? error.detail : "The search failed. Try again.";
}
