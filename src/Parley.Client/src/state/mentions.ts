import type { UserSummary } from "../types";

// @mentions: finding the one being typed, offering who it could be, putting the choice into the text, and
// picking them out of a message to show them. The rules mirror the server's (Messages/Mentions.cs).

/** Characters a username is made of. */
const NameCharacter = /[A-Za-z0-9_.-]/;
/** '@' counts at the start or after something that is not part of a word or an address (mail@example.com is no mention). */
const MentionPattern = /(?<![\p{L}\p{N}_@.])@([A-Za-z0-9_.-]{1,32})/gu;
export const RoomMention = "room";
const MinUsernameLength = 3;

export interface MentionQuery {
  /** Where the '@' is. */
  start: number;
  /** What follows it up to the caret. */
  query: string;
}

/** The mention being typed at the caret, if the caret is just after "@" and name characters. */
export function mentionQueryAt(text: string, caret: number): MentionQuery | null {
  let start = caret;
  while (start > 0 && NameCharacter.test(text[start - 1]!)) start--;
  const at = start - 1;
  if (at < 0 || text[at] !== "@") return null;
  const before = text.slice(0, at);
  if (before && /[\p{L}\p{N}_@.]$/u.test(before)) return null;
  return { start: at, query: text.slice(start, caret) };
}

export interface MentionCandidate {
  username: string;
  /** Null for @room. */
  user: UserSummary | null;
}

export interface CandidateOptions {
  meId: number;
  /** Owners and admins of a room may name everyone in it. */
  offerRoom: boolean;
  limit?: number;
}

/** Who the typed letters could mean: usernames starting with them first, then display names containing them. */
export function mentionCandidates(people: readonly UserSummary[], query: string, { meId, offerRoom, limit = 8 }: CandidateOptions): MentionCandidate[] {
  const needle = query.toLowerCase();
  const others = people.filter((p) => p.id !== meId);
  const byUsername = others.filter((p) => p.username.toLowerCase().startsWith(needle));
  const byName = others.filter((p) => !byUsername.includes(p) && p.displayName.toLowerCase().includes(needle));
  const sorted = [...byUsername.sort(byUsernameOrder), ...byName.sort(byUsernameOrder)];
  const candidates: MentionCandidate[] = sorted.map((user) => ({ username: user.username, user }));
  if (offerRoom && RoomMention.startsWith(needle)) candidates.unshift({ username: RoomMention, user: null });
  return candidates.slice(0, limit);
}

/** Replaces the "@query" being typed with "@username " and says where the caret goes. */
export function insertMention(text: string, mention: MentionQuery, caret: number, username: string): { text: string; caret: number } {
  const inserted = `@${username} `;
  const after = text.slice(caret).replace(/^ /, "");
  return { text: text.slice(0, mention.start) + inserted + after, caret: mention.start + inserted.length };
}

export interface MentionPart {
  text: string;
  /** The username named (lower case), or null for plain text. */
  mention: string | null;
}

/** Splits a message into plain text and @mentions; a sentence may end right after a name ("ask @bob."). */
export function mentionParts(text: string): MentionPart[] {
  const parts: MentionPart[] = [];
  let position = 0;
  for (const match of text.matchAll(MentionPattern)) {
    const name = match[1]!.replace(/[.-]+$/, "");
    if (name.toLowerCase() !== RoomMention && name.length < MinUsernameLength) continue;
    const start = match.index;
    if (start > position) parts.push({ text: text.slice(position, start), mention: null });
    parts.push({ text: `@${name}`, mention: name.toLowerCase() });
    position = start + 1 + name.length;
  }
  if (position < text.length) parts.push({ text: text.slice(position), mention: null });
  return parts;
}

function byUsernameOrder(a: UserSummary, b: UserSummary): number {
  return a.username.localeCompare(b.username, undefined, { sensitivity: "base" });
}
