import * as api from "./api";
import { loadBlocked, resetBlocked } from "./blocks";
import { closeConversationSearch, conversationSearchStore } from "./conversationSearch";
import { loadConversations, resetConversations } from "./conversations";
import { registerEventHandlers } from "./dispatcher";
import { resetDrafts } from "./drafts";
import { resetUploads } from "./uploadQueue";
import { setSignedOutHandler } from "./http";
import { connectHub, disconnectHub } from "./hub";
import { loadMembers, resetMembers } from "./members";
import { forgetStaleTimelines, markTimelinesStale, refreshTimeline, resetTimelines, spotlightStore } from "./messages";
import { flushOutbox } from "./outbox";
import { closePins, openPins, pinsStore } from "./pins";
import { ApiError } from "./problem";
import { refreshMe } from "./profile";
import { startReadTracking } from "./readTracker";
import { openConversationId, routeStore } from "./router";
import { resetReplies } from "./replies";
import { closeSearch } from "./search";
import { sessionEnded, sessionStore, signOut as endSession } from "./session";
import { loadSettings, resetSettings, settingsStore } from "./settings";
import { unlockSoundOnFirstGesture } from "./sound";
import { resetTyping } from "./typingStore";
import { resetUsers } from "./users";

// What being signed in means: the conversation list, preferences, the live connection, reading and catching up
// whenever it reconnects.

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

let stopWhileSignedIn: (() => void)[] = [];

function begin(): void {
  void loadConversations();
  void loadSettings();
  void loadBlocked();
  stopWhileSignedIn = [startReadTracking(), unlockSoundOnFirstGesture(), reloadWhenReceiptsTurnOn(), forgetFindingOnLeaving()];
  connectHub({
    register: (connection) => {
      registerEventHandlers(connection);
      // The server's nodes lost touch with each other for a while (docs/events.md, resync): this connection stayed
      // open but may have missed events, so it catches up exactly as after a reconnect.
      connection.on("resync", () => {
        markTimelinesStale();
        void resync();
      });
    },
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
  for (const stop of stopWhileSignedIn) stop();
  stopWhileSignedIn = [];
  await disconnectHub();
  resetConversations();
  resetTimelines();
  resetMembers();
  resetTyping();
  resetUsers();
  resetDrafts();
  resetUploads();
  resetReplies();
  closePins();
  resetSettings();
  resetBlocked();
  closeSearch();
  closeConversationSearch();
}

/** Snapshot plus catch-up: events flow again, so re-read what they would have changed while they did not. */
async function resync(): Promise<void> {
  const conversationId = openConversationId();
  forgetStaleTimelines(conversationId);
  // Profile changes missed meanwhile arrive with what is read again now; what is remembered may be older than that.
  resetUsers();
  const refreshes = [loadConversations(), loadSettings(), refreshMe()];
  if (conversationId !== null) refreshes.push(refreshTimeline(conversationId), loadMembers(conversationId));
  // An open pinned panel missed the pins changed meanwhile.
  const pins = pinsStore.get();
  if (pins) refreshes.push(openPins(pins.conversationId));
  await Promise.all(refreshes);
  flushOutbox();
}

/** Others' read positions are only sent to people who share their own: turning receipts on needs them fetched. */
function reloadWhenReceiptsTurnOn(): () => void {
  let shown = settingsStore.get()?.sendReadReceipts;
  return settingsStore.subscribe(() => {
    const now = settingsStore.get()?.sendReadReceipts;
    if (shown === false && now === true) void loadConversations();
    shown = now;
  });
}

/** Back in a conversation later, it shows its present: no message jumped to, no find still open. */
function forgetFindingOnLeaving(): () => void {
  return routeStore.subscribe(() => {
    const open = openConversationId();
    if (spotlightStore.get() && spotlightStore.get()?.conversationId !== open) spotlightStore.set(null);
    if (conversationSearchStore.get() && conversationSearchStore.get()?.conversationId !== open) closeConversationSearch();
  });
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
