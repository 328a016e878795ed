import * as api from "./api";
import { createStore } from "./store";
import type { UserSettings } from "../types";

// The signed-in user's preferences, kept on the server so every device follows them (settingsChanged).

/** Null until loaded; until then nothing is suppressed and no receipts are shown. */
export const settingsStore = createStore<UserSettings | null>(null);

export async function loadSettings(): Promise<void> {
  try {
    settingsStore.set(await api.getSettings());
  } catch {
    // Without them the defaults apply (notify, no receipts); the next sign-in or reconnect tries again.
  }
}

/** Shows the change at once and puts it back if the server refuses. */
export async function changeSettings(changes: Partial<UserSettings>): Promise<void> {
  const before = settingsStore.get();
  if (before) settingsStore.set({ ...before, ...changes });
  try {
    settingsStore.set(await api.updateSettings(changes));
  } catch (error) {
    settingsStore.set(before);
    throw error;
  }
}

/** Read receipts are mutual: someone who keeps their own reading private sees no one else's either. */
export function receiptsShown(settings: UserSettings | null = settingsStore.get()): boolean {
  return settings?.sendReadReceipts === true;
}

export function resetSettings(): void {
  settingsStore.set(null);
}
