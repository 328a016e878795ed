import { plainText } from "./markdown";

// Marking what a search matched, as plain text segments for the view to wrap in <mark>: never HTML, so a message
// can never inject markup through its own text or through the search.

export interface Segment {
  text: string;
  match: boolean;
}

const MatchStart = "\uE000";
const MatchEnd = "\uE001";

/** The server's snippet marks each matched stretch between U+E000 and U+E001. */
export function splitSnippet(snippet: string): Segment[] {
  const segments: Segment[] = [];
  let match = false;
  let text = "";
  for (const character of snippet) {
    if (character === MatchStart || character === MatchEnd) {
      push(segments, text, match);
      text = "";
      match = character === MatchStart;
    } else {
      text += character;
    }
  }
  push(segments, text, match);
  return segments;
}

/** A snippet as the message reads, without its Markdown ("**build**" reads "build"), its matches still marked. */
export function readableSnippet(snippet: string): Segment[] {
  return splitSnippet(plainText(snippet));
}

/** A searched word or phrase; `prefix` when it was searched as the start of longer words ("deploy*"). */
export interface HighlightTerm {
  text: string;
  prefix: boolean;
}

/** The server's highlights for a query, each knowing whether the query asked for it as a prefix (word*). */
export function highlightTermsFor(query: string, highlights: readonly string[]): HighlightTerm[] {
  const prefixes = new Set(
    query
      .split(/\s+/)
      .filter((word) => word.length > 1 && word.endsWith("*"))
      .map((word) => fold(word.replace(/\*+$/, "")).folded),
  );
  return highlights.map((text) => ({ text, prefix: prefixes.has(fold(text).folded) }));
}

/**
 * Marks where the searched words and phrases occur, as the server matches them: whole words, ignoring case and
 * accents, or the start of longer words for a prefix term. Overlapping matches merge into one.
 */
export function highlightTerms(text: string, terms: readonly HighlightTerm[]): Segment[] {
  const { folded, origin } = fold(text);
  const ranges: [number, number][] = [];
  for (const term of terms) {
    const needle = fold(term.text.trim()).folded;
    if (!needle) continue;
    for (let at = folded.indexOf(needle); at !== -1; at = folded.indexOf(needle, at + 1)) {
      const after = at + needle.length;
      const startsWord = at === 0 || !isWordCharacter(folded[at - 1]!);
      const endsWord = term.prefix || after === folded.length || !isWordCharacter(folded[after]!);
      if (startsWord && endsWord) ranges.push([origin[at]!, origin[after]!]);
    }
  }
  if (ranges.length === 0) return text ? [{ text, match: false }] : [];

  ranges.sort((a, b) => a[0] - b[0]);
  const segments: Segment[] = [];
  let position = 0;
  for (const [start, end] of ranges) {
    if (end <= position) continue;
    const from = Math.max(start, position);
    push(segments, text.slice(position, from), false);
    push(segments, text.slice(from, end), true);
    position = end;
  }
  push(segments, text.slice(position), false);
  return segments;
}

/**
 * Lower case without accents, as the search index compares, with where each folded character came from in the
 * original text (one entry more, for the end), so a match found in the folded text marks the original.
 */
function fold(text: string): { folded: string; origin: number[] } {
  let folded = "";
  const origin: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const plain = text[i]!.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
    for (const character of plain) {
      folded += character;
      origin.push(i);
    }
  }
  origin.push(text.length);
  return { folded, origin };
}

const isWordCharacter = (character: string) => /[\p{L}\p{N}_]/u.test(character);

/** Adds a segment, joining it to the previous one when both are (or are not) matches. */
function push(segments: Segment[], text: string, match: boolean): void {
  if (!text) return;
  const last = segments.at(-1);
  if (last && last.match === match) last.text += text;
  else segments.push({ text, match });
}
