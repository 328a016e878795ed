import { useState } from "react";
import { getSeenBy } from "../../state/api";
import { ApiError } from "../../state/problem";
import type { UserSummary } from "../../types";

/** In a room, who has read up to one of the user's messages: asked for on demand, as it changes all the time. */
export function SeenBy({ conversationId, messageId }: { conversationId: number; messageId: number }) {
  const [readers, setReaders] = useState<UserSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const load = async () => {
    setPending(true);
    setError(null);
    try {
      setReaders(await getSeenBy(conversationId, messageId));
    } catch (e) {
      setError(e instanceof ApiError ? e.detail : "Could not load who has seen this.");
    } finally {
      setPending(false);
    }
  };

  return (
    <div className="seen-by">
      <button type="button" className="link-button seen-by-button" disabled={pending} onClick={() => void load()}>
        {readers === null ? "Seen by…" : "Refresh"}
      </button>
      <span role="status" className="seen-by-names">
        {error ?? (readers === null ? "" : readers.length === 0 ? "Not seen by anyone yet" : `Seen by ${readers.map((r) => r.displayName).join(", ")}`)}
      </span>
    </div>
  );
}
