// Unsent text per room, so switching rooms and back keeps what was being written. Cleared on sign-out.

const drafts = new Map<number, string>();

export const getDraft = (roomId: number): string => drafts.get(roomId) ?? "";

export function setDraft(roomId: number, text: string): void {
  if (text) drafts.set(roomId, text);
  else drafts.delete(roomId);
}

export function resetDrafts(): void {
  drafts.clear();
}
