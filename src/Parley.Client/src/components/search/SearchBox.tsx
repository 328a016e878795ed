import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { closeSearch, searchMessages, searchStore } from "../../state/search";
import { SearchIcon } from "../common/Icons";

const TypingPauseMs = 300;

/** Searches every conversation as the user types; "/" or Ctrl+K (⌘K) gets here from anywhere. */
export function SearchBox() {
  const [text, setText] = useState(() => searchStore.get().query);
  const input = useRef<HTMLInputElement>(null);
  const id = useId();

  // Searching waits for a pause in typing; clearing the box closes the results at once.
  useEffect(() => {
    if (!text.trim()) {
      closeSearch();
      return;
    }
    if (text.trim() === searchStore.get().query) return;
    const timer = setTimeout(() => void searchMessages(text), TypingPauseMs);
    return () => clearTimeout(timer);
  }, [text]);

  // Results closed elsewhere ("Close search", signing out): the box empties with them.
  useEffect(
    () =>
      searchStore.subscribe(() => {
        if (searchStore.get().status === "idle") setText((current) => (current.trim() ? "" : current));
      }),
    [],
  );

  useEffect(() => {
    const shortcut = (event: KeyboardEvent) => {
      const slash = event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey && !isTyping(event.target);
      const ctrlK = (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k";
      if (!slash && !ctrlK) return;
      event.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    document.addEventListener("keydown", shortcut);
    return () => document.removeEventListener("keydown", shortcut);
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void searchMessages(text);
  };

  return (
    <form role="search" className="sidebar-search" onSubmit={submit}>
      <label htmlFor={id} className="visually-hidden">
        Search messages
      </label>
      <SearchIcon />
      <input
        ref={input}
        id={id}
        type="search"
        placeholder="Search messages"
        autoComplete="off"
        aria-keyshortcuts="/ Control+K"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") setText("");
        }}
      />
      <kbd className="search-shortcut" aria-hidden="true">
        /
      </kbd>
    </form>
  );
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}
