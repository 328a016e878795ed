import { formatTime, startOfDay } from "./days";
import type { ConnectionState } from "./hub";

/**
 * What the page can say about someone's presence. Presence arrives as events, so while the connection is down (or
 * not yet known to be dead) the last news may be stale: nobody is claimed online then.
 */
export type PresenceShown = "online" | "offline" | "unknown";

export function shownPresence(online: boolean, connection: ConnectionState): PresenceShown {
  if (connection !== "connected") return "unknown";
  return online ? "online" : "offline";
}

/** The class a presence dot's container takes: green for online, hollow while unknown. */
export const presenceClass: Record<PresenceShown, string> = { online: "member-online", offline: "", unknown: "presence-unknown" };

// "last seen …" for someone offline, in words that stay true for a while: the view re-renders it every minute.

const Minute = 60_000;
const Hour = 60 * Minute;

export function lastSeenText(lastSeenAt: string | null, now: Date, locale?: string): string {
  if (!lastSeenAt) return "offline";
  const seen = new Date(lastSeenAt);
  const ago = now.getTime() - seen.getTime();
  if (ago < Minute) return "last seen just now";
  if (ago < Hour) return `last seen ${Math.floor(ago / Minute)} min ago`;
  if (ago < 12 * Hour) {
    const hours = Math.floor(ago / Hour);
    return `last seen ${hours} ${hours === 1 ? "hour" : "hours"} ago`;
  }
  const days = Math.round((startOfDay(now) - startOfDay(seen)) / 86_400_000);
  if (days === 0) return `last seen today at ${formatTime(seen, locale)}`;
  if (days === 1) return `last seen yesterday at ${formatTime(seen, locale)}`;
  const date = new Intl.DateTimeFormat(locale, {
    day: "numeric",
    month: "short",
    year: seen.getFullYear() === now.getFullYear() ? undefined : "numeric",
  }).format(seen);
  return `last seen ${date}`;
}
