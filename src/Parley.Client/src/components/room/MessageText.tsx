import { Fragment, useMemo } from "react";
import type { HighlightTerm } from "../../state/highlight";
import { messageTextParts } from "../../state/messageText";

interface MessageTextProps {
  text: string;
  myUsername: string;
  mentionsRoom: boolean;
  terms: readonly HighlightTerm[];
}

// Every part is a React text node inside a span or <mark>: whatever a message contains is shown, never interpreted.
export function MessageText({ text, myUsername, mentionsRoom, terms }: MessageTextProps) {
  const parts = useMemo(() => messageTextParts(text, { myUsername, mentionsRoom, terms }), [text, myUsername, mentionsRoom, terms]);
  return (
    <p className="message-text">
      {parts.map((part, index) => {
        const content = part.match ? <mark>{part.text}</mark> : part.text;
        return part.mention ? (
          <span key={index} className={`mention mention-${part.mention}`}>
            {content}
          </span>
        ) : (
          <Fragment key={index}>{content}</Fragment>
        );
      })}
    </p>
  );
}
