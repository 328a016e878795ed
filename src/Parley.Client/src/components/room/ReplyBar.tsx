import { timelinesStore } from "../../state/messages";
import { cancelReply, replyTargetsStore } from "../../state/replies";
import type { Me } from "../../types";
import { useStoreSlice } from "../common/useStore";

/** Above the composer while the next message answers another: who, what, and a way out. */
export function ReplyBar({ conversationId, me }: { conversationId: number; me: Me }) {
  const target = useStoreSlice(replyTargetsStore, (all) => all.get(conversationId));
  // Deleted since the reply was started: the reply can still go, and will say what it answered is gone.
  const deleted = useStoreSlice(timelinesStore, (all) => (target ? (all.get(conversationId)?.messages.some((m) => m.id === target.id && m.deleted) ?? false) : false));
  if (!target) return null;
  const author = target.author.id === me.id ? "yourself" : target.author.displayName;
  return (
    <div className="reply-bar" data-testid="reply-bar">
      <span aria-hidden="true">↩</span>
      <span className="reply-bar-text">
        {deleted ? (
          "Replying to a deleted message"
        ) : (
          <>
            Replying to <strong>{author}</strong>
            <span className="reply-bar-excerpt">{target.excerpt}</span>
          </>
        )}
      </span>
      <button
        type="button"
        className="icon-button"
        aria-label="Cancel reply"
        title="Cancel reply"
        onClick={() => {
          cancelReply(conversationId);
          document.querySelector<HTMLTextAreaElement>(".composer-input")?.focus();
        }}
      >
        ×
      </button>
    </div>
  );
}
