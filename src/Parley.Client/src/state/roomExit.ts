import { removeConversation } from "./conversations";
import { membersStore, resetMembers } from "./members";
import { forgetTimeline } from "./messages";
import { showNotice } from "./notices";
import { navigate, openConversationId } from "./router";

// Leaving a room's screen when the room goes away: deleted, removed from it, or left (maybe in another tab).

const exitsByThisUser = new Set<number>();

/** This user is leaving or deleting the room here: the event that follows needs no notice. */
export function expectExit(roomId: number): void {
  exitsByThisUser.add(roomId);
}

export function cancelExpectedExit(roomId: number): void {
  exitsByThisUser.delete(roomId);
}

/** Drops the room from the list and its history; if it is open, goes home and says why (unless this user did it). */
export function forgetRoom(roomId: number, notice: string | null): void {
  removeConversation(roomId);
  forgetTimeline(roomId);
  if (membersStore.get().roomId === roomId) resetMembers();
  if (openConversationId() === roomId) {
    navigate("/", { replace: true });
    if (notice && !exitsByThisUser.has(roomId)) showNotice(notice);
  }
}
