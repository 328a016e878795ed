import { forgetTimeline } from "./messages";
import { membersStore, resetMembers } from "./members";
import { showNotice } from "./notices";
import { changeRooms, withoutRoom } from "./rooms";
import { navigate, openRoomId } from "./router";

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
  changeRooms((rooms) => withoutRoom(rooms, roomId));
  forgetTimeline(roomId);
  if (membersStore.get().roomId === roomId) resetMembers();
  if (openRoomId() === roomId) {
    navigate("/", { replace: true });
    if (notice && !exitsByThisUser.has(roomId)) showNotice(notice);
  }
}
