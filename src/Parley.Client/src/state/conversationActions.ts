import * as api from "./api";
import { withState } from "./conversationList";
import { changeConversations, rememberConversation } from "./conversations";
import { clearTimeline } from "./messages";
import type { Conversation, ConversationState } from "../types";

// What a person does to their own view of a conversation, and starting direct conversations. The server answers
// with the new state, which this device applies at once; the others hear of it through conversationStateChanged.

/** The user's read, clear and mute state, from an answer or an event: the list and any open history follow it. */
export function applyConversationState(state: ConversationState): void {
  changeConversations((list) => withState(list, state));
  if (state.clearedBeforeMessageId > 0) clearTimeline(state.conversationId, state.clearedBeforeMessageId);
}

export async function setConversationMuted(conversationId: number, muted: boolean): Promise<void> {
  applyConversationState(await api.setMuted(conversationId, muted));
}

/** Hides the history so far, for this user only; the others keep theirs. */
export async function clearConversation(conversationId: number): Promise<void> {
  applyConversationState(await api.clearConversation(conversationId));
}

/** Opens the conversation with exactly these people: the one that exists, or a new one. */
export async function startDirectConversation(usernames: string[]): Promise<Conversation> {
  return rememberConversation(await api.openDirect(usernames));
}
