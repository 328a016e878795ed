import type { Attachment, Conversation, FileKind, Message, UserSummary } from "../types";

// Building blocks for the unit tests: wire-shaped objects with sensible defaults, overridden where a test cares.

export const alice: UserSummary = { id: 1, username: "alice", displayName: "Alice", avatarUrl: null };
export const bob: UserSummary = { id: 2, username: "bob", displayName: "Bob", avatarUrl: null };
export const carol: UserSummary = { id: 3, username: "carol", displayName: "Carol", avatarUrl: null };

export function message(id: number, overrides: Partial<Message> = {}): Message {
  return {
    id,
    roomId: 7,
    seq: 0,
    author: bob,
    text: `message ${id}`,
    createdAt: "2026-11-22T10:00:00Z",
    kind: "text",
    clientMessageId: null,
    mentions: [],
    mentionsRoom: false,
    editedAt: null,
    deleted: false,
    replyTo: null,
    reactions: [],
    pinned: null,
    changeSeq: 0,
    attachments: [],
    ...overrides,
  };
}

export function room(id: number, overrides: Partial<Extract<Conversation, { kind: "room" }>> = {}): Conversation {
  return {
    id,
    kind: "room",
    name: `room ${id}`,
    topic: null,
    visibility: "public",
    role: "member",
    memberCount: 3,
    participants: [],
    lastMessage: null,
    unreadCount: 0,
    mentionCount: 0,
    lastReadMessageId: 0,
    muted: false,
    createdAt: "2026-11-01T00:00:00Z",
    readPositions: [],
    pinnedAt: null,
    hiddenUpToMessageId: null,
    ...overrides,
  };
}

export function direct(id: number, others: UserSummary[], overrides: Partial<Extract<Conversation, { kind: "direct" }>> = {}): Conversation {
  return {
    id,
    kind: "direct",
    name: others.map((o) => o.displayName).join(", "),
    topic: null,
    visibility: null,
    role: "member",
    memberCount: others.length + 1,
    participants: others.map((user) => ({ user, online: false, lastSeenAt: null })),
    lastMessage: null,
    unreadCount: 0,
    mentionCount: 0,
    lastReadMessageId: 0,
    muted: false,
    createdAt: "2026-11-01T00:00:00Z",
    readPositions: [],
    pinnedAt: null,
    hiddenUpToMessageId: null,
    ...overrides,
  };
}

/** A sent file as the server describes it; a document unless said otherwise. */
export const attachment = (name: string, kind: FileKind = "document"): Attachment => ({
  id: name,
  kind,
  name,
  contentType: "application/pdf",
  size: 1,
  url: `/api/files/${name}`,
  thumbnailUrl: null,
  width: null,
  height: null,
  durationMs: null,
  waveform: null,
  provider: null,
});
