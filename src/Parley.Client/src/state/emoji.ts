import { fullyQualified, looksLikeEmoji, lookupShortcode, searchIndex, type Emoji, type EmojiIndex } from "./emojiIndex";
import { currentUser } from "./session";

// Emoji for the composer and for reactions: the ones this user picks most (remembered on this device, per
// account), search, and :shortcodes:. The emoji set is loaded on first use, as its own chunk.

export type { Emoji, EmojiIndex } from "./emojiIndex";

let loading: Promise<EmojiIndex> | null = null;
let loaded: EmojiIndex | null = null;

/** Loads the emoji set once; later calls get the same promise. */
export function loadEmoji(): Promise<EmojiIndex> {
  loading ??= import("./emojiData").then(
    (module) => (loaded = module.emojiIndex),
    (error: unknown) => {
      // A failed chunk load (a deploy replaced it, the network dropped) may succeed on the next try.
      loading = null;
      throw error;
    },
  );
  return loading;
}

/** The emoji set if it has been loaded already, for code that cannot wait (a key press). */
export const loadedEmoji = (): EmojiIndex | null => loaded;

export async function searchEmoji(query: string, limit?: number): Promise<Emoji[]> {
  return searchIndex(await loadEmoji(), query, limit);
}

/** The emoji a shortcode names ("tada" or ":tada:"), or null when there is none. */
export async function emojiForShortcode(code: string): Promise<string | null> {
  return lookupShortcode(await loadEmoji(), code)?.emoji ?? null;
}

// ---- Most used -------------------------------------------------------------------------------------------------

export const DefaultFrequentEmoji: readonly string[] = ["👍", "❤️", "😂", "🎉", "😮", "😢"];
const FrequentCount = 6;
/** How many different emoji are remembered; the least used beyond that are forgotten. */
const Remembered = 48;

interface Usage {
  count: number;
  /** When last used (ms since the epoch): breaks ties, so a new favourite rises before an old one. */
  last: number;
}

/** The six emoji this user picks most, most used first; the defaults fill the places not yet earned. */
export function frequentEmoji(): string[] {
  const used = Object.entries(readUsage())
    .sort(([, a], [, b]) => b.count - a.count || b.last - a.last)
    .map(([emoji]) => emoji);
  const frequent = [...used.slice(0, FrequentCount)];
  for (const emoji of DefaultFrequentEmoji) {
    if (frequent.length >= FrequentCount) break;
    if (!frequent.includes(emoji)) frequent.push(emoji);
  }
  return frequent;
}

/** Counts a pick (sent in a message, or a reaction). */
export function noteEmojiUsed(emoji: string, now: number = Date.now()): void {
  const normalized = fullyQualified(emoji);
  if (normalized === null) return;
  const usage = readUsage();
  const before = usage[normalized];
  usage[normalized] = { count: (before?.count ?? 0) + 1, last: now };
  const kept = Object.entries(usage)
    .sort(([, a], [, b]) => b.count - a.count || b.last - a.last)
    .slice(0, Remembered);
  writeUsage(Object.fromEntries(kept));
}

const storageKey = () => `parley.emoji.${currentUser()?.id ?? "anonymous"}`;

function readUsage(): Record<string, Usage> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(storageKey()) ?? "{}");
    if (typeof parsed !== "object" || parsed === null) return {};
    const usage: Record<string, Usage> = {};
    for (const [emoji, value] of Object.entries(parsed)) {
      const { count, last } = (value ?? {}) as Partial<Usage>;
      if (typeof count === "number" && typeof last === "number") usage[emoji] = { count, last };
    }
    return usage;
  } catch {
    // Unavailable storage or a damaged entry: start over from the defaults.
    return {};
  }
}

function writeUsage(usage: Record<string, Usage>): void {
  try {
    localStorage.setItem(storageKey(), JSON.stringify(usage));
  } catch {
    // Storage can be unavailable (private mode, quota); the picks then count for this page only.
  }
}

// ---- In messages -----------------------------------------------------------------------------------------------

// Intl.Segmenter is missing from some browsers Parley supports (Firefox before 125): there, no message is jumbo.
const graphemes = typeof Intl.Segmenter === "function" ? new Intl.Segmenter(undefined, { granularity: "grapheme" }) : null;
const MaxJumboEmoji = 3;

/** A message of one to three emoji and nothing else (spaces aside), which is shown larger. */
export function isEmojiOnly(text: string): boolean {
  if (!graphemes) return false;
  let count = 0;
  for (const { segment } of graphemes.segment(text)) {
    if (/^\s+$/.test(segment)) continue;
    if (!looksLikeEmoji(segment)) return false;
    if (++count > MaxJumboEmoji) return false;
  }
  return count > 0;
}

// ---- :shortcodes: in the composer ------------------------------------------------------------------------------

/** Two characters at least, so a smiley ":)" or a time "10:30" does not open suggestions. */
const ShortcodeQuery = /(?:^|[\s([{])(:([a-z0-9_+-]{2,}))$/i;
const CompletedShortcode = /(?:^|[\s([{]):([a-z0-9_+-]+):$/i;

export interface ShortcodeQuery {
  /** Where the ':' is. */
  start: number;
  /** What follows it up to the caret. */
  query: string;
}

/** The :shortcode being typed at the caret, if any. */
export function shortcodeQueryAt(text: string, caret: number): ShortcodeQuery | null {
  const match = ShortcodeQuery.exec(text.slice(0, caret));
  if (!match) return null;
  return { start: caret - match[1]!.length, query: match[2]! };
}

/**
 * A ":shortcode:" just finished at the caret (its closing colon typed) that names an emoji: it becomes the emoji,
 * as in the apps people know. Null when there is none or the set is not loaded yet.
 */
export function completeShortcode(index: EmojiIndex | null, text: string, caret: number): { text: string; caret: number; emoji: string } | null {
  if (!index) return null;
  const match = CompletedShortcode.exec(text.slice(0, caret));
  const found = match ? lookupShortcode(index, match[1]!) : null;
  if (!match || !found) return null;
  const start = caret - match[1]!.length - 2;
  return { text: text.slice(0, start) + found.emoji + text.slice(caret), caret: start + found.emoji.length, emoji: found.emoji };
}

/** Replaces the ":query" being typed with the emoji and a space, and says where the caret goes. */
export function insertShortcode(text: string, query: ShortcodeQuery, caret: number, emoji: string): { text: string; caret: number } {
  const inserted = `${emoji} `;
  const after = text.slice(caret).replace(/^ /, "");
  return { text: text.slice(0, query.start) + inserted + after, caret: query.start + inserted.length };
}

/** Puts an emoji in place of the selection (or at the caret). */
export function insertAtSelection(text: string, start: number, end: number, emoji: string): { text: string; caret: number } {
  return { text: text.slice(0, start) + emoji + text.slice(end), caret: start + emoji.length };
}
