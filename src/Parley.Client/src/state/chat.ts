import * as api from "./api";
import { registerEventHandlers } from "./dispatcher";
import { resetDrafts } from "./drafts";
import { setSignedOutHandler } from "./http";
import { connectHub, disconnectHub } from "./hub";
import { loadMembers, resetMembers } from "./members";
import { forgetStaleTimelines, markTimelinesStale, openTimeline, resetTimelines } from "./messages";
import { flushOutbox } from "./outbox";
import { ApiError } from "./problem";
import { loadRooms, resetRooms } from "./rooms";
import { openRoomId } from "./router";
import { sessionEnded, sessionStore, signOut as endSession } from "./session";
import { resetTyping } from "./typingStore";

// What being signed in means: the room list, the live connection, and catching up whenever it reconnects.

export function initChat(): void {
  setSignedOutHandler(sessionEnded);
  let active = false;
  sessionStore.subscribe(() => {
    const signedIn = sessionStore.get().status === "signedIn";
    if (signedIn && !active) {
      active = true;
      begin();
    } else if (!signedIn && active) {
      active = false;
      void end();
    }
  });
}

function begin(): void {
  void loadRooms();
  connectHub({
    register: registerEventHandlers,
    connected: () => void resync(),
    disconnected: markTimelinesStale,
    attemptFailed: () => void checkSession(),
  });
}

/** Closes the connection first, so the server ending it is not taken for the session expiring. */
export async function signOut(): Promise<void> {
  await disconnectHub();
  await endSession();
}

async function end(): Promise<void> {
  await disconnectHub();
  resetRooms();
  resetTimelines();
  resetMembers();
  resetTyping();
  resetDrafts();
}

/** Snapshot plus catch-up: events flow again, so re-read what they would have changed while they did not. */
async function resync(): Promise<void> {
  const roomId = openRoomId();
  forgetStaleTimelines(roomId);
  const refreshes = [loadRooms()];
  if (roomId !== null) refreshes.push(openTimeline(roomId), loadMembers(roomId));
  await Promise.all(refreshes);
  flushOutbox();
}

let checkingSession = false;

async function checkSession(): Promise<void> {
  if (checkingSession) return;
  checkingSession = true;
  try {
    await api.getMe();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) sessionEnded();
  } finally {
    checkingSession = false;
  }
}
