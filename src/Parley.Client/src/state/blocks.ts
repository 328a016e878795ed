import * as api from "./api";
import { ApiError } from "./problem";
import { createStore } from "./store";
import type { UserSummary } from "../types";

// Blocking: the people this user blocked, and whether a block stops this user from writing in a direct
// conversation (they blocked someone there, or someone there blocked them).

export const blockedStore = createStore<readonly UserSummary[]>([]);

/** Why sending is refused, per direct conversation, in the server's words. */
export const sendRefusalsStore = createStore<ReadonlyMap<number, string>>(new Map());

/** The codes (HTTP and hub alike) that say a block stops this user from writing in a conversation. */
export const blockCodes: ReadonlySet<string> = new Set(["cannot_message", "you_blocked"]);

export async function loadBlocked(): Promise<void> {
  try {
    blockedStore.set(await api.listBlocked());
  } catch {
    // The conversation menus then offer "Block" for everyone; the server still knows better when sending.
  }
}

export async function blockUser(user: UserSummary): Promise<void> {
  await api.block(user.username);
  blockedStore.update((blocked) => (blocked.some((u) => u.id === user.id) ? blocked : [...blocked, user]));
}

export async function unblockUser(user: UserSummary): Promise<void> {
  await api.unblock(user.username);
  blockedStore.update((blocked) => blocked.filter((u) => u.id !== user.id));
}

/**
 * Asks the server whether this user may write here. Opening a direct conversation checks exactly what sending
 * checks (docs/api.md, Blocking), and opening one that exists changes nothing, so its answer is the one to show.
 */
export async function checkCanMessage(conversationId: number, usernames: string[]): Promise<void> {
  let refusal: string | null = null;
  try {
    await api.openDirect(usernames);
  } catch (error) {
    if (!(error instanceof ApiError) || !blockCodes.has(error.code)) return;
    refusal = error.detail;
  }
  noteSendRefusal(conversationId, refusal);
}

/** Why the server refuses this user's messages in a conversation (null: it does not); the composer says so. */
export function noteSendRefusal(conversationId: number, refusal: string | null): void {
  sendRefusalsStore.update((all) => {
    if ((all.get(conversationId) ?? null) === refusal) return all;
    const next = new Map(all);
    if (refusal === null) next.delete(conversationId);
    else next.set(conversationId, refusal);
    return next;
  });
}

export function resetBlocked(): void {
  blockedStore.set([]);
  sendRefusalsStore.set(new Map());
}
