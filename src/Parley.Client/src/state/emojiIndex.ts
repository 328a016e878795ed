// The emoji set as the client uses it: each emoji once, in Unicode's order, with its name, search words and
// shortcodes. Built from emojibase-data by emojiData.ts, which is loaded on demand (its own chunk): this file holds
// only the types and the lookups, so importing it costs the first page load nothing.

export interface Emoji {
  /** The fully-qualified sequence, the form people send and react with. */
  emoji: string;
  /** Unicode's English name ("party popper"). */
  name: string;
  category: EmojiCategoryId;
  /** Without the colons, most familiar first ("tada", "party_popper"). */
  shortcodes: readonly string[];
  /** Extra search words ("celebrate", "hooray"). */
  tags: readonly string[];
}

export type EmojiCategoryId = "people" | "nature" | "food" | "activities" | "travel" | "objects" | "symbols" | "flags";

export interface EmojiCategory {
  id: EmojiCategoryId;
  label: string;
  /** Shown on the category's tab. */
  icon: string;
}

export const EmojiCategories: readonly EmojiCategory[] = [
  { id: "people", label: "Smileys & people", icon: "😀" },
  { id: "nature", label: "Animals & nature", icon: "🐻" },
  { id: "food", label: "Food & drink", icon: "🍔" },
  { id: "activities", label: "Activities", icon: "⚽" },
  { id: "travel", label: "Travel & places", icon: "🚗" },
  { id: "objects", label: "Objects", icon: "💡" },
  { id: "symbols", label: "Symbols", icon: "🔣" },
  { id: "flags", label: "Flags", icon: "🏁" },
];

export interface EmojiIndex {
  all: readonly Emoji[];
  byCategory: ReadonlyMap<EmojiCategoryId, readonly Emoji[]>;
  byShortcode: ReadonlyMap<string, Emoji>;
  byEmoji: ReadonlyMap<string, Emoji>;
}

/** The shape of an entry of emojibase-data's compact.json that is used here. */
export interface CompactEmoji {
  hexcode: string;
  label: string;
  unicode: string;
  group?: number;
  order?: number;
  tags?: readonly string[];
}

/** emojibase-data's group numbers (meta/groups.json); 2 is skin tones and hair parts, not emoji on their own. */
const CategoryOfGroup: Readonly<Record<number, EmojiCategoryId>> = {
  0: "people",
  1: "people",
  3: "nature",
  4: "food",
  5: "travel",
  6: "activities",
  7: "objects",
  8: "symbols",
  9: "flags",
};

/** A shortcode set of emojibase-data: hexcode → one shortcode or several. */
export type ShortcodeSet = Readonly<Record<string, string | readonly string[]>>;

/**
 * Builds the index. Shortcode sets come most familiar first: a shortcode that two emoji claim keeps the first
 * set's meaning. Entries that are no emoji by themselves (regional indicator letters) are left out.
 */
export function buildEmojiIndex(entries: readonly CompactEmoji[], shortcodeSets: readonly ShortcodeSet[]): EmojiIndex {
  const all: Emoji[] = [];
  const byShortcode = new Map<string, Emoji>();
  const byEmoji = new Map<string, Emoji>();
  const sorted = [...entries].sort((a, b) => (a.order ?? Infinity) - (b.order ?? Infinity));
  for (const entry of sorted) {
    const category = entry.group === undefined ? undefined : CategoryOfGroup[entry.group];
    const emoji = fullyQualified(entry.unicode);
    if (!category || emoji === null) continue;
    const shortcodes = [...new Set(shortcodeSets.flatMap((set) => [set[entry.hexcode] ?? []].flat()))];
    const item: Emoji = { emoji, name: entry.label, category, shortcodes, tags: entry.tags ?? [] };
    all.push(item);
    byEmoji.set(emoji, item);
    for (const code of shortcodes) if (!byShortcode.has(code)) byShortcode.set(code, item);
  }
  const byCategory = new Map<EmojiCategoryId, Emoji[]>(EmojiCategories.map((c) => [c.id, []]));
  for (const item of all) byCategory.get(item.category)!.push(item);
  return { all, byCategory, byShortcode, byEmoji };
}

/** The emoji a shortcode names ("tada" or ":tada:", any case), or null. */
export function lookupShortcode(index: EmojiIndex, code: string): Emoji | null {
  return index.byShortcode.get(code.replace(/^:|:$/g, "").toLowerCase()) ?? null;
}

/**
 * Emoji matching what was typed, best first: a shortcode equal to it, then shortcodes starting with it, then names
 * with a word starting with it, then search words starting with it. Every word typed must match.
 */
export function searchIndex(index: EmojiIndex, query: string, limit = Infinity): Emoji[] {
  const words = query.toLowerCase().replace(/:/g, " ").split(/[\s_]+/).filter(Boolean);
  if (words.length === 0) return [];
  const whole = words.join("_");
  const ranked: { item: Emoji; rank: number }[] = [];
  for (const item of index.all) {
    const rank = rankOf(item, whole, words);
    if (rank !== null) ranked.push({ item, rank });
  }
  // Array.prototype.sort is stable: equal ranks keep Unicode's order.
  ranked.sort((a, b) => a.rank - b.rank);
  return ranked.slice(0, limit).map((r) => r.item);
}

function rankOf(item: Emoji, whole: string, words: readonly string[]): number | null {
  if (item.shortcodes.includes(whole)) return 0;
  if (item.shortcodes.some((code) => code.startsWith(whole))) return 1;
  const nameWords = item.name.toLowerCase().split(/[\s:,_-]+/);
  const matchesWord = (word: string) => nameWords.some((w) => w.startsWith(word));
  if (words.every(matchesWord)) return 2;
  const searchWords = [...nameWords, ...item.tags.map((t) => t.toLowerCase()), ...item.shortcodes.flatMap((c) => c.split("_"))];
  if (words.every((word) => searchWords.some((w) => w.startsWith(word)))) return 3;
  return null;
}

/**
 * The start of an emoji as people send it: a character shown as emoji by default, one asking for it with a
 * variation selector, a keycap, or a skin tone on its base. Sequences (ZWJ families, flags) start with one of these.
 * Plain Unicode properties (the "u" flag), not RGI_Emoji (the "v" flag), which browsers Parley supports may lack.
 */
const EmojiStart = /^(?:\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F|[#*0-9]\uFE0F?\u20E3|\p{Emoji_Modifier_Base}\p{Emoji_Modifier})/u;
const LoneRegionalIndicator = /^\p{Regional_Indicator}$/u;

/** An emoji (one grapheme or a sequence the caller vouches is one): not plain text, not half a flag. */
export function looksLikeEmoji(text: string): boolean {
  return EmojiStart.test(text) && !LoneRegionalIndicator.test(text);
}

/**
 * emojibase-data writes some emoji with a variation selector they do not take ("👍️" for 👍): a reaction
 * picked from the picker must equal the same emoji typed on a phone, so the selector after a character that is
 * emoji by default goes (the result is Unicode's fully-qualified form; emoji.test.ts checks it against RGI_Emoji).
 * Null for what is no emoji.
 */
export function fullyQualified(emoji: string): string | null {
  const normalized = emoji.replace(/(\p{Emoji_Presentation})\uFE0F/gu, "$1");
  return looksLikeEmoji(normalized) ? normalized : null;
}
