import type { Nodes as MdastNode, PhrasingContent, RootContent } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmAutolinkLiteralFromMarkdown } from "mdast-util-gfm-autolink-literal";
import { gfmStrikethroughFromMarkdown } from "mdast-util-gfm-strikethrough";
import { gfmAutolinkLiteral } from "micromark-extension-gfm-autolink-literal";
import { gfmStrikethrough } from "micromark-extension-gfm-strikethrough";
import { messageTextParts, type TextContext, type TextPart } from "./messageText";

// A message's text as a safe tree for the view: Markdown is parsed (micromark, CommonMark with GFM's
// strikethrough and bare links) and only what chat needs is kept. Raw HTML is never a construct, so it stays the
// text it was; links are kept only to http, https and mailto; images are never loaded (they become links); every
// piece of text is still a text node for React. @mentions and search terms are marked in the text, not in code.

export type Inline =
  | { type: "text"; parts: TextPart[] }
  | { type: "strong" | "emphasis" | "delete"; children: Inline[] }
  | { type: "code"; value: string }
  | { type: "link"; href: string; children: Inline[] }
  | { type: "break" };

export type Block =
  | { type: "paragraph"; children: Inline[] }
  /** A tight list item's text: no paragraph of its own. */
  | { type: "plain"; children: Inline[] }
  | { type: "code"; language: string | null; value: string }
  | { type: "quote"; children: Block[] }
  | { type: "list"; ordered: boolean; start: number | null; items: Block[][] }
  | { type: "rule" };

/**
 * Constructs of CommonMark a chat message does not have: raw HTML (shown as typed), indented code (a message that
 * starts with spaces is still text), link reference definitions (they would make a line of the message vanish)
 * and character references ("&lt;" stays as typed).
 */
const chatConstructs = { disable: { null: ["htmlFlow", "htmlText", "codeIndented", "definition", "characterReference"] } };

/** Where links may go; anything else (javascript:, data:, vbscript:, file:, relative paths) is shown as text. */
const SafeSchemes = new Set(["http:", "https:", "mailto:"]);

/** The URL as the browser will use it, when it is safe to link to; null otherwise. */
export function safeHref(url: string): string | null {
  try {
    const parsed = new URL(url);
    return SafeSchemes.has(parsed.protocol) ? parsed.href : null;
  } catch {
    // Relative or malformed: a chat message has no page of its own for it to be relative to.
    return null;
  }
}

/**
 * What could make Markdown of a message: emphasis, code, strikethrough, links, images, autolinks and escapes; a
 * line that starts a heading, list or quote, or underlines a heading; URLs and addresses; line breaks made by
 * trailing spaces, blank lines, spaces at a line's or the message's edge (the parser trims those), and the characters it replaces
 * (carriage return, NUL). Most chat lines have none
 * of these, and are text as typed without running the parser (markdown.test.ts checks the two agree).
 */
const MarkdownSign = /[*_~`[\]<>!\\#\r\0]|^[ \t]*(?:[-+=]|\d+[.)])|https?:|www\.|mailto:|@[^\s]*\.|[ \t]$|^[ \t]|\n[ \t]*\n/im;

export function parseMessage(text: string, context: TextContext): Block[] {
  if (!text) return [];
  if (!MarkdownSign.test(text) && text.trim() === text) return [{ type: "paragraph", children: [{ type: "text", parts: messageTextParts(text, context) }] }];
  return parseMarkdown(text, context);
}

/** The full parse, whatever the text. */
export function parseMarkdown(text: string, context: TextContext): Block[] {
  const tree = fromMarkdown(text, {
    extensions: [gfmStrikethrough({ singleTilde: false }), gfmAutolinkLiteral(), chatConstructs],
    mdastExtensions: [gfmStrikethroughFromMarkdown(), gfmAutolinkLiteralFromMarkdown()],
  });
  const convert = new Converter(text, context);
  return tree.children.flatMap((node) => convert.block(node, false));
}

class Converter {
  constructor(
    private readonly source: string,
    private readonly context: TextContext,
  ) {}

  block(node: RootContent, tight: boolean): Block[] {
    switch (node.type) {
      case "paragraph":
        return [{ type: tight ? "plain" : "paragraph", children: this.inlines(node.children) }];
      case "heading":
        // Chat, not documents: a heading is a line in bold.
        return [{ type: tight ? "plain" : "paragraph", children: [{ type: "strong", children: this.inlines(node.children) }] }];
      case "code":
        return [{ type: "code", language: languageOf(node.lang), value: node.value }];
      case "blockquote":
        return [{ type: "quote", children: node.children.flatMap((child) => this.block(child, false)) }];
      case "list":
        return [
          {
            type: "list",
            ordered: node.ordered === true,
            start: node.ordered && typeof node.start === "number" && node.start !== 1 ? node.start : null,
            items: node.children.map((item) => item.children.flatMap((child) => this.block(child, node.spread !== true && item.spread !== true))),
          },
        ];
      case "thematicBreak":
        return [{ type: "rule" }];
      default:
        // Nothing else is parsed with these constructs; should it be, it shows as the text it was typed as.
        return [{ type: "paragraph", children: this.text(this.sourceOf(node)) }];
    }
  }

  /**
   * Neighbouring pieces of text become one before mentions and search terms are marked, so a mention or a term
   * split by the parser (a refused link's text next to plain text) is still found.
   */
  inlines(nodes: readonly PhrasingContent[]): Inline[] {
    const merged: Inline[] = [];
    let pending = "";
    const flush = () => {
      merged.push(...this.text(pending));
      pending = "";
    };
    for (const inline of nodes.flatMap((node) => this.inline(node))) {
      if (typeof inline === "string") {
        pending += inline;
      } else {
        flush();
        merged.push(inline);
      }
    }
    flush();
    return merged;
  }

  /** The inline, or its text as a string for inlines() to mark. */
  inline(node: PhrasingContent): (Inline | string)[] {
    switch (node.type) {
      case "text":
        return [node.value];
      case "strong":
      case "emphasis":
      case "delete":
        return [{ type: node.type, children: this.inlines(node.children) }];
      case "inlineCode":
        return [{ type: "code", value: node.value }];
      case "break":
        return [{ type: "break" }];
      case "link": {
        const href = safeHref(node.url);
        return href ? [{ type: "link", href, children: this.inlines(node.children) }] : [this.sourceOf(node)];
      }
      case "image": {
        // Never loaded (it would tell the image's server who reads the room, and when): a link to it instead.
        const href = safeHref(node.url);
        return href ? [{ type: "link", href, children: this.text(node.alt || node.url) }] : [this.sourceOf(node)];
      }
      default:
        return [this.sourceOf(node)];
    }
  }

  text(value: string): Inline[] {
    return value ? [{ type: "text", parts: messageTextParts(value, this.context) }] : [];
  }

  /** The node as it was typed. */
  sourceOf(node: MdastNode): string {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    return start === undefined || end === undefined ? "" : this.source.slice(start, end);
  }
}

/** The fence's first word, lower case ("```TypeScript title" → "typescript"); null when there is none. */
function languageOf(info: string | null | undefined): string | null {
  const word = info?.trim().split(/\s+/)[0]?.toLowerCase();
  return word ? word : null;
}

/**
 * A message as one line of plain text, for places that show it as text (the conversation list's preview): what the
 * reader would see of it, without the Markdown that formats it ("**soon**" reads "soon").
 */
export function plainText(text: string): string {
  const blocks = parseMessage(text, { myUsername: "", mentionsRoom: false, terms: [] });
  return blocks.map(blockText).filter(Boolean).join(" ").replace(/\s+/g, " ").trim();
}

function blockText(block: Block): string {
  switch (block.type) {
    case "paragraph":
    case "plain":
      return block.children.map(inlineText).join("");
    case "code":
      return block.value;
    case "quote":
      return block.children.map(blockText).join(" ");
    case "list":
      return block.items.map((item) => item.map(blockText).join(" ")).join(" ");
    case "rule":
      return "";
  }
}

function inlineText(inline: Inline): string {
  switch (inline.type) {
    case "text":
      return inline.parts.map((part) => part.text).join("");
    case "code":
      return inline.value;
    case "break":
      return " ";
    default:
      return inline.children.map(inlineText).join("");
  }
}
