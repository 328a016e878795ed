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
  | { kind: "refused"; reason: string | null; blocked: boolean };

/**
 * What a failed SendMessage call means, by the code the server put first (docs/events.md, Errors): any code is a
 * refusal whose sentence is shown as it is; no code is the connection's own failure.
 */
export function sendFailure(error: unknown, connected: boolean): SendFailure {
  const { code, reason } = hubError(error);
  if (code === null) return connected ? { kind: "refused", reason: null, blocked: false } : { kind: "unanswered" };
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
  } catch (error) {
    const failure = sendFailure(error, isConnected());
    if (failure.kind === "unanswered") return;
    if (failure.blocked) noteSendRefusal(message.roomId, failure.reason);
    setLocalMessageStatus(message.roomId, message.clientMessageId, "failed", failure.reason);
  } finally {
    inFlight.delete(message.clientMessageId);
  }
}
