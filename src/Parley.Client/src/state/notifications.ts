import { findConversation } from "./conversations";
import { notificationContent, shouldNotify } from "./notify";
import { attentionStore } from "./readTracker";
import { navigate, openConversationId } from "./router";
import { conversationPath } from "./routes";
import { currentUser } from "./session";
import { settingsStore } from "./settings";
import { playChime } from "./sound";
import { createStore } from "./store";
import type { Message } from "../types";

// Telling the user about messages they are not looking at: a browser notification (if they allowed them) and a
// chime (if sounds are on), within the rules of notify.ts.

export type PermissionState = NotificationPermission | "unsupported";

export const permissionStore = createStore<PermissionState>(readPermission());

export async function requestNotificationPermission(): Promise<void> {
  if (typeof Notification === "undefined") return;
  permissionStore.set(await Notification.requestPermission());
}

/** Called for each message that arrives over the live connection, once its conversation is in the list. */
export function notifyAbout(message: Message): void {
  const me = currentUser();
  const conversation = findConversation(message.roomId);
  if (!me || !conversation) return;
  const watching = openConversationId() === conversation.id && attentionStore.get();
  const settings = settingsStore.get();
  if (!shouldNotify(message, { meId: me.id, settings, conversation, watching })) return;

  if (settings?.notificationSounds) playChime();
  // Permission can be changed in the browser's own settings at any time.
  permissionStore.set(readPermission());
  if (permissionStore.get() !== "granted") return;
  const { title, body } = notificationContent(message, conversation);
  // One notification per conversation: a newer message replaces the one before.
  const notification = new Notification(title, { body, tag: `parley-conversation-${conversation.id}` });
  notification.onclick = () => {
    window.focus();
    navigate(conversationPath(conversation));
    notification.close();
  };
}

function readPermission(): PermissionState {
  return typeof Notification === "undefined" ? "unsupported" : Notification.permission;
}
