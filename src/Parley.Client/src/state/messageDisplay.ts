import { quoteOf } from "./replies";
import type { Message, ReplyQuote } from "../types";

// Which of the held messages the list shows, and what their reply quotes say now.

export interface ShownMessage {
  message: Message;
  /** The message it answers, as it is now. */
  replyTo: ReplyQuote | null;
}

/**
 * Deleted messages leave the list, except where a loaded reply answers one: there a "Message deleted" placeholder
 * keeps the reply's context. A quote follows its original when that is loaded (edited, deleted since the reply
 * was fetched); otherwise it is as the server last described it.
 */
export function shownMessages(messages: readonly Message[]): ShownMessage[] {
  const byId = new Map(messages.map((m) => [m.id, m] as const));
  const answered = new Set(messages.filter((m) => !m.deleted && m.replyTo).map((m) => m.replyTo!.id));
  return messages
    .filter((m) => !m.deleted || answered.has(m.id))
    .map((message) => ({ message, replyTo: message.replyTo && currentQuote(message.replyTo, byId) }));
}

export function currentQuote(quote: ReplyQuote, held: ReadonlyMap<number, Message>): ReplyQuote {
  const original = held.get(quote.id);
  if (!original) return quote;
  if (original.deleted) return quote.deleted ? quote : { ...quote, excerpt: "", deleted: true };
  const now = quoteOf(original);
  return now.excerpt === quote.excerpt && !quote.deleted ? quote : now;
}
