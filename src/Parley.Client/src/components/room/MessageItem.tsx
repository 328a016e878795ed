import { memo } from "react";
import { formatTime } from "../../state/days";
import type { HighlightTerm } from "../../state/highlight";
import type { LocalMessage } from "../../state/timeline";
import type { MessageKind, UserSummary } from "../../types";
import { Avatar } from "../common/Avatar";
import { MessageText } from "./MessageText";
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
}

export const MessageItem = memo(function MessageItem({ item, continuesBurst, onRetry, myUsername, terms, spotlit, receipt, seenByIn }: MessageItemProps) {
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

  const status = item.local?.status;
  const classes = ["message", continuesBurst && "message-continued", status && `message-${status}`, item.mentionsMe && "message-mentioned", spotlit && "message-spotlit"];
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
    >
      <div className="message-gutter">{continuesBurst ? <span className="message-gutter-time">{time}</span> : <Avatar user={item.author} />}</div>
      <div className="message-body">
        <div className={continuesBurst ? "visually-hidden" : "message-meta"}>
          <span className="message-author">{item.author.displayName}</span> {continuesBurst ? formatTime(date) : time}
          {item.mentionsMe && <span className="visually-hidden">, mentions you</span>}
        </div>
        <MessageText text={item.text} myUsername={myUsername} mentionsRoom={item.mentionsRoom} terms={terms} />
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
    </li>
  );
});
