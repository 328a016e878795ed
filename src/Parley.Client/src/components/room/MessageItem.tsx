import { memo } from "react";
import { formatTime } from "../../state/days";
import type { LocalMessage } from "../../state/timeline";
import type { MessageKind, UserSummary } from "../../types";
import { Avatar } from "../common/Avatar";

/** A stored message or one of this client's unconfirmed sends, as the list shows it. */
export interface DisplayItem {
  key: string;
  id: number | null;
  author: UserSummary;
  text: string;
  createdAt: string;
  kind: MessageKind;
  local: LocalMessage | null;
}

interface MessageItemProps {
  item: DisplayItem;
  continuesBurst: boolean;
  onRetry: (message: LocalMessage) => void;
}

// Text is only ever a React text node: whatever a message contains is shown, never interpreted.
export const MessageItem = memo(function MessageItem({ item, continuesBurst, onRetry }: MessageItemProps) {
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
  return (
    <li
      className={`message${continuesBurst ? " message-continued" : ""}${status ? ` message-${status}` : ""}`}
      data-testid="message"
      data-message-id={item.id ?? undefined}
      data-status={status ?? "sent"}
    >
      <div className="message-gutter">{continuesBurst ? <span className="message-gutter-time">{time}</span> : <Avatar user={item.author} />}</div>
      <div className="message-body">
        <div className={continuesBurst ? "visually-hidden" : "message-meta"}>
          <span className="message-author">{item.author.displayName}</span> {continuesBurst ? formatTime(date) : time}
        </div>
        <p className="message-text">{item.text}</p>
        {status === "sending" && <span className="message-state">Sending…</span>}
        {status === "failed" && item.local && (
          <div className="message-state message-state-failed">
            <span>Not sent{item.local.error ? `: ${item.local.error}` : "."}</span>
            <button type="button" className="link-button" onClick={() => onRetry(item.local!)}>
              Retry
            </button>
          </div>
        )}
      </div>
    </li>
  );
});
