import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { closeConversationSearch, conversationSearchStore, findInConversation, stepHit } from "../../state/conversationSearch";
import { useStore } from "../common/useStore";

/** Find in this conversation: Enter goes to the next older match, Shift+Enter back to a newer one, Escape closes. */
export function ConversationSearchBar({ conversationId }: { conversationId: number }) {
  const state = useStore(conversationSearchStore);
  const [text, setText] = useState(state?.query ?? "");
  const input = useRef<HTMLInputElement>(null);
  const id = useId();

  useEffect(() => input.current?.focus(), []);

  if (!state || state.conversationId !== conversationId) return null;
  const searched = text.trim() === state.query && state.query !== "";

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (searched) void stepHit("older");
    else void findInConversation(conversationId, text);
  };

  const keyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "Enter" && event.shiftKey && searched) {
      event.preventDefault();
      void stepHit("newer");
    }
  };

  const close = () => {
    closeConversationSearch();
    document.querySelector<HTMLElement>('[aria-label="Search in conversation"]')?.focus();
  };

  return (
    <form role="search" className="conversation-search" onSubmit={submit} aria-label="In this conversation">
      <label htmlFor={id} className="visually-hidden">
        Find in conversation
      </label>
      <input ref={input} id={id} type="search" placeholder="Find in conversation" value={text} onChange={(e) => setText(e.target.value)} onKeyDown={keyDown} />
      <span className="conversation-search-count" role="status" data-testid="search-count">
        {status(state)}
      </span>
      <button type="button" className="icon-button" aria-label="Older match" title="Older match (Enter)" disabled={!searched} onClick={() => void stepHit("older")}>
        ↑
      </button>
      <button type="button" className="icon-button" aria-label="Newer match" title="Newer match (Shift+Enter)" disabled={!searched} onClick={() => void stepHit("newer")}>
        ↓
      </button>
      <button type="button" className="icon-button" aria-label="Close conversation search" onClick={close}>
        ×
      </button>
    </form>
  );
}

function status(state: NonNullable<ReturnType<typeof conversationSearchStore.get>>): string {
  if (state.error) return state.error;
  if (state.status === "loading") return "Searching…";
  if (state.status !== "ready") return "";
  if (state.hits.length === 0) return "No matches";
  return `${state.current + 1} of ${state.hits.length}${state.hasMore ? "+" : ""}`;
}
