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

/**
 * Marks where the searched words and phrases occur, as the server matches them: ignoring case, each starting a
 * word ("deploy" also marks the start of "deployment"). Overlapping matches merge into one.
 */
export function highlightTerms(text: string, terms: readonly string[]): Segment[] {
  const ranges: [number, number][] = [];
  const lower = text.toLowerCase();
  for (const term of terms.map((t) => t.trim().toLowerCase()).filter(Boolean)) {
    for (let at = lower.indexOf(term); at !== -1; at = lower.indexOf(term, at + 1)) {
      if (at === 0 || !isWordCharacter(lower[at - 1]!)) ranges.push([at, at + term.length]);
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

const isWordCharacter = (character: string) => /[\p{L}\p{N}_]/u.test(character);

/** Adds a segment, joining it to the previous one when both are (or are not) matches. */
function push(segments: Segment[], text: string, match: boolean): void {
  if (!text) return;
  const last = segments.at(-1);
  if (last && last.match === match) last.text += text;
  else segments.push({ text, match });
}
