import { useState } from "react";
import { showMessage } from "../../state/messages";
import { failureSentence } from "../../state/problem";
import type { ReplyQuote as Quote } from "../../types";

/** Above a reply: who it answers and their first line; a click shows the original in its place. */
export function ReplyQuote({ conversationId, quote, meId }: { conversationId: number; quote: Quote; meId: number }) {
  const [error, setError] = useState<string | null>(null);
  const author = quote.author.id === meId ? "You" : quote.author.displayName;
  if (quote.deleted) {
    return (
      <p className="reply-quote reply-quote-deleted" data-testid="reply-quote">
        <span aria-hidden="true">↩</span> Replying to a deleted message
      </p>
    );
  }
  const jump = () => {
    setError(null);
    showMessage(conversationId, quote.id).catch((e: unknown) => setError(failureSentence(e, "The original message could not be shown.")));
  };
  return (
    <>
      <button type="button" className="reply-quote" data-testid="reply-quote" onClick={jump} aria-label={`Reply to ${author}: ${quote.excerpt}. Show the original`}>
        <span aria-hidden="true">↩</span> <span className="reply-quote-author">{author}</span> <span className="reply-quote-excerpt">{quote.excerpt}</span>
      </button>
      {error && (
        <p className="message-action-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
