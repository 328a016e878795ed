import { memo, useState, type MouseEvent } from "react";
import { formatTime } from "../../state/days";
import type { HighlightTerm } from "../../state/highlight";
import { messagePermissions, toggleReaction, type ConversationPowers } from "../../state/messageChanges";
import { failureSentence } from "../../state/problem";
import type { LocalMessage } from "../../state/timeline";
import type { Message, MessageKind, ReplyQuote as Quote, UserSummary } from "../../types";
import { Attachments } from "../attachments/Attachments";
import { Avatar } from "../common/Avatar";
import { useTouchGestures } from "../common/useLongPress";
import { MessageActionSheet, MessageToolbar, PinIcon } from "./MessageActions";
import { MessageEditor } from "./MessageEditor";
import { MessageText } from "./MessageText";
import { Reactions } from "./Reactions";
import { ReplyQuote } from "./ReplyQuote";
import { SeenBy } from "./SeenBy";

/** A stored message or one of this client's unconfirmed sends, as the list shows it. */
export interface DisplayItem {
  key: string;
  id: number | null;
  author: UserSummary;
  text: string;
  createdAt: string;
  kind: MessageKind;
  local: LocalMessage | null;
  mentionsRoom: boolean;
  /** It names the reader (or the whole room). */
  mentionsMe: boolean;
  /** The stored message, as it is now; null for an unconfirmed send. A deleted one shows as a placeholder. */
  message: Message | null;
  /** The message it answers, as it is now. */
  replyTo: Quote | null;
}

interface MessageItemProps {
  item: DisplayItem;
  continuesBurst: boolean;
  onRetry: (message: LocalMessage) => void;
  myUsername: string;
  /** Search terms to mark in the text. */
  terms: readonly HighlightTerm[];
  /** The message just jumped to: scrolled into view and flashed. */
  spotlit: boolean;
  /** "Seen" or "Seen by …" under it, in a direct conversation. */
  receipt: string | null;
  /** In a room, the conversation to ask who has seen it (the reader's own messages, when they share receipts). */
  seenByIn: number | null;
  /** The reader; their own messages are marked as theirs. */
  meId: number;
  /** What the reader may do to others' messages here (delete, pin). */
  powers: ConversationPowers;
}

export const MessageItem = memo(function MessageItem({
  item,
  continuesBurst,
  onRetry,
  myUsername,
  terms,
  spotlit,
  receipt,
  seenByIn,
  meId,
  powers,
}: MessageItemProps) {
  const [editing, setEditing] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [sheetOpen, setSheetOpen] = useState(false);
  const [editTimeShown, setEditTimeShown] = useState(false);
  const stored = item.message;
  const allowed = stored && !item.local ? messagePermissions(stored, meId, powers) : null;
  const actionable = allowed !== null && Object.values(allowed).some(Boolean);
  const gestures = useTouchGestures({
    onLongPress: () => actionable && !editing && setSheetOpen(true),
    onTap: (event: MouseEvent) => {
      // A tap on the message itself (not a link, a button, the editor) opens its actions.
      if (!actionable || editing || (event.target as Element).closest("a, button, input, textarea, dialog, [role=toolbar]")) return;
      setSheetOpen(true);
    },
  });
  const date = new Date(item.createdAt);
  const time = (
    <time dateTime={item.createdAt} title={date.toLocaleString()}>
      {formatTime(date)}
    </time>
  );

  if (item.kind === "system") {
    return (
      <li className="message message-system" data-testid="message" data-message-id={item.id ?? undefined}>
        <span className="message-system-text">{item.text}</span> {time}
      </li>
    );
  }

  if (stored?.deleted) {
    // Only kept where a loaded reply answers it, so the reply's place in the conversation still makes sense.
    return (
      <li className="message message-deleted" data-testid="message" data-message-id={item.id ?? undefined} data-deleted="true">
        <div className="message-gutter" />
        <p className="message-body message-deleted-text">Message deleted</p>
      </li>
    );
  }

  const own = item.author.id === meId;
  const status = item.local?.status;
  const classes = [
    "message",
    continuesBurst && "message-continued",
    own && "message-own",
    status && `message-${status}`,
    item.mentionsMe && "message-mentioned",
    spotlit && "message-spotlit",
    editing && "message-editing",
  ];
  const editedAt = stored?.editedAt ? new Date(stored.editedAt) : null;
  const handlers = stored && allowed ? { message: stored, meId, allowed, onEdit: () => setEditing(true), onError: setActionError } : null;
  return (
    <li
      className={classes.filter(Boolean).join(" ")}
      // Focusable by pointer, not by Tab: a tap on a touch screen (where nothing hovers) brings up the message's actions.
      tabIndex={-1}
      data-testid="message"
      data-message-id={item.id ?? undefined}
      data-status={status ?? "sent"}
      data-mentioned={item.mentionsMe || undefined}
      data-spotlit={spotlit || undefined}
      data-own={own || undefined}
      data-pinned={stored?.pinned ? true : undefined}
      {...(actionable ? gestures : {})}
    >
      <div className="message-gutter">{continuesBurst ? <span className="message-gutter-time">{time}</span> : <Avatar user={item.author} />}</div>
      <div className="message-body">
        <div className={continuesBurst ? "visually-hidden" : "message-meta"}>
          <span className="message-author">{own ? "You" : item.author.displayName}</span> {continuesBurst ? formatTime(date) : time}
          {item.mentionsMe && <span className="visually-hidden">, mentions you</span>}
        </div>
        {item.replyTo && <ReplyQuote conversationId={stored?.roomId ?? item.local?.roomId ?? 0} quote={item.replyTo} meId={meId} />}
        {editing && stored ? (
          <MessageEditor message={stored} onDone={() => setEditing(false)} />
        ) : (
          item.text && <MessageText text={item.text} myUsername={myUsername} mentionsRoom={item.mentionsRoom} terms={terms} />
        )}
        <Attachments attachments={stored?.attachments ?? item.local?.attachments ?? []} conversationId={stored?.roomId ?? item.local?.roomId ?? 0} />
        {(editedAt || stored?.pinned) && !editing && (
          <span className="message-flags">
            {editedAt && (
              <>
                <button
                  type="button"
                  className="link-button message-edited-button"
                  title={`Edited ${editedAt.toLocaleString()}`}
                  aria-expanded={editTimeShown}
                  onClick={() => setEditTimeShown((s) => !s)}
                >
                  (edited)
                </button>
                {editTimeShown && <span className="message-edited-time"> {editedAt.toLocaleString()}</span>}
              </>
            )}
            {stored?.pinned && (
              <span className="message-pinned" title={`Pinned by ${stored.pinned.by.id === meId ? "you" : stored.pinned.by.displayName}`}>
                <PinIcon /> Pinned
              </span>
            )}
          </span>
        )}
        {stored && <Reactions message={stored} meId={meId} onToggle={(emoji) => void react(emoji)} />}
        {actionError && (
          <p className="message-action-error" role="alert">
            {actionError}
          </p>
        )}
        {status === "sending" && <span className="message-state">Sending…</span>}
        {status === "failed" && item.local && (
          <div className="message-state message-state-failed">
            <span>Not sent{item.local.error ? `: ${item.local.error}` : "."}</span>
            <button type="button" className="link-button" onClick={() => onRetry(item.local!)}>
              Retry
            </button>
          </div>
        )}
        {receipt && (
          <span className="message-receipt" data-testid="receipt">
            {receipt}
          </span>
        )}
        {seenByIn !== null && item.id !== null && <SeenBy conversationId={seenByIn} messageId={item.id} />}
      </div>
      {handlers && actionable && !editing && <MessageToolbar {...handlers} />}
      {handlers && sheetOpen && <MessageActionSheet {...handlers} seenByIn={seenByIn} onClose={() => setSheetOpen(false)} />}
    </li>
  );

  async function react(emoji: string) {
    if (!stored) return;
    setActionError(null);
    try {
      await toggleReaction(stored, emoji, meId);
    } catch (error) {
      setActionError(failureSentence(error, "The reaction could not be saved."));
    }
  }
});
