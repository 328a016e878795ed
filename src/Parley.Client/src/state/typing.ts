import type { UserSummary } from "../types";

/** Someone else's typing shows this long unless they signal again (they do every ~3 s while typing). */
export const TypingDisplayMs = 5000;

/** How often this client tells the room it is typing while the user keeps typing. */
export const TypingSignalIntervalMs = 3000;

/** The server drops typing signals closer together than 2 s; a little margin for clock and network jitter. */
export const ServerTypingIntervalMs = 2000 + 100;

export interface TypingEntry {
  user: UserSummary;
  expiresAt: number;
}

/** Who is typing in one room, in the order they started. */
export type TypingState = readonly TypingEntry[];

export function startTyping(state: TypingState, user: UserSummary, now: number): TypingState {
  const expiresAt = now + TypingDisplayMs;
  const existing = state.findIndex((e) => e.user.id === user.id);
  if (existing === -1) return [...state, { user, expiresAt }];
  return state.map((e, i) => (i === existing ? { user, expiresAt } : e));
}

export function stopTyping(state: TypingState, userId: number): TypingState {
  return state.some((e) => e.user.id === userId) ? state.filter((e) => e.user.id !== userId) : state;
}

export function pruneTyping(state: TypingState, now: number): TypingState {
  return state.some((e) => e.expiresAt <= now) ? state.filter((e) => e.expiresAt > now) : state;
}

export function nextExpiry(state: TypingState): number | null {
  return state.length === 0 ? null : Math.min(...state.map((e) => e.expiresAt));
}

export function typingText(users: readonly UserSummary[]): string | null {
  const [first, second] = users;
  if (!first) return null;
  if (users.length === 1) return `${first.displayName} is typing…`;
  if (users.length === 2) return `${first.displayName} and ${second!.displayName} are typing…`;
  return "Several people are typing…";
}

/**
 * When this client may next tell the room it is typing. Right after sending a message the others have just seen
 * the indicator cleared, so the next signal goes as soon as the server will take it rather than a full interval on.
 */
export function nextTypingSignalAt(lastSignalAt: number | undefined, sentMessageSince: boolean): number {
  if (lastSignalAt === undefined) return 0;
  return lastSignalAt + (sentMessageSince ? ServerTypingIntervalMs : TypingSignalIntervalMs);
}
