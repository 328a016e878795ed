import type { ReactNode } from "react";

interface SuggestionsProps<T> {
  id: string;
  label: string;
  items: readonly T[];
  active: number;
  optionId: (index: number) => string;
  render: (item: T) => ReactNode;
  onPick: (item: T) => void;
}

/**
 * The popup list of a text field that suggests (people to mention, people to message). The field keeps the focus
 * and points at the active option with aria-activedescendant; suggestionKey says what a key does.
 */
export function Suggestions<T>({ id, label, items, active, optionId, render, onPick }: SuggestionsProps<T>) {
  return (
    <ul id={id} className="suggestions" role="listbox" aria-label={label}>
      {items.map((item, index) => (
        <li
          key={optionId(index)}
          id={optionId(index)}
          role="option"
          aria-selected={index === active}
          className="suggestion"
          // Keeps the focus in the field: the click picks without blurring it.
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => onPick(item)}
        >
          {render(item)}
        </li>
      ))}
    </ul>
  );
}

export type SuggestionKey = "next" | "previous" | "pick" | "dismiss" | null;

/** ↑/↓ move through the suggestions, Enter or Tab picks, Escape closes them; anything else is the field's. */
export function suggestionKey(key: string, shiftKey: boolean): SuggestionKey {
  if (key === "ArrowDown") return "next";
  if (key === "ArrowUp") return "previous";
  if (key === "Enter" || (key === "Tab" && !shiftKey)) return "pick";
  if (key === "Escape") return "dismiss";
  return null;
}

export function moveActive(active: number, count: number, key: "next" | "previous"): number {
  if (count === 0) return -1;
  return (active + (key === "next" ? 1 : -1) + count) % count;
}
