// Grouping a conversation for display: a divider at each new local day, and consecutive messages by the same
// person folded under one name.

/** Messages by one person this close together read as one burst: the name shows once. */
const BurstMs = 5 * 60 * 1000;

export interface Postable {
  createdAt: string;
  author: { id: number };
  /** Absent for this client's unconfirmed sends, which are always text. */
  kind?: "text" | "system";
}

export type Entry<T> =
  | { type: "day"; key: string; label: string }
  | { type: "unread" }
  | { type: "item"; item: T; continuesBurst: boolean };

/** Day dividers, and the "New messages" divider before the item `isFirstUnread` picks (if any). */
export function withDayDividers<T extends Postable>(
  items: readonly T[],
  now: Date,
  locale?: string,
  isFirstUnread: (item: T) => boolean = () => false,
): Entry<T>[] {
  const entries: Entry<T>[] = [];
  let previous: T | undefined;
  let previousDay = "";
  for (const item of items) {
    const date = new Date(item.createdAt);
    const day = dayKey(date);
    if (day !== previousDay) {
      entries.push({ type: "day", key: day, label: dayLabel(date, now, locale) });
      previousDay = day;
      previous = undefined;
    }
    if (isFirstUnread(item)) {
      entries.push({ type: "unread" });
      previous = undefined;
    }
    entries.push({ type: "item", item, continuesBurst: previous !== undefined && continuesBurst(previous, item) });
    previous = item;
  }
  return entries;
}

export function dayLabel(date: Date, now: Date, locale?: string): string {
  const days = Math.round((startOfDay(now) - startOfDay(date)) / 86_400_000);
  if (days === 0) return "Today";
  if (days === 1) return "Yesterday";
  return new Intl.DateTimeFormat(locale, {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: date.getFullYear() === now.getFullYear() ? undefined : "numeric",
  }).format(date);
}

/** Local wall-clock time, 24-hour ("14:05"). */
export function formatTime(date: Date, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(date);
}

function continuesBurst(previous: Postable, item: Postable): boolean {
  return (
    previous.kind !== "system" &&
    item.kind !== "system" &&
    previous.author.id === item.author.id &&
    Date.parse(item.createdAt) - Date.parse(previous.createdAt) < BurstMs
  );
}

function dayKey(date: Date): string {
  return `${date.getFullYear()}-${date.getMonth() + 1}-${date.getDate()}`;
}

export function startOfDay(date: Date): number {
  // Rounding in dayLabel absorbs the hour a daylight-saving change adds or removes.
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

/** When something last happened, as short as a list allows: "14:05", "Yesterday", "3 Nov". */
export function shortWhen(date: Date, now: Date, locale?: string): string {
  const label = dayLabel(date, now, locale);
  if (label === "Today") return formatTime(date, locale);
  if (label === "Yesterday") return label;
  return new Intl.DateTimeFormat(locale, {
    day: "numeric",
    month: "short",
    year: date.getFullYear() === now.getFullYear() ? undefined : "numeric",
  }).format(date);
}
