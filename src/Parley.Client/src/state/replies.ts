import { attachmentSummary } from "./attachments";
import { createStore } from "./store";
import type { Message, ReplyQuote } from "../types";

// The message the composer of each conversation is replying to, until it is sent or cancelled.

export const replyTargetsStore = createStore<ReadonlyMap<number, ReplyQuote>>(new Map());

const ExcerptLength = 140;

/**
 * The quote of a message as the server makes it: its first non-empty line, at most 140 characters, a cut marked "…";
 * for a message of files only, what it carries ("📎 photo.jpg", "🎤 Voice message").
 */
export function quoteOf(message: Message): ReplyQuote {
  const line = message.text.split("\n").map((l) => l.trim()).find((l) => l.length > 0) ?? "";
  const chars = [...line];
  return {
    id: message.id,
    author: message.author,
    excerpt: message.deleted
      ? ""
      : chars.length > ExcerptLength
        ? `${chars.slice(0, ExcerptLength - 1).join("")}…`
        : line || attachmentSummary(message.attachments),
    deleted: message.deleted,
  };
}

export function startReply(message: Message): void {
  replyTargetsStore.update((all) => new Map(all).set(message.roomId, quoteOf(message)));
}

export function cancelReply(conversationId: number): void {
  replyTargetsStore.update((all) => {
    if (!all.has(conversationId)) return all;
    const next = new Map(all);
    next.delete(conversationId);
    return next;
  });
}

export function resetReplies(): void {
  replyTargetsStore.set(new Map());
}
