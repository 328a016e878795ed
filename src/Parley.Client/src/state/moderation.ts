import { createStore } from "./store";
import type { Member, ReportCategory } from "../types";

// What the moderation views decide without the server: when a timeout still holds, how long the choices are.

export const reportCategories: readonly { value: ReportCategory; label: string }[] = [
  { value: "spam", label: "Spam" },
  { value: "harassment", label: "Harassment" },
  { value: "inappropriate", label: "Inappropriate" },
  { value: "other", label: "Something else" },
];

/** The server's cap on a report's words. */
export const maxReportComment = 500;

export const timeoutChoices: readonly { minutes: number; label: string }[] = [
  { minutes: 5, label: "5 minutes" },
  { minutes: 10, label: "10 minutes" },
  { minutes: 60, label: "1 hour" },
  { minutes: 1440, label: "1 day" },
];

/** When the member's timeout ends, while it holds; null when they may write. A timeout ends by itself. */
export function timeoutEnd(member: Pick<Member, "timedOutUntil"> | undefined, now: Date): Date | null {
  if (!member?.timedOutUntil) return null;
  const until = new Date(member.timedOutUntil);
  return until.getTime() > now.getTime() ? until : null;
}

export function untilText(until: Date): string {
  return until.toLocaleString(undefined, { hour: "2-digit", minute: "2-digit", day: "numeric", month: "short" });
}

export function categoryLabel(category: ReportCategory): string {
  return reportCategories.find((c) => c.value === category)?.label ?? category;
}

/** Bumped when this user bans someone, so an open list of bans shows them. */
export const bansVersion = createStore(0);
