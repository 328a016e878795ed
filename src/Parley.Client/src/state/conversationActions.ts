import * as api from "./api";
import { withReadUpTo, withState } from "./conversationList";
import { changeConversations, fetchConversation, receiveConversation } from "./conversations";
import { parseConversationState } from "./events";
import { hubError, invoke, isConnected } from "./hub";
import { clearTimeline } from "./messages";
import { ApiError } from "./problem";
import type { Conversation, ConversationState } from "../types";

// What a person does to their own view of a conversation, and starting direct conversations. Every device hears of
// the new state through conversationStateChanged, this one included; the answer to the request matters only offline.

/** The user's read, clear, mute, pin and hide state, from an event: the list and any open history follow it. */
export function applyConversationState(state: ConversationState): void {
  changeConversations((list) => withState(list, state));
  if (state.clearedBeforeMessageId > 0) clearTimeline(state.conversationId, state.clearedBeforeMessageId);
}

/**
 * The server's answer to this device's own read, clear or mute. While the live connection is up the same state
 * arrives as an event, in order with the messages around it, and only that one is applied: the answer can overtake
 * a message stored after it was computed, and would take that message's count away again. Offline the answer is all
 * there is, until the reconnect reloads the list.
 */
function applyAnswer(state: ConversationState | null): void {
  if (state && !isConnected()) applyConversationState(state);
}

export async function setConversationMuted(conversationId: number, muted: boolean): Promise<void> {
  applyAnswer(await api.setMuted(conversationId, muted));
}

/** Pins the conversation to the top of the list, on every device of the user. */
export async function setConversationPinned(conversationId: number, pinned: boolean): Promise<void> {
  applyAnswer(await api.setPinned(conversationId, pinned));
}

/** Takes the conversation off the list until a newer message arrives (or puts it back), on every device of the user. */
export async function setConversationHidden(conversationId: number, hidden: boolean): Promise<void> {
  applyAnswer(await api.setHidden(conversationId, hidden));
}

/** Hides the history so far, for this user only; the others keep theirs. */
export async function clearConversation(conversationId: number): Promise<void> {
  applyAnswer(await api.clearConversation(conversationId));
}

const RetryReadAfterMs = 3000;

/** Marks the conversation read up to a message the user has seen; caught up, its counts clear at once. */
export async function markConversationRead(conversationId: number, messageId: number): Promise<void> {
  changeConversations((list) => withReadUpTo(list, conversationId, messageId));
  try {
    applyAnswer(
      isConnected()
        ? parseConversationState(await invoke<unknown>("MarkRead", { conversationId, messageId }))
        : await api.markRead(conversationId, messageId),
    );
  } catch (error) {
    const code = error instanceof ApiError ? error.code : hubError(error).code;
    // Not in it any more: the event that says so (or the reload after an outage) takes it off the list.
    if (code === "not_a_member" || code === "room_not_found") return;
    if (code === "rate_limited") {
      // Worth keeping: it goes again once the limit has let up.
      setTimeout(() => void markConversationRead(conversationId, messageId), RetryReadAfterMs);
      return;
    }
    // The counts cleared here are not the server's: take its view of the conversation again.
    void fetchConversation(conversationId);
  }
}

/** Opens the conversation with exactly these people: the one that exists, or a new one. */
export async function startDirectConversation(usernames: string[]): Promise<Conversation> {
  let opened: Conversation | null = null;
  const listed = await receiveConversation(async () => (opened = await api.openDirect(usernames)));
  // Not listed only when the user signed out meanwhile; where to go is all that is left to say.
  return listed ?? opened!;
}
