import { useEffect, useState } from "react";
import { formatTime } from "../../state/days";
import { conversationPowers, setPinned } from "../../state/messageChanges";
import { showMessage } from "../../state/messages";
import { closePins, openPins, pinsStore } from "../../state/pins";
import { failureSentence } from "../../state/problem";
import type { Conversation, Me, Message } from "../../types";
import { useStore } from "../common/useStore";
import { firstLine } from "./MessageActions";

/** The pinned messages of a conversation, newest pin first, live; a click shows one in its place. */
export function PinnedPanel({ conversation, me, onClose }: { conversation: Conversation; me: Me; onClose: () => void }) {
  const pins = useStore(pinsStore);
  const [error, setError] = useState<string | null>(null);
  const canUnpin = conversationPowers(conversation).pins;

  useEffect(() => {
    void openPins(conversation.id);
    return closePins;
  }, [conversation.id]);

  const state = pins?.conversationId === conversation.id ? pins : null;
  const attempt = (action: Promise<void>, fallback: string) => {
    setError(null);
    action.catch((e: unknown) => setError(failureSentence(e, fallback)));
  };

  return (
    <section className="pinned-panel" aria-label="Pinned messages" data-testid="pinned-panel">
      <header className="pinned-header">
        <h2>Pinned messages</h2>
        <button type="button" className="icon-button" aria-label="Close pinned messages" onClick={onClose}>
          ×
        </button>
      </header>
      {error && (
        <p className="message-action-error" role="alert">
          {error}
        </p>
      )}
      {!state || state.status === "loading" ? (
        <p className="muted pinned-empty">Loading…</p>
      ) : state.status === "error" ? (
        <p className="muted pinned-empty">
          {state.error}{" "}
          <button type="button" className="link-button" onClick={() => void openPins(conversation.id)}>
            Try again
          </button>
        </p>
      ) : state.messages.length === 0 ? (
        <p className="muted pinned-empty">Nothing is pinned here yet.</p>
      ) : (
        <ul className="pinned-list">
          {state.messages.map((message) => (
            <PinnedItem
              key={message.id}
              message={message}
              meId={me.id}
              canUnpin={canUnpin}
              onShow={() => attempt(showMessage(conversation.id, message.id), "The message could not be shown.")}
              onUnpin={() => attempt(setPinned(message, false), "The pin could not be removed.")}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

interface PinnedItemProps {
  message: Message;
  meId: number;
  canUnpin: boolean;
  onShow: () => void;
  onUnpin: () => void;
}

function PinnedItem({ message, meId, canUnpin, onShow, onUnpin }: PinnedItemProps) {
  const author = message.author.id === meId ? "You" : message.author.displayName;
  const by = message.pinned && (message.pinned.by.id === meId ? "you" : message.pinned.by.displayName);
  return (
    <li className="pinned-item" data-testid="pinned-item">
      <button type="button" className="pinned-show" onClick={onShow}>
        <span className="pinned-meta">
          <strong>{author}</strong> · {formatTime(new Date(message.createdAt))}
          {by && <span className="muted"> · pinned by {by}</span>}
        </span>
        <span className="pinned-text">{firstLine(message.text)}</span>
      </button>
      {canUnpin && (
        <button type="button" className="button button-small" onClick={onUnpin} aria-label={`Unpin ${author}: ${firstLine(message.text)}`}>
          Unpin
        </button>
      )}
    </li>
  );
}
