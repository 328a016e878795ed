import { shortWhen } from "../../state/days";
import { readableSnippet } from "../../state/highlight";
import { showMessage } from "../../state/messages";
import { showNotice } from "../../state/notices";
import { ApiError } from "../../state/problem";
import { conversationPath } from "../../state/routes";
import { navigate } from "../../state/router";
import { closeSearch, loadMoreResults, searchStore } from "../../state/search";
import type { SearchResult } from "../../types";
import { useStore } from "../common/useStore";

/** Matches from every conversation, newest first; picking one shows the message in its place. */
export function SearchResults() {
  const { status, results, hasMore, loadingMore, error } = useStore(searchStore);
  const now = new Date();
  return (
    <div className="search-panel">
      <div className="search-panel-header">
        <h2 className="sidebar-heading">Search results</h2>
        <button type="button" className="link-button" onClick={closeSearch}>
          Close search
        </button>
      </div>
      <p className="search-hint">
        Whole words match; <code>deploy*</code> also finds longer ones. Narrow it with <code>from:alice</code> <code>in:general</code>{" "}
        <code>in:@bob</code> <code>before:2026-11-01</code> <code>after:2026-10-01</code> or <code>"an exact phrase"</code>.
      </p>
      <div role="status" className="search-status">
        {status === "loading" ? "Searching…" : status === "ready" && results.length === 0 ? "No messages match." : ""}
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {results.length > 0 && (
        <ul className="search-results" aria-label="Search results">
          {results.map((result) => (
            <li key={result.message.id}>
              <button type="button" className="search-result" onClick={() => openResult(result)} data-testid="search-result">
                <span className="search-result-top">
                  <span className="search-result-where">{result.conversation.kind === "room" ? `#${result.conversation.name}` : result.conversation.name}</span>
                  <time dateTime={result.message.createdAt}>{shortWhen(new Date(result.message.createdAt), now)}</time>
                </span>
                <span className="search-result-author">{result.message.author.displayName}</span>
                <span className="search-result-snippet">
                  {readableSnippet(result.snippet ?? result.message.text).map((segment, index) =>
                    segment.match ? <mark key={index}>{segment.text}</mark> : <span key={index}>{segment.text}</span>,
                  )}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {hasMore && (
        <button type="button" className="button button-small search-more" disabled={loadingMore} onClick={() => void loadMoreResults()}>
          {loadingMore ? "Loading…" : "Load more"}
        </button>
      )}
    </div>
  );
}

function openResult(result: SearchResult): void {
  navigate(conversationPath(result.conversation));
  showMessage(result.conversation.id, result.message.id).catch((error: unknown) =>
    showNotice(error instanceof ApiError ? error.detail : "That message could not be shown."),
  );
}
