import { describe, expect, it } from "vitest";
import { alice, bob, carol, direct, message, room } from "../test/fixtures";
import {
  sortByActivity,
  withMemberCount,
  withMessage,
  withParticipantPresence,
  withReadReceipt,
  withReadUpTo,
  withRoomUpdate,
  withState,
} from "./conversationList";
import type { Conversation } from "../types";

const me = alice;
const arriving = { meId: me.id, seen: false };
const at = (day: number) => `2026-11-${day}T10:00:00Z`;
const ids = (list: readonly { id: number }[]) => list.map((c) => c.id);

describe("ordering", () => {
  it("puts the most recent activity first, rooms and direct conversations alike, using creation time when there are no messages", () => {
    const list = sortByActivity([
      room(1, { lastMessage: message(10, { roomId: 1, createdAt: at(20) }) }),
      direct(2, [bob], { createdAt: at(21) }),
      room(3, { lastMessage: message(30, { roomId: 3, createdAt: at(22) }) }),
    ]);
    expect(ids(list)).toEqual([3, 2, 1]);
  });

  it("moves a conversation to the top with the new message as its preview", () => {
    const list = sortByActivity([room(1, { lastMessage: message(10, { roomId: 1, createdAt: at(20) }) }), direct(2, [bob], { createdAt: at(21) })]);
    const updated = withMessage(list, message(50, { roomId: 1, createdAt: at(22) }), arriving);
    expect(ids(updated)).toEqual([1, 2]);
    expect(updated[0]!.lastMessage?.id).toBe(50);
  });

  it("ignores an older or repeated message, and messages of conversations not in the list", () => {
    const list = [room(1, { lastMessage: message(10, { roomId: 1 }) })];
    expect(withMessage(list, message(9, { roomId: 1 }), arriving)).toBe(list);
    expect(withMessage(list, message(10, { roomId: 1 }), arriving)).toBe(list);
    expect(withMessage(list, message(90, { roomId: 9 }), arriving)).toBe(list);
  });
});

describe("unread counting", () => {
  const list = [room(1, { lastReadMessageId: 10, unreadCount: 2, mentionCount: 0 })];
  const counts = (l: readonly Conversation[]) => [l[0]!.unreadCount, l[0]!.mentionCount];

  it("counts a message by someone else", () => {
    expect(counts(withMessage(list, message(11, { roomId: 1, author: bob }), arriving))).toEqual([3, 0]);
  });

  it("does not count the user's own messages, system notices, or what they are looking at", () => {
    expect(counts(withMessage(list, message(11, { roomId: 1, author: me }), arriving))).toEqual([2, 0]);
    expect(counts(withMessage(list, message(11, { roomId: 1, kind: "system" }), arriving))).toEqual([2, 0]);
    expect(counts(withMessage(list, message(11, { roomId: 1 }), { meId: me.id, seen: true }))).toEqual([2, 0]);
  });

  it("does not count a message at or before the read position (read on another device first)", () => {
    const ahead = [room(1, { lastReadMessageId: 12, lastMessage: message(10, { roomId: 1 }) })];
    expect(withMessage(ahead, message(11, { roomId: 1 }), arriving)[0]!.unreadCount).toBe(0);
  });

  it("counts a mention when the message names the user or the whole room", () => {
    expect(counts(withMessage(list, message(11, { roomId: 1, mentions: [me.id] }), arriving))).toEqual([3, 1]);
    expect(counts(withMessage(list, message(11, { roomId: 1, mentionsRoom: true }), arriving))).toEqual([3, 1]);
    expect(counts(withMessage(list, message(11, { roomId: 1, mentions: [carol.id] }), arriving))).toEqual([3, 0]);
  });

  it("does not count a user's own @room as a mention of themselves", () => {
    expect(counts(withMessage(list, message(11, { roomId: 1, author: me, mentionsRoom: true }), arriving))).toEqual([2, 0]);
  });
});

describe("read state", () => {
  it("clears the counts at once when read up to the newest message", () => {
    const list = [room(1, { lastReadMessageId: 10, unreadCount: 3, mentionCount: 1, lastMessage: message(13, { roomId: 1 }) })];
    expect(withReadUpTo(list, 1, 13)[0]).toMatchObject({ lastReadMessageId: 13, unreadCount: 0, mentionCount: 0, pinnedAt: null, hiddenUpToMessageId: null });
  });

  it("leaves read position and counts for the server to settle when read only part of the way", () => {
    const list = [room(1, { lastReadMessageId: 10, unreadCount: 3, lastMessage: message(13, { roomId: 1 }) })];
    expect(withReadUpTo(list, 1, 12)).toBe(list);
    expect(withReadUpTo(list, 1, 9)).toBe(list);
  });

  it("reads no further than the preview, even for a message shown before the list heard of it", () => {
    const list = [room(1, { lastReadMessageId: 10, unreadCount: 1, lastMessage: message(13, { roomId: 1 }) })];
    expect(withReadUpTo(list, 1, 14)[0]).toMatchObject({ lastReadMessageId: 13, unreadCount: 0 });
    const empty = [room(2, { lastReadMessageId: 0 })];
    expect(withReadUpTo(empty, 2, 5)).toBe(empty);
  });

  it("takes counts, mute and read position from another device", () => {
    const list = [room(1, { lastReadMessageId: 10, unreadCount: 3, mentionCount: 1 })];
    const state = { conversationId: 1, lastReadMessageId: 13, clearedBeforeMessageId: 0, muted: true, unreadCount: 0, mentionCount: 0, pinnedAt: null, hiddenUpToMessageId: null };
    expect(withState(list, state)[0]).toMatchObject({ lastReadMessageId: 13, unreadCount: 0, mentionCount: 0, muted: true });
  });

  it("keeps the list's counts for a state at the read position shown: messages counted since are newer than it", () => {
    const list = [room(1, { lastReadMessageId: 10, unreadCount: 2, lastMessage: message(12, { roomId: 1 }) })];
    const muted = { conversationId: 1, lastReadMessageId: 10, clearedBeforeMessageId: 0, muted: true, unreadCount: 1, mentionCount: 0, pinnedAt: null, hiddenUpToMessageId: null };
    const applied = withState(list, muted);
    expect(applied[0]).toMatchObject({ lastReadMessageId: 10, unreadCount: 2, muted: true });
    expect(withState(applied, muted)).toBe(applied);
  });

  it("keeps newer counts when an older state arrives late, but still applies its mute", () => {
    const list = [room(1, { lastReadMessageId: 13, unreadCount: 0 })];
    const stale = { conversationId: 1, lastReadMessageId: 10, clearedBeforeMessageId: 0, muted: true, unreadCount: 3, mentionCount: 0, pinnedAt: null, hiddenUpToMessageId: null };
    expect(withState(list, stale)[0]).toMatchObject({ lastReadMessageId: 13, unreadCount: 0, muted: true });
  });

  it("drops a cleared preview, and the conversation's place with it", () => {
    const list = sortByActivity([
      room(1, { lastMessage: message(13, { roomId: 1, createdAt: at(22) }), createdAt: at(1) }),
      room(2, { lastMessage: message(5, { roomId: 2, createdAt: at(10) }) }),
    ]);
    const cleared = withState(list, { conversationId: 1, lastReadMessageId: 13, clearedBeforeMessageId: 13, muted: false, unreadCount: 0, mentionCount: 0, pinnedAt: null, hiddenUpToMessageId: null });
    expect(cleared.find((c) => c.id === 1)!.lastMessage).toBeNull();
    expect(ids(cleared)).toEqual([2, 1]);
  });
});

describe("applied again to a list that already includes it", () => {
  it("does not bring back or count a message the user cleared", () => {
    const cleared = [room(1, { lastReadMessageId: 13, unreadCount: 0, lastMessage: null })];
    expect(withMessage(cleared, message(12, { roomId: 1 }), arriving)).toBe(cleared);
    expect(withMessage(cleared, message(14, { roomId: 1 }), arriving)[0]).toMatchObject({ unreadCount: 1, lastMessage: { id: 14 } });
  });

  it("stops counting unread messages where the server does", () => {
    const busy = [room(1, { lastReadMessageId: 1, unreadCount: 100, lastMessage: message(200, { roomId: 1 }) })];
    expect(withMessage(busy, message(201, { roomId: 1 }), arriving)[0]!.unreadCount).toBe(100);
  });

  it("records a read receipt in place, keeping the server's order", () => {
    const list = [direct(5, [bob, carol], { readPositions: [{ userId: bob.id, lastReadMessageId: 20 }, { userId: carol.id, lastReadMessageId: 30 }] })];
    const moved = withReadReceipt(list, { conversationId: 5, userId: bob.id, lastReadMessageId: 31 }, me.id);
    expect(moved[0]!.readPositions.map((p) => p.userId)).toEqual([bob.id, carol.id]);
  });
});

describe("live details", () => {
  it("records how far the other person read in a direct conversation, never backwards, never for the user", () => {
    const list = [direct(5, [bob], { readPositions: [{ userId: bob.id, lastReadMessageId: 20 }] })];
    expect(withReadReceipt(list, { conversationId: 5, userId: bob.id, lastReadMessageId: 25 }, me.id)[0]!.readPositions).toEqual([
      { userId: bob.id, lastReadMessageId: 25 },
    ]);
    expect(withReadReceipt(list, { conversationId: 5, userId: bob.id, lastReadMessageId: 15 }, me.id)).toBe(list);
    expect(withReadReceipt(list, { conversationId: 5, userId: me.id, lastReadMessageId: 99 }, me.id)).toBe(list);
  });

  it("follows a partner going offline, with when they were last seen", () => {
    const list = [direct(5, [bob]), room(1)];
    const offline = withParticipantPresence(list, bob.id, false, "2026-11-22T09:00:00Z");
    expect(offline[0]!.participants[0]).toMatchObject({ online: false, lastSeenAt: "2026-11-22T09:00:00Z" });
    expect(withParticipantPresence(offline, bob.id, true, null)[0]!.participants[0]).toMatchObject({ online: true, lastSeenAt: "2026-11-22T09:00:00Z" });
    expect(withParticipantPresence(list, carol.id, true, null)).toBe(list);
  });

  it("renames a room and changes its member count", () => {
    const list = [room(1)];
    const renamed = withRoomUpdate(list, { roomId: 1, name: "general", topic: "All things", visibility: "private" });
    expect(renamed[0]).toMatchObject({ name: "general", topic: "All things", visibility: "private" });
    expect(withMemberCount(renamed, 1, 5)[0]!.memberCount).toBe(5);
  });
});
