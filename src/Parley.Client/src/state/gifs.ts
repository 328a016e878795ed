import { request } from "./http";
import { sendMessage } from "./outbox";
import { ApiError } from "./problem";
import type { Attachment, Gif, GifConfig, GifPage, GifProvider, ReplyQuote, UserSummary } from "../types";

// The GIF picker: which provider the server uses, its pages (trending, or a search as the user types), and sending
// the GIF picked. The picker's state changes are pure functions (gifPicker below), so they are tested without a DOM.

let config: Promise<GifConfig> | null = null;

/** The server's GIF provider, asked once; a failed ask is asked again next time (until then there is no GIF button). */
export function loadGifConfig(): Promise<GifConfig> {
  config ??= request<GifConfig>("GET", "/api/gifs/config").catch(() => {
    config = null;
    return { provider: null };
  });
  return config;
}

/** Trending when `query` is empty (or only spaces), else a search; `pos` is the previous page's `next`. */
export function fetchGifPage(query: string, pos: string | null, signal?: AbortSignal): Promise<GifPage> {
  const words = query.trim();
  const params = new URLSearchParams();
  if (words) params.set("q", words);
  if (pos !== null) params.set("pos", pos);
  const search = params.size > 0 ? `?${params}` : "";
  return request<GifPage>("GET", `/api/gifs/${words ? "search" : "trending"}${search}`, { signal });
}

export const providerNames: Readonly<Record<GifProvider, string>> = { giphy: "Giphy", tenor: "Tenor" };

/** The server's longest search (characters); the search box stops there. */
export const MaxGifQueryLength = 100;

/** How long typing pauses before the search goes out: each keystroke would otherwise spend the user's GIF allowance. */
export const SearchDelayMs = 350;

/** The picker's grid has this many columns at every width (the stylesheet agrees): ↑/↓ move by a row. */
export const GifColumns = 3;

/** A picked GIF as the attachment it will become, so the message shows it while it is on its way. */
export function gifAttachment(gif: Gif, provider: GifProvider): Attachment {
  return {
    id: gif.id,
    kind: "gif",
    name: gif.title,
    contentType: "image/gif",
    size: 0,
    url: gif.url,
    thumbnailUrl: gif.previewUrl,
    width: gif.width,
    height: gif.height,
    durationMs: null,
    waveform: null,
    provider,
  };
}

/** Sends a message carrying the GIF (and no text), through the same outbox as every message. */
export function sendGif(roomId: number, gif: Gif, provider: GifProvider, author: UserSummary, replyTo: ReplyQuote | null): void {
  sendMessage(roomId, "", author, replyTo, [gifAttachment(gif, provider)]);
}

/**
 * The box a GIF is shown in, known before it loads so the list does not jump: its own size scaled down to fit
 * `max` × `max`, never up.
 */
export function gifBox(width: number | null, height: number | null, max: number): { width: number; height: number } {
  if (!width || !height || width <= 0 || height <= 0) return { width: max, height: max };
  const scale = Math.min(1, max / width, max / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export interface GifPickerState {
  /** The words the results are for; "" = trending. */
  query: string;
  status: "loading" | "ready" | "error";
  results: readonly Gif[];
  /** The `pos` of the next page; null at the end. */
  next: string | null;
  loadingMore: boolean;
  /** What went wrong, to show; the results already shown stay. */
  error: string | null;
  /** The request whose answer the picker waits for: answers to older ones (a search overtaken by typing) are dropped. */
  request: number;
}

export type GifPickerAction =
  | { type: "load"; query: string; request: number }
  | { type: "loadMore"; request: number }
  | { type: "loaded"; request: number; page: GifPage }
  | { type: "failed"; request: number; error: unknown };

export const initialGifPicker: GifPickerState = { query: "", status: "loading", results: [], next: null, loadingMore: false, error: null, request: 0 };

export function gifPicker(state: GifPickerState, action: GifPickerAction): GifPickerState {
  switch (action.type) {
    case "load":
      return { ...initialGifPicker, query: action.query.trim(), request: action.request };
    case "loadMore":
      return canLoadMore(state) ? { ...state, loadingMore: true, error: null, request: action.request } : state;
    case "loaded": {
      if (action.request !== state.request) return state;
      if (!state.loadingMore) return { ...state, status: "ready", results: action.page.results, next: action.page.next };
      // Providers can repeat a GIF on the next page; the grid shows each once.
      const seen = new Set(state.results.map((g) => g.id));
      const added = action.page.results.filter((g) => !seen.has(g.id));
      return { ...state, results: [...state.results, ...added], next: action.page.next, loadingMore: false };
    }
    case "failed": {
      if (action.request !== state.request) return state;
      const error = describeGifFailure(action.error);
      return state.loadingMore ? { ...state, loadingMore: false, error } : { ...state, status: "error", results: [], next: null, error };
    }
  }
}

/** Whether scrolling to the end should fetch another page now. */
export function canLoadMore(state: GifPickerState): boolean {
  return state.status === "ready" && state.next !== null && !state.loadingMore;
}

/** The sentence for a failed page: the server's (provider down, too fast, GIFs off) or, offline, a general one. */
export function describeGifFailure(error: unknown): string {
  return error instanceof ApiError && error.status !== 0 ? error.detail : "GIFs could not be loaded. Check your connection and try again.";
}

/** The line the picker reads out while it has nothing else to show (null: the grid speaks for itself). */
export function gifPickerStatus(state: GifPickerState): string | null {
  if (state.status === "loading") return state.query ? "Searching GIFs…" : "Loading trending GIFs…";
  if (state.status === "error") return state.error;
  if (state.results.length === 0) return state.query ? `No GIFs found for “${state.query}”.` : "No trending GIFs right now.";
  if (state.loadingMore) return "Loading more GIFs…";
  return state.error;
}

export type GridKey = "ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown" | "Home" | "End";

/**
 * Where a key moves the focus in a grid of `count` cells, `columns` wide: -1 means above the first row (back to
 * the search box). Left and right run on across rows; down into a shorter last row lands on its last cell, and
 * down from the last row stays put.
 */
export function moveInGrid(active: number, count: number, columns: number, key: GridKey): number {
  if (count === 0) return -1;
  const last = count - 1;
  switch (key) {
    case "ArrowLeft":
      return Math.max(0, active - 1);
    case "ArrowRight":
      return Math.min(last, active + 1);
    case "ArrowUp":
      return active - columns < 0 ? -1 : active - columns;
    case "ArrowDown":
      if (active + columns <= last) return active + columns;
      return Math.floor(active / columns) === Math.floor(last / columns) ? active : last;
    case "Home":
      return 0;
    case "End":
      return last;
  }
}
