import { useEffect, useId, useReducer, useRef, useState, type KeyboardEvent, type RefObject } from "react";
import {
  canLoadMore,
  fetchGifPage,
  gifPicker,
  gifPickerStatus,
  GifColumns,
  initialGifPicker,
  MaxGifQueryLength,
  moveInGrid,
  providerNames,
  SearchDelayMs,
  type GridKey,
} from "../../state/gifs";
import type { Gif, GifProvider } from "../../types";
import { GifAttribution } from "./GifAttribution";

interface GifPickerProps {
  provider: GifProvider;
  onPick: (gif: Gif) => void;
  /** Escape, or a press outside the picker. */
  onClose: () => void;
  /** The button that opened the picker: pressing it again is the opener's business, not a press outside. */
  trigger: RefObject<HTMLElement | null>;
}

const gridKeys = new Set<string>(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End"]);

/**
 * Trending GIFs on opening, a search as the user types (after a pause), more as the grid is scrolled to its end.
 * The search box has the focus; ↓ goes into the grid, where the arrow keys, Home and End move and Enter picks;
 * typing goes back to the search; Escape closes.
 */
export function GifPicker({ provider, onPick, onClose, trigger }: GifPickerProps) {
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const search = useRef<HTMLInputElement>(null);
  const grid = useRef<HTMLDivElement>(null);
  const end = useRef<HTMLDivElement>(null);
  const [typed, setTyped] = useState("");
  const [state, dispatch] = useReducer(gifPicker, initialGifPicker);
  const [active, setActive] = useState(0);
  const requests = useRef(0);
  const words = typed.trim();

  // A new search once typing pauses (trending at once when the box is emptied); the page it replaces is abandoned.
  useEffect(() => {
    const request = ++requests.current;
    const abort = new AbortController();
    const timer = window.setTimeout(
      () => {
        dispatch({ type: "load", query: words, request });
        setActive(0);
        grid.current?.scrollTo({ top: 0 });
        fetchGifPage(words, null, abort.signal).then(
          (page) => dispatch({ type: "loaded", request, page }),
          (error: unknown) => abort.signal.aborted || dispatch({ type: "failed", request, error }),
        );
      },
      words ? SearchDelayMs : 0,
    );
    return () => {
      window.clearTimeout(timer);
      abort.abort();
    };
  }, [words]);

  // The next page when the end of the grid scrolls into view.
  const wantsMore = canLoadMore(state);
  const { query, next } = state;
  useEffect(() => {
    const sentinel = end.current;
    if (!wantsMore || !sentinel || next === null) return;
    const abort = new AbortController();
    const observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        observer.disconnect();
        const request = ++requests.current;
        dispatch({ type: "loadMore", request });
        fetchGifPage(query, next, abort.signal).then(
          (page) => dispatch({ type: "loaded", request, page }),
          (error: unknown) => abort.signal.aborted || dispatch({ type: "failed", request, error }),
        );
      },
      { root: grid.current, rootMargin: "0px 0px 200px 0px" },
    );
    observer.observe(sentinel);
    return () => {
      observer.disconnect();
    };
  }, [wantsMore, query, next]);

  useEffect(() => {
    const closeOutside = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!root.current?.contains(target) && !trigger.current?.contains(target)) onClose();
    };
    document.addEventListener("pointerdown", closeOutside);
    return () => document.removeEventListener("pointerdown", closeOutside);
  }, [onClose, trigger]);

  const results = state.results;
  const activeIndex = Math.min(active, Math.max(0, results.length - 1));
  const status = gifPickerStatus(state);
  const showsCurrent = state.status === "ready" && state.query === words;

  const focusCell = (at: number) => {
    setActive(at);
    grid.current?.querySelectorAll<HTMLElement>("[data-gif-id]")[at]?.focus();
  };

  const pickerKeyDown = (event: KeyboardEvent) => {
    if (event.key !== "Escape") return;
    event.preventDefault();
    event.stopPropagation();
    onClose();
  };

  const searchKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown" && results.length > 0) {
      event.preventDefault();
      focusCell(activeIndex);
    } else if (event.key === "Enter") {
      // Enter in the box picks the first GIF shown for exactly these words; before they are shown it waits.
      event.preventDefault();
      const first = results[0];
      if (showsCurrent && first) onPick(first);
    }
  };

  const gridKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (gridKeys.has(event.key)) {
      event.preventDefault();
      const target = moveInGrid(activeIndex, results.length, GifColumns, event.key as GridKey);
      if (target < 0) search.current?.focus();
      else focusCell(target);
    } else if (event.key.length === 1 && event.key !== " " && !event.ctrlKey && !event.metaKey && !event.altKey) {
      // Typing searches: the key lands in the search box, which takes the focus before the character is added.
      search.current?.focus();
    }
  };

  const name = providerNames[provider];
  return (
    <div ref={root} className="gif-picker" role="dialog" aria-label="Choose a GIF" onKeyDown={pickerKeyDown}>
      <input
        ref={search}
        type="search"
        className="gif-search"
        placeholder={`Search ${name}`}
        aria-label="Search GIFs"
        aria-controls={`${id}-grid`}
        autoComplete="off"
        spellCheck={false}
        autoFocus
        maxLength={MaxGifQueryLength}
        value={typed}
        onChange={(event) => setTyped(event.target.value)}
        onKeyDown={searchKeyDown}
      />
      <div
        ref={grid}
        id={`${id}-grid`}
        className="gif-grid"
        role="group"
        aria-label={state.query ? `GIFs for ${state.query}` : "Trending GIFs"}
        aria-busy={state.status === "loading" || state.loadingMore}
        onKeyDown={gridKeyDown}
      >
        {results.map((gif, at) => (
          <button
            key={gif.id}
            type="button"
            className="gif-cell"
            data-gif-id={gif.id}
            aria-label={gif.title}
            title={gif.title}
            tabIndex={at === activeIndex ? 0 : -1}
            onFocus={() => setActive(at)}
            onClick={() => onPick(gif)}
          >
            <img src={gif.previewUrl} alt="" width={gif.previewWidth} height={gif.previewHeight} loading="lazy" decoding="async" referrerPolicy="no-referrer" />
          </button>
        ))}
        <div ref={end} className="gif-grid-end" aria-hidden="true" />
      </div>
      <div className="gif-picker-footer">
        <p className="gif-status" role="status">
          {status}
        </p>
        <GifAttribution provider={provider} />
      </div>
    </div>
  );
}
