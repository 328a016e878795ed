import type { Message, ReadPosition, UserSummary } from "../types";

// Read receipts in direct conversations: "Seen" under the newest of the user's own messages that the others have
// read that far.

export interface SeenReceipt {
  messageId: number;
  /** Who has read at least up to that message. */
  readers: UserSummary[];
}

export function seenReceipt(
  messages: readonly Message[],
  meId: number,
  positions: readonly ReadPosition[],
  people: readonly UserSummary[],
): SeenReceipt | null {
  const others = positions.filter((p) => p.userId !== meId);
  if (others.length === 0) return null;
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]!;
    if (message.author.id !== meId || message.kind !== "text") continue;
    const readers = others
      .filter((p) => p.lastReadMessageId >= message.id)
      .map((p) => people.find((person) => person.id === p.userId))
      .filter((person): person is UserSummary => person !== undefined);
    if (readers.length > 0) return { messageId: message.id, readers };
  }
  return null;
}

/** "Seen" between two people; in a group, who: "Seen by Bob", "Seen by Bob and Carol", "Seen by Bob, Carol and Dan". */
export function seenLabel(receipt: SeenReceipt, oneToOne: boolean): string {
  if (oneToOne) return "Seen";
  const names = receipt.readers.map((r) => r.displayName);
  if (names.length === 1) return `Seen by ${names[0]}`;
  return `Seen by ${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}
