import { blockCodes, noteSendRefusal } from "./blocks";
import { hubError, invoke, isConnected } from "./hub";
import { newClientMessageId } from "./ids";
import { parseMessage } from "./events";
import { addLocalMessage, jumpToPresent, receiveMessages, setLocalMessageStatus, timelinesStore } from "./messages";
import type { LocalMessage } from "./timeline";
import type { Attachment, ReplyQuote, SendMessageRequest, UserSummary } from "../types";

// Sending: the message shows at once as "sending", goes out over the hub with a clientMessageId, and is replaced
// by the stored message (from the call's result or the broadcast, whichever comes first). Without a connection
// it waits and goes out on reconnect; the server stores a clientMessageId once, so resending is always safe.

const inFlight = new Set<string>();

export function sendMessage(
  roomId: number,
  text: string,
  author: UserSummary,
  replyTo: ReplyQuote | null = null,
  attachments: readonly Attachment[] = [],
): void {
  // Written while looking at the past: the conversation goes back to the present, where the message will be.
  if (timelinesStore.get().get(roomId)?.hasNewer) void jumpToPresent(roomId);
  const message: LocalMessage = {
    clientMessageId: newClientMessageId(),
    roomId,
    author,
    text,
    createdAt: new Date().toISOString(),
    replyTo,
    attachments,
    status: "sending",
    error: null,
  };
  addLocalMessage(message);
  void deliver(message);
}

export function retryMessage(message: LocalMessage): void {
  setLocalMessageStatus(message.roomId, message.clientMessageId, "sending");
  void deliver(message);
}

/** Sends everything still waiting, in the order it was written. */
export function flushOutbox(): void {
  for (const timeline of timelinesStore.get().values()) {
    for (const message of timeline.local) {
      if (message.status === "sending") void deliver(message);
    }
  }
}

export type SendFailure =
  /** No answer came: the connection went. It stays "sending" and goes out again on reconnect. */
  | { kind: "unanswered" }
  /** The server refused it, saying why (or the call failed with the connection still up): it shows as not sent. */
  | { kind: "refused"; reason: string | null; blocked: boolean }
  /**
   * Not stored for a reason that passes by itself: the server is stopping (the client reconnects to another one) or
   * its database is briefly out of reach. It stays "sending" and goes out again after `afterMs`.
   */
  | { kind: "later"; afterMs: number; reason: string };

/** How long each passing refusal asks to wait (the Retry-After the server gives with it). */
const passingRefusals: ReadonlyMap<string, number> = new Map([
  ["shutting_down", 1_000],
  ["database_unavailable", 5_000],
]);

/** How many times a message is sent again after passing refusals before it shows as not sent (about a minute). */
export const maxLaterAttempts = 12;
const laterAttempts = new Map<string, number>();

/**
 * What a failed SendMessage call means, by the code the server put first (docs/events.md, Errors): any code is a
 * refusal whose sentence is shown as it is; no code is the connection's own failure.
 */
export function sendFailure(error: unknown, connected: boolean): SendFailure {
  const { code, reason } = hubError(error);
  if (code === null) return connected ? { kind: "refused", reason: null, blocked: false } : { kind: "unanswered" };
  const afterMs = passingRefusals.get(code);
  if (afterMs !== undefined) return { kind: "later", afterMs, reason };
  return { kind: "refused", reason, blocked: blockCodes.has(code) };
}

async function deliver(message: LocalMessage): Promise<void> {
  if (!isConnected() || inFlight.has(message.clientMessageId)) return;
  inFlight.add(message.clientMessageId);
  const request: SendMessageRequest = { roomId: message.roomId, text: message.text, clientMessageId: message.clientMessageId };
  if (message.replyTo) request.replyToId = message.replyTo.id;
  if (message.attachments.length > 0) request.attachmentIds = message.attachments.map((a) => a.id);
  const gif = message.attachments.find((a) => a.kind === "gif");
  if (gif) {
    // A GIF from the picker is the provider's, not an upload: it goes by the provider's id, and on its own.
    request.gifId = gif.id;
    delete request.attachmentIds;
  }
  try {
    // The history takes it at once. The conversation list waits for the broadcast: this answer can overtake the
    // broadcasts of messages stored before it, and a preview newer than those would leave them uncounted.
    const stored = parseMessage(await invoke<unknown>("SendMessage", request));
    if (stored) receiveMessages(stored.roomId, [stored]);
    laterAttempts.delete(message.clientMessageId);
  } catch (error) {
    const failure = sendFailure(error, isConnected());
    if (failure.kind === "unanswered") return;
    if (failure.kind === "later") {
      const attempts = (laterAttempts.get(message.clientMessageId) ?? 0) + 1;
      if (attempts <= maxLaterAttempts) {
        laterAttempts.set(message.clientMessageId, attempts);
        setTimeout(() => {
          if (stillSending(message)) void deliver(message);
        }, failure.afterMs);
        return;
      }
      laterAttempts.delete(message.clientMessageId);
      setLocalMessageStatus(message.roomId, message.clientMessageId, "failed", failure.reason);
      return;
    }
    if (failure.blocked) noteSendRefusal(message.roomId, failure.reason);
    setLocalMessageStatus(message.roomId, message.clientMessageId, "failed", failure.reason);
  } finally {
    inFlight.delete(message.clientMessageId);
  }
}

/** Whether the message still waits to be sent: not stored meanwhile (a resend on reconnect), not given up on. */
function stillSending(message: LocalMessage): boolean {
  return timelinesStore.get().get(message.roomId)?.local.some((m) => m.clientMessageId === message.clientMessageId && m.status === "sending") ?? false;
}
