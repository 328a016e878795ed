import { createStore } from "./store";
import type { Message, ReplyQuote } from "../types";

// The message the composer of each conversation is replying to, until it is sent or cancelled.

export const replyTargetsStore = createStore<ReadonlyMap<number, ReplyQuote>>(new Map());

const ExcerptLength = 140;

/** The quote of a message as the server makes it: its first line, at most 140 characters. */
export function quoteOf(message: Message): ReplyQuote {
  const firstLine = message.text.split("\n", 1)[0] ?? "";
  const chars = [...firstLine];
  return {
    id: message.id,
    author: message.author,
    excerpt: chars.length > ExcerptLength ? chars.slice(0, ExcerptLength).join("") : firstLine,
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
