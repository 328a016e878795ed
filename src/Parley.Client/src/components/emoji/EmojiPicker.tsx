import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from "react";
import { frequentEmoji, loadEmoji, noteEmojiUsed, searchEmoji, type Emoji, type EmojiIndex } from "../../state/emoji";
import { EmojiCategories, type EmojiCategoryId } from "../../state/emojiIndex";
import "../../styles/emoji.css";

interface EmojiPickerProps {
  /** Called with the emoji chosen; the picker has counted it as used. */
  onPick: (emoji: string) => void;
  /** Escape, or a press outside the picker. */
  onClose: () => void;
  /** The button that opened the picker: pressing it again is the opener's business, not a press outside. */
  trigger?: RefObject<HTMLElement | null>;
  /** The accessible name of the picker. */
  label?: string;
}

/** Each row holds this many emoji (the stylesheet's grid has the same number of columns): ↑/↓ move by a row. */
const Columns = 8;
const MaxResults = 160;
type Tab = "frequent" | EmojiCategoryId;

/**
 * A searchable emoji picker: the search box has the focus, ↓ or Tab goes into the grid where the arrow keys,
 * Home and End move, Enter or a click picks; typing goes back to the search; Escape closes. Categories are
 * buttons above the grid; the most used emoji come first.
 */
export function EmojiPicker({ onPick, onClose, trigger, label = "Emoji picker" }: EmojiPickerProps) {
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const search = useRef<HTMLInputElement>(null);
  const grid = useRef<HTMLDivElement>(null);
  const [index, setIndex] = useState<EmojiIndex | null>(null);
  const [failed, setFailed] = useState(false);
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<Emoji[]>([]);
  const [tab, setTab] = useState<Tab>("frequent");
  const [active, setActive] = useState(0);
  const [shown, setShown] = useState<Emoji | null>(null);
  const frequent = useMemo(() => frequentEmoji(), []);

  useEffect(() => {
    let current = true;
    loadEmoji().then(
      (loaded) => current && setIndex(loaded),
      () => current && setFailed(true),
    );
    return () => {
      current = false;
    };
  }, []);

  useEffect(() => {
    let current = true;
    if (query.trim()) void searchEmoji(query, MaxResults).then((found) => current && setResults(found), () => undefined);
    return () => {
      current = false;
    };
  }, [query]);

  useEffect(() => {
    const closeOutside = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!root.current?.contains(target) && !trigger?.current?.contains(target)) onClose();
    };
    document.addEventListener("pointerdown", closeOutside);
    return () => document.removeEventListener("pointerdown", closeOutside);
  }, [onClose, trigger]);

  const searching = query.trim().length > 0;
  const items: Emoji[] = useMemo(() => {
    if (searching) return results;
    if (tab === "frequent") return frequent.map((emoji) => index?.byEmoji.get(emoji) ?? { emoji, name: emoji, category: "people", shortcodes: [], tags: [] });
    return [...(index?.byCategory.get(tab) ?? [])];
  }, [searching, results, tab, frequent, index]);
  const activeIndex = Math.min(active, Math.max(0, items.length - 1));
  const gridLabel = searching ? "Search results" : tab === "frequent" ? "Frequently used" : EmojiCategories.find((c) => c.id === tab)!.label;

  const pick = (emoji: string) => {
    noteEmojiUsed(emoji);
    onPick(emoji);
  };

  const focusCell = (at: number) => {
    const target = Math.max(0, Math.min(items.length - 1, at));
    setActive(target);
    grid.current?.querySelectorAll<HTMLElement>("[data-emoji]")[target]?.focus();
  };

  const showTab = (next: Tab) => {
    setTab(next);
    setQuery("");
    setActive(0);
    grid.current?.scrollTo({ top: 0 });
  };

  const pickerKeyDown = (event: KeyboardEvent) => {
    if (event.key !== "Escape") return;
    event.preventDefault();
    event.stopPropagation();
    onClose();
  };

  const searchKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown" && items.length > 0) {
      event.preventDefault();
      focusCell(activeIndex);
    } else if (event.key === "Enter") {
      event.preventDefault();
      const first = items[0];
      if (searching && first) pick(first.emoji);
    }
  };

  const gridKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: Columns, ArrowUp: -Columns };
    if (event.key in moves) {
      event.preventDefault();
      const next = activeIndex + moves[event.key]!;
      if (next < 0 && event.key === "ArrowUp") search.current?.focus();
      else focusCell(next);
    } else if (event.key === "Home") {
      event.preventDefault();
      focusCell(0);
    } else if (event.key === "End") {
      event.preventDefault();
      focusCell(items.length - 1);
    } else if (event.key.length === 1 && event.key !== " " && !event.ctrlKey && !event.metaKey && !event.altKey) {
      // Typing searches: the key lands in the search box, which takes the focus before the character is added.
      search.current?.focus();
    }
  };

  const preview = shown ?? items[activeIndex] ?? null;
  return (
    <div ref={root} className="emoji-picker" role="dialog" aria-label={label} onKeyDown={pickerKeyDown}>
      <input
        ref={search}
        type="search"
        className="emoji-search"
        placeholder="Search emoji"
        aria-label="Search emoji"
        aria-controls={`${id}-grid`}
        autoComplete="off"
        spellCheck={false}
        autoFocus
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={searchKeyDown}
      />
      <div className="emoji-tabs" role="group" aria-label="Emoji categories">
        <TabButton tab="frequent" label="Frequently used" icon="🕘" current={!searching && tab === "frequent"} onShow={showTab} />
        {EmojiCategories.map((category) => (
          <TabButton key={category.id} tab={category.id} label={category.label} icon={category.icon} current={!searching && tab === category.id} onShow={showTab} />
        ))}
      </div>
      <div
        ref={grid}
        id={`${id}-grid`}
        className="emoji-grid"
        role="group"
        aria-label={gridLabel}
        onKeyDown={gridKeyDown}
        onPointerLeave={() => setShown(null)}
      >
        {items.map((item, at) => (
          <button
            key={item.emoji}
            type="button"
            className="emoji-cell"
            data-emoji={item.emoji}
            aria-label={item.name}
            tabIndex={at === activeIndex ? 0 : -1}
            onFocus={() => setActive(at)}
            onPointerEnter={() => setShown(item)}
            onClick={() => pick(item.emoji)}
          >
            {item.emoji}
          </button>
        ))}
      </div>
      <p className="emoji-status" role="status">
        {failed ? "Emoji could not be loaded." : !index && tab !== "frequent" ? "Loading emoji…" : searching && results.length === 0 ? "No emoji found." : ""}
      </p>
      {preview && (
        // The buttons' names already say this to screen readers; the preview is for eyes (and shows the shortcode).
        <p className="emoji-preview" aria-hidden="true">
          <span className="emoji-preview-glyph">{preview.emoji}</span>
          <span className="emoji-preview-name">{preview.name}</span>
          {preview.shortcodes[0] && <span className="emoji-preview-code">:{preview.shortcodes[0]}:</span>}
        </p>
      )}
    </div>
  );
}

function TabButton({ tab, label, icon, current, onShow }: { tab: Tab; label: string; icon: string; current: boolean; onShow: (tab: Tab) => void }) {
  return (
    <button type="button" className="emoji-tab" aria-label={label} title={label} aria-pressed={current} onClick={() => onShow(tab)}>
      <span aria-hidden="true">{icon}</span>
    </button>
  );
}
