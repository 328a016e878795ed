import { createStore } from "./store";

// Light, dark, or whatever the system prefers; the choice is remembered on this device.

export type ThemePreference = "system" | "light" | "dark";

const StorageKey = "parley.theme";

export const themeStore = createStore<ThemePreference>(readPreference());

export function setTheme(preference: ThemePreference): void {
  try {
    localStorage.setItem(StorageKey, preference);
  } catch {
    // Storage can be unavailable (private mode, quota); the choice then lasts for this page only.
  }
  themeStore.set(preference);
  applyTheme(preference);
}

/** The stylesheet follows prefers-color-scheme unless data-theme pins a theme. */
export function applyTheme(preference: ThemePreference = themeStore.get()): void {
  if (preference === "system") document.documentElement.removeAttribute("data-theme");
  else document.documentElement.setAttribute("data-theme", preference);
}

function readPreference(): ThemePreference {
  try {
    const stored = localStorage.getItem(StorageKey);
    return stored === "light" || stored === "dark" ? stored : "system";
  } catch {
    return "system";
  }
}
