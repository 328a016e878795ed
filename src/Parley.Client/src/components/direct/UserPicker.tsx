import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { searchUsers } from "../../state/api";
import { ApiError } from "../../state/problem";
import type { UserSearchResult, UserSummary } from "../../types";
import { Avatar } from "../common/Avatar";
import { moveActive, suggestionKey, Suggestions } from "../common/Suggestions";

const TypingPauseMs = 200;

interface UserPickerProps {
  meId: number;
  picked: readonly UserSummary[];
  onChange: (picked: UserSummary[]) => void;
  /** How many people may be picked. */
  max: number;
  error?: string;
}

/** Finds people by name as the user types and collects the chosen ones as removable chips (a combobox). */
export function UserPicker({ meId, picked, onChange, max, error }: UserPickerProps) {
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<UserSearchResult[] | null>(null);
  const [searchError, setSearchError] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  const full = picked.length >= max;

  useEffect(() => {
    const q = query.trim();
    if (!q) {
      setFound(null);
      return;
    }
    const abort = new AbortController();
    const timer = setTimeout(() => {
      searchUsers(q, abort.signal).then(
        (results) => {
          setFound(results);
          setActive(0);
          setSearchError(null);
        },
        (e: unknown) => {
          if (!abort.signal.aborted) setSearchError(e instanceof ApiError ? e.detail : "Could not search for people.");
        },
      );
    }, TypingPauseMs);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [query]);

  const candidates = full ? [] : (found ?? []).filter((r) => r.user.id !== meId && !picked.some((p) => p.id === r.user.id));
  const open = query.trim() !== "" && found !== null && candidates.length > 0;

  const pick = (result: UserSearchResult) => {
    onChange([...picked, result.user]);
    setQuery("");
    setFound(null);
    input.current?.focus();
  };

  const remove = (user: UserSummary) => {
    onChange(picked.filter((p) => p.id !== user.id));
    input.current?.focus();
  };

  const keyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Backspace" && query === "" && picked.length > 0) {
      onChange(picked.slice(0, -1));
      return;
    }
    if (!open) return;
    const key = suggestionKey(event.key, event.shiftKey);
    if (key === null) return;
    event.preventDefault();
    if (key === "pick") pick(candidates[active] ?? candidates[0]!);
    else if (key === "dismiss") setQuery("");
    else setActive((a) => moveActive(a, candidates.length, key));
  };

  const optionId = (index: number) => `${id}-option-${index}`;
  const noMatch = query.trim() !== "" && found !== null && candidates.length === 0 && !full;
  const hint = full ? `That is the most for one conversation (${max} people besides you).` : noMatch ? "No one else matches." : "Type a name or username.";

  return (
    <div className="field user-picker">
      <label htmlFor={id}>To</label>
      <div className="picker-box" aria-invalid={error ? true : undefined}>
        {picked.length > 0 && (
          <ul className="chips" aria-label="Chosen people">
            {picked.map((user) => (
              <li key={user.id} className="chip">
                <span>{user.displayName}</span>
                <button type="button" className="chip-remove" onClick={() => remove(user)} aria-label={`Remove ${user.displayName}`}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        <input
          ref={input}
          id={id}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={open ? `${id}-list` : undefined}
          aria-activedescendant={open ? optionId(active) : undefined}
          aria-describedby={`${id}-hint`}
          autoComplete="off"
          data-autofocus=""
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={keyDown}
        />
      </div>
      {open && (
        <Suggestions
          id={`${id}-list`}
          label="People"
          items={candidates}
          active={active}
          optionId={optionId}
          onPick={pick}
          render={(result) => (
            <>
              <Avatar user={result.user} size="sm" />
              <span className="member-names">
                <span className="member-display">{result.user.displayName}</span>
                <span className="member-username">
                  @{result.user.username}
                  {result.online && " · online"}
                </span>
              </span>
            </>
          )}
        />
      )}
      <div id={`${id}-hint`} className="field-hint" aria-live="polite">
        {hint}
      </div>
      {(error ?? searchError) && <div className="field-error">{error ?? searchError}</div>}
    </div>
  );
}
