import { useRef, useState, type KeyboardEvent, type MouseEvent } from "react";
import { frequentEmoji, noteEmojiUsed } from "../../state/emoji";
import { deleteMessage, hasReacted, setPinned, toggleReaction, type MessagePermissions } from "../../state/messageChanges";
import { failureSentence } from "../../state/problem";
import { startReply } from "../../state/replies";
import type { Message } from "../../types";
import { Dialog } from "../common/Dialog";
import { FormError } from "../common/Field";
import { useAction } from "../common/useAction";
import { SeenBy } from "./SeenBy";
import { EmojiPicker } from "../emoji/EmojiPicker";
import { reactorsSentence } from "./Reactions";
import { ReportDialog } from "../moderation/ReportDialog";
import "../../styles/messageActions.css";

// What can be done with a message: a toolbar that shows on hover or keyboard focus (desktop), the same actions in
// a sheet opened by a tap or long press (touch), and the confirmation a delete needs.

export interface MessageActionHandlers {
  message: Message;
  meId: number;
  allowed: MessagePermissions;
  /** Opens the inline editor. */
  onEdit: () => void;
  /** A failed action's sentence, shown at the message; null clears it. */
  onError: (sentence: string | null) => void;
}

/** Runs an action of the message; its failure is shown at the message. */
function useAttempt(onError: (sentence: string | null) => void) {
  return (action: () => Promise<void>, fallback: string) => {
    onError(null);
    action().catch((error: unknown) => onError(failureSentence(error, fallback)));
  };
}

// Every message has a toolbar: the most used emoji are read from storage once in a while, not once per message.
const FrequentFreshMs = 5000;
let frequentCache: { at: number; emoji: readonly string[] } | null = null;

function frequentReactions(): readonly string[] {
  const now = Date.now();
  if (!frequentCache || now - frequentCache.at > FrequentFreshMs) frequentCache = { at: now, emoji: frequentEmoji() };
  return frequentCache.emoji;
}

/** Adds or takes back a reaction; an added one counts towards the user's most used emoji. */
function reactWith(message: Message, emoji: string, meId: number, counted: boolean): Promise<void> {
  if (!counted && !hasReacted(message, emoji, meId)) noteEmojiUsed(emoji);
  frequentCache = null;
  return toggleReaction(message, emoji, meId);
}

function focusComposer(): void {
  document.querySelector<HTMLTextAreaElement>(".composer-input")?.focus();
}

/** The desktop toolbar (WAI-ARIA toolbar: one Tab stop, arrow keys move between its buttons). */
export function MessageToolbar({ message, meId, allowed, onEdit, onError }: MessageActionHandlers) {
  const attempt = useAttempt(onError);
  const [picking, setPicking] = useState(false);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [reporting, setReporting] = useState(false);
  const [active, setActive] = useState(0);
  const toolbar = useRef<HTMLDivElement>(null);
  const moreButton = useRef<HTMLButtonElement>(null);
  const frequent = allowed.react ? frequentReactions() : [];

  const react = (emoji: string) => attempt(() => reactWith(message, emoji, meId, false), "The reaction could not be saved.");

  const keyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const buttons = [...(toolbar.current?.querySelectorAll<HTMLButtonElement>(":scope > button") ?? [])];
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (index === -1) return;
    const next = event.key === "ArrowRight" ? index + 1 : event.key === "ArrowLeft" ? index - 1 : event.key === "Home" ? 0 : event.key === "End" ? buttons.length - 1 : null;
    if (next === null) return;
    event.preventDefault();
    const wrapped = (next + buttons.length) % buttons.length;
    setActive(wrapped);
    buttons[wrapped]?.focus();
  };

  let position = 0;
  const stop = () => {
    const index = position++;
    return {
      tabIndex: index === active ? 0 : -1,
      onFocus: () => setActive(index),
      // A click does not take the focus: focus leaving another message collapses what it shows on focus (its
      // "Seen by"), and the list shifting between press and release would lose the click.
      onMouseDown: (event: MouseEvent) => event.preventDefault(),
    };
  };

  return (
    <>
      <div ref={toolbar} className="message-toolbar" role="toolbar" aria-label="Message actions" onKeyDown={keyDown} data-testid="message-toolbar">
        {frequent.map((emoji) => (
          <button
            key={emoji}
            type="button"
            className="toolbar-button toolbar-emoji"
            aria-label={`React with ${emoji}`}
            aria-pressed={hasReacted(message, emoji, meId)}
            title={`React with ${emoji}`}
            onClick={() => react(emoji)}
            {...stop()}
          >
            {/* Named by its label: the list is a live region, and new messages are read without the toolbar's emoji. */}
            <span aria-hidden="true">{emoji}</span>
          </button>
        ))}
        {allowed.react && (
          <button
            ref={moreButton}
            type="button"
            className="toolbar-button"
            aria-label="More reactions"
            title="More reactions"
            aria-haspopup="dialog"
            aria-expanded={picking}
            onClick={() => setPicking((p) => !p)}
            {...stop()}
          >
            <AddReactionIcon />
          </button>
        )}
        {allowed.reply && (
          <button
            type="button"
            className="toolbar-button"
            aria-label="Reply"
            title="Reply"
            onClick={() => {
              startReply(message);
              focusComposer();
            }}
            {...stop()}
          >
            <ReplyIcon />
          </button>
        )}
        {allowed.edit && (
          <button type="button" className="toolbar-button" aria-label="Edit" title="Edit" onClick={onEdit} {...stop()}>
            <EditIcon />
          </button>
        )}
        {allowed.pin && (
          <button
            type="button"
            className="toolbar-button"
            aria-label={message.pinned ? "Unpin" : "Pin"}
            title={message.pinned ? "Unpin" : "Pin"}
            aria-pressed={message.pinned !== null}
            onClick={() => attempt(() => setPinned(message, !message.pinned), "The pin could not be changed.")}
            {...stop()}
          >
            <PinIcon />
          </button>
        )}
        {allowed.delete && (
          <button type="button" className="toolbar-button toolbar-danger" aria-label="Delete" title="Delete" onClick={() => setConfirmingDelete(true)} {...stop()}>
            <TrashIcon />
          </button>
        )}
        {mayReport(message, meId) && (
          <button type="button" className="toolbar-button" aria-label="Report message" title="Report message" onClick={() => setReporting(true)} {...stop()}>
            <FlagIcon />
          </button>
        )}
        {picking && (
          <div className="reaction-picker">
            <EmojiPicker
              label="Pick a reaction"
              trigger={moreButton}
              onClose={() => setPicking(false)}
              onPick={(emoji) => {
                setPicking(false);
                moreButton.current?.focus();
                attempt(() => reactWith(message, emoji, meId, true), "The reaction could not be saved.");
              }}
            />
          </div>
        )}
      </div>
      {/* Outside the toolbar, which is see-through and lets the pointer pass once the pointer leaves the message. */}
      {confirmingDelete && <DeleteMessageDialog message={message} meId={meId} onClose={() => setConfirmingDelete(false)} />}
      {reporting && <ReportDialog message={message} onClose={() => setReporting(false)} />}
    </>
  );
}

/** The same actions for touch: a sheet over the conversation, with who reacted with what. */
export function MessageActionSheet({
  message,
  meId,
  allowed,
  onEdit,
  onError,
  onClose,
  seenByIn,
}: MessageActionHandlers & { onClose: () => void; /** In a room, the conversation to ask who has seen the message (nothing hovers on touch). */ seenByIn: number | null }) {
  const attempt = useAttempt(onError);
  const [picking, setPicking] = useState(false);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [reporting, setReporting] = useState(false);
  const frequent = allowed.react ? frequentReactions() : [];

  const react = (emoji: string, counted: boolean) => {
    onClose();
    attempt(() => reactWith(message, emoji, meId, counted), "The reaction could not be saved.");
  };

  if (confirmingDelete) return <DeleteMessageDialog message={message} meId={meId} onClose={onClose} />;
  if (reporting) return <ReportDialog message={message} onClose={onClose} />;
  return (
    <Dialog title="Message actions" onClose={onClose}>
      <div className="sheet-quote">
        <strong>{message.author.id === meId ? "You" : message.author.displayName}</strong>: {firstLine(message.text)}
      </div>
      {seenByIn !== null && <SeenBy conversationId={seenByIn} messageId={message.id} />}
      {allowed.react && (
        <div className="sheet-reactions" role="group" aria-label="React">
          {frequent.map((emoji) => (
            <button
              key={emoji}
              type="button"
              className="sheet-emoji"
              aria-label={`React with ${emoji}`}
              aria-pressed={hasReacted(message, emoji, meId)}
              onClick={() => react(emoji, false)}
            >
              <span aria-hidden="true">{emoji}</span>
            </button>
          ))}
          <button type="button" className="sheet-emoji" aria-label="More reactions" aria-expanded={picking} onClick={() => setPicking((p) => !p)}>
            <AddReactionIcon />
          </button>
        </div>
      )}
      {picking && <EmojiPicker label="Pick a reaction" onClose={() => setPicking(false)} onPick={(emoji) => react(emoji, true)} />}
      <div className="sheet-actions">
        {allowed.reply && (
          <button
            type="button"
            className="sheet-action"
            onClick={() => {
              onClose();
              startReply(message);
              focusComposer();
            }}
          >
            <ReplyIcon /> Reply
          </button>
        )}
        {allowed.edit && (
          <button
            type="button"
            className="sheet-action"
            onClick={() => {
              onClose();
              onEdit();
            }}
          >
            <EditIcon /> Edit
          </button>
        )}
        {allowed.pin && (
          <button
            type="button"
            className="sheet-action"
            onClick={() => {
              onClose();
              attempt(() => setPinned(message, !message.pinned), "The pin could not be changed.");
            }}
          >
            <PinIcon /> {message.pinned ? "Unpin" : "Pin"}
          </button>
        )}
        {mayReport(message, meId) && (
          <button type="button" className="sheet-action" onClick={() => setReporting(true)}>
            <FlagIcon /> Report
          </button>
        )}
        {allowed.delete && (
          <button type="button" className="sheet-action sheet-action-danger" onClick={() => setConfirmingDelete(true)}>
            <TrashIcon /> Delete
          </button>
        )}
      </div>
      {message.reactions.length > 0 && (
        <ul className="sheet-reactors" aria-label="Who reacted">
          {message.reactions.map((r) => (
            <li key={r.emoji}>
              <span className="sheet-reactors-emoji">{r.emoji}</span> {reactorsSentence(r, meId)}
            </li>
          ))}
        </ul>
      )}
    </Dialog>
  );
}

/** Someone else's message, still there: a notice is Parley's, one's own is edited or deleted instead. */
function mayReport(message: Message, meId: number): boolean {
  return message.author.id !== meId && message.kind !== "system" && !message.deleted;
}

function DeleteMessageDialog({ message, meId, onClose }: { message: Message; meId: number; onClose: () => void }) {
  const own = message.author.id === meId;
  const { run, pending, error } = useAction(async () => {
    await deleteMessage(message);
    onClose();
  });
  return (
    <Dialog title="Delete this message?" onClose={onClose}>
      <blockquote className="delete-quote">{firstLine(message.text)}</blockquote>
      <p>
        {own ? "It" : `${message.author.displayName}'s message`} disappears for everyone in this conversation. This cannot be undone.
      </p>
      <FormError message={error?.detail} />
      <div className="form-actions">
        <button type="button" className="button" onClick={onClose} data-autofocus>
          Keep it
        </button>
        <button type="button" className="button button-danger" disabled={pending} onClick={() => void run()}>
          Delete message
        </button>
      </div>
    </Dialog>
  );
}

export function firstLine(text: string): string {
  const line = text.split("\n", 1)[0] ?? "";
  return line.length > 140 ? `${line.slice(0, 140)}…` : line;
}

const icon = {
  width: 16,
  height: 16,
  viewBox: "0 0 24 24",
  fill: "none",
  stroke: "currentColor",
  strokeWidth: 2,
  strokeLinecap: "round" as const,
  strokeLinejoin: "round" as const,
  "aria-hidden": true,
  focusable: false,
};

function AddReactionIcon() {
  return (
    <svg {...icon}>
      <circle cx="11" cy="12" r="8" />
      <path d="M8 14.5a4 4 0 0 0 6 0M8.5 9.5h.01M13.5 9.5h.01M19 2v5M16.5 4.5h5" />
    </svg>
  );
}

function ReplyIcon() {
  return (
    <svg {...icon}>
      <path d="M9 14 4 9l5-5" />
      <path d="M4 9h10a6 6 0 0 1 6 6v5" />
    </svg>
  );
}

function EditIcon() {
  return (
    <svg {...icon}>
      <path d="M4 20h4L19 9l-4-4L4 16z" />
      <path d="m13.5 6.5 4 4" />
    </svg>
  );
}

export function PinIcon() {
  return (
    <svg {...icon}>
      <path d="M9 3h6l-1 6 4 4H6l4-4z" />
      <path d="M12 13v8" />
    </svg>
  );
}

function TrashIcon() {
  return (
    <svg {...icon}>
      <path d="M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3" />
    </svg>
  );
}

function FlagIcon() {
  return (
    <svg {...icon}>
      <path d="M5 21V4M5 4h11l-2 4 2 4H5" />
    </svg>
  );
}
