import { useId, useState, type FormEvent, type KeyboardEvent } from "react";
import { getDraft, setDraft } from "../../state/drafts";
import { sendMessage } from "../../state/outbox";
import { typingMessageSent, signalTyping } from "../../state/typingStore";
import type { Me, Room } from "../../types";

/** The server's limit, counted as it counts: Unicode code points. */
const MaxMessageLength = 4000;
const CounterFrom = MaxMessageLength - 500;

export function Composer({ room, me }: { room: Room; me: Me }) {
  const [text, setText] = useState(() => getDraft(room.id));
  const id = useId();
  const length = [...text].length;
  const tooLong = length > MaxMessageLength;
  const canSend = text.trim().length > 0 && !tooLong;

  const change = (value: string) => {
    setText(value);
    setDraft(room.id, value);
    if (value.trim()) signalTyping(room.id);
  };

  const send = () => {
    if (!canSend) return;
    sendMessage(room.id, text.trim(), { id: me.id, username: me.username, displayName: me.displayName });
    typingMessageSent(room.id);
    change("");
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    send();
  };

  const keyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  };

  return (
    <form className="composer" onSubmit={submit}>
      <label htmlFor={id} className="visually-hidden">
        Message {room.name}
      </label>
      <textarea
        id={id}
        className="composer-input"
        rows={1}
        placeholder={`Message ${room.name}`}
        value={text}
        onChange={(e) => change(e.target.value)}
        onKeyDown={keyDown}
        aria-describedby={`${id}-help`}
        aria-invalid={tooLong || undefined}
      />
      <span id={`${id}-help`} className="visually-hidden">
        Enter sends, Shift+Enter starts a new line.
      </span>
      {length >= CounterFrom && (
        <span className={tooLong ? "composer-counter composer-counter-over" : "composer-counter"} aria-live="polite">
          {tooLong ? `${(length - MaxMessageLength).toLocaleString()} over the limit` : `${length.toLocaleString()} / ${MaxMessageLength.toLocaleString()}`}
        </span>
      )}
      <button type="submit" className="button button-primary composer-send" disabled={!canSend}>
        Send
      </button>
    </form>
  );
}
