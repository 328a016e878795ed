import { highlightTerms, type HighlightTerm } from "./highlight";
import { mentionParts, RoomMention } from "./mentions";

// How a message's text is shown: plain text, with @mentions picked out (those naming the reader stronger) and
// search terms marked. The view turns each part into a text node inside a span or <mark>; nothing is parsed as HTML.

export interface TextPart {
  text: string;
  mention: "me" | "other" | null;
  match: boolean;
}

export interface TextContext {
  myUsername: string;
  /** The server accepted the message's @room (the author is an owner or admin of the room). */
  mentionsRoom: boolean;
  terms: readonly HighlightTerm[];
}

export function messageTextParts(text: string, { myUsername, mentionsRoom, terms }: TextContext): TextPart[] {
  const me = myUsername.toLowerCase();
  return mentionParts(text).flatMap((part) => {
    const mention = part.mention === null || (part.mention === RoomMention && !mentionsRoom) ? null : part.mention === me || part.mention === RoomMention ? "me" : "other";
    return highlightTerms(part.text, terms).map((segment) => ({ text: segment.text, match: segment.match, mention }));
  });
}
