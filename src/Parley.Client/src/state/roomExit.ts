import { findConversation, removeConversation } from "./conversations";
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

/** Why a room went away, as the notice says it. */
export type RoomExit = "removed" | "banned" | "left" | "deleted";

/** The notice names the room: by the time it shows, the room is gone from the screen it was about. */
export function exitNotice(exit: RoomExit, roomName: string | null): string {
  const room = roomName === null ? null : `#${roomName}`;
  switch (exit) {
    case "removed":
      return room ? `You were removed from ${room}.` : "You were removed from a room.";
    case "banned":
      return room ? `You were banned from ${room}.` : "You were banned from a room.";
    case "left":
      return room ? `You left ${room}.` : "You left a room.";
    case "deleted":
      return room ? `${room} was deleted.` : "A room you were in was deleted.";
  }
}

/** Drops the room from the list and its history; if it is open, goes home and says why (unless this user did it). */
export function forgetRoom(roomId: number, exit: RoomExit | null): void {
  const notice = exit && exitNotice(exit, findConversation(roomId)?.name ?? null);
  removeConversation(roomId);
  forgetTimeline(roomId);
  if (membersStore.get().roomId === roomId) resetMembers();
  if (openConversationId() === roomId) {
    navigate("/", { replace: true });
    if (notice && !exitsByThisUser.has(roomId)) showNotice(notice);
  }
}
