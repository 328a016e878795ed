import { useEffect, useState } from "react";
import { failureSentence } from "../../state/problem";
import type { AdminPage } from "../../types";

/**
 * A searched, paged list of the console (accounts, rooms): the current search and offset, the page the server gave
 * for them, and why not when it failed. An answer that arrives after the search changed is dropped.
 */
export function useSearchablePage<T>(load: (q: string, offset: number) => Promise<AdminPage<T>>, failure: string) {
  const [query, setQuery] = useState({ q: "", offset: 0 });
  const [page, setPage] = useState<AdminPage<T> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let current = true;
    load(query.q, query.offset).then(
      (result) => current && (setPage(result), setError(null)),
      (e: unknown) => current && setError(failureSentence(e, failure)),
    );
    return () => {
      current = false;
    };
    // `load` and `failure` are fixed for a tab; the list reloads when the search, the page or `reload` changes.
  }, [query, version]);

  return {
    page,
    error,
    search: (q: string) => setQuery({ q: q.trim(), offset: 0 }),
    goTo: (offset: number) => setQuery((q) => ({ ...q, offset })),
    reload: () => setVersion((v) => v + 1),
  };
}

/** The search box above a console list. */
export function SearchForm({ id, label, placeholder, maxLength, onSearch }: { id: string; label: string; placeholder: string; maxLength: number; onSearch: (q: string) => void }) {
  const [typed, setTyped] = useState("");
  return (
    <form
      className="admin-search"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        onSearch(typed);
      }}
    >
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <input
        id={id}
        type="search"
        className="admin-input"
        placeholder={placeholder}
        maxLength={maxLength}
        value={typed}
        onChange={(event) => setTyped(event.target.value)}
      />
      <button type="submit" className="button">
        Search
      </button>
    </form>
  );
}
