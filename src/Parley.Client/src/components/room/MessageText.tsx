import { Fragment, useMemo, type ReactNode } from "react";
import { isEmojiOnly } from "../../state/emoji";
import type { HighlightTerm } from "../../state/highlight";
import { parseMessage, type Block, type Inline } from "../../state/markdown";
import type { TextPart } from "../../state/messageText";
import { CodeBlock } from "./CodeBlock";
import "../../styles/markdown.css";

interface MessageTextProps {
  text: string;
  myUsername: string;
  mentionsRoom: boolean;
  terms: readonly HighlightTerm[];
}

// The parsed message becomes React elements, one kind of node at a time; every piece of the message's own text is
// a text node. Nothing is ever set as HTML, so whatever a message contains is shown, never interpreted.
export function MessageText({ text, myUsername, mentionsRoom, terms }: MessageTextProps) {
  const emojiOnly = useMemo(() => isEmojiOnly(text), [text]);
  const blocks = useMemo(() => (emojiOnly ? [] : parseMessage(text, { myUsername, mentionsRoom, terms })), [emojiOnly, text, myUsername, mentionsRoom, terms]);
  if (emojiOnly) return <p className="message-text message-text-emoji">{text.trim()}</p>;
  return <div className="message-text">{blocks.map(renderBlock)}</div>;
}

function renderBlock(block: Block, key: number): ReactNode {
  switch (block.type) {
    case "paragraph":
      return <p key={key}>{block.children.map(renderInline)}</p>;
    case "plain":
      return <Fragment key={key}>{block.children.map(renderInline)}</Fragment>;
    case "code":
      return <CodeBlock key={key} value={block.value} language={block.language} />;
    case "quote":
      return <blockquote key={key}>{block.children.map(renderBlock)}</blockquote>;
    case "list": {
      const items = block.items.map((item, index) => <li key={index}>{item.map(renderBlock)}</li>);
      return block.ordered ? (
        <ol key={key} start={block.start ?? undefined}>
          {items}
        </ol>
      ) : (
        <ul key={key}>{items}</ul>
      );
    }
    case "rule":
      return <hr key={key} />;
  }
}

function renderInline(inline: Inline, key: number): ReactNode {
  switch (inline.type) {
    case "text":
      return <Fragment key={key}>{inline.parts.map(renderPart)}</Fragment>;
    case "strong":
      return <strong key={key}>{inline.children.map(renderInline)}</strong>;
    case "emphasis":
      return <em key={key}>{inline.children.map(renderInline)}</em>;
    case "delete":
      return <del key={key}>{inline.children.map(renderInline)}</del>;
    case "code":
      return <code key={key}>{inline.value}</code>;
    case "break":
      return <br key={key} />;
    case "link":
      // A new tab that cannot reach back to Parley (noopener) nor learn where the link was (noreferrer); the title
      // shows where it really goes, whatever its text says.
      return (
        <a key={key} href={inline.href} target="_blank" rel="noopener noreferrer" title={inline.href}>
          {inline.children.map(renderInline)}
        </a>
      );
  }
}

function renderPart(part: TextPart, key: number): ReactNode {
  const content = part.match ? <mark>{part.text}</mark> : part.text;
  return part.mention ? (
    <span key={key} className={`mention mention-${part.mention}`}>
      {content}
    </span>
  ) : (
    <Fragment key={key}>{content}</Fragment>
  );
}
