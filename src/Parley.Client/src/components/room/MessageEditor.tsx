import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { editMessage } from "../../state/messageChanges";
import type { Message } from "../../types";
import { FormError } from "../common/Field";
import { useAction } from "../common/useAction";

/** Editing one's own message in place: Enter saves, Shift+Enter starts a new line, Escape cancels. */
export function MessageEditor({ message, onDone }: { message: Message; onDone: () => void }) {
  const [text, setText] = useState(message.text);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  const save = useAction(async () => {
    const trimmed = text.trim();
    if (trimmed !== message.text) await editMessage(message, trimmed);
    onDone();
  });

  useEffect(() => {
    const input = textarea.current!;
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
  }, []);

  const keyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      onDone();
    } else if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      if (text.trim() && !save.pending) void save.run();
    }
  };

  return (
    <div className="message-editor">
      <label htmlFor={id} className="visually-hidden">
        Edit message
      </label>
      <textarea
        ref={textarea}
        id={id}
        className="message-editor-input"
        value={text}
        rows={Math.min(8, text.split("\n").length)}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={keyDown}
        aria-describedby={`${id}-help`}
      />
      <div className="message-editor-actions">
        <span id={`${id}-help`} className="muted">
          Enter to save · Escape to cancel
        </span>
        <button type="button" className="button button-small" onClick={onDone}>
          Cancel
        </button>
        <button type="button" className="button button-small button-primary" disabled={!text.trim() || save.pending} onClick={() => void save.run()}>
          Save
        </button>
      </div>
      <FormError message={save.error && (save.error.fieldError("text") ?? save.error.detail)} />
    </div>
  );
}
