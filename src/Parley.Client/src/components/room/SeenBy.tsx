import { useState } from "react";
import { failureSentence } from "../../state/problem";
import { whoHasSeen } from "../../state/seenBy";
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
      const seen = await whoHasSeen(conversationId, messageId);
      if (seen) setReaders(seen);
    } catch (e) {
      setError(failureSentence(e, "Could not load who has seen this."));
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
