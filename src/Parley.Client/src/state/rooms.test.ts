import { describe, expect, it } from "vitest";
import { sortByActivity, withMemberCount, withMessage, withRoomUpdate } from "./rooms";
import type { Message, Room } from "../types";

const bob = { id: 2, username: "bob", displayName: "Bob" };

function room(id: number, lastAt: string | null, createdAt = "2026-11-01T00:00:00Z"): Room {
  return {
    id,
    name: `room ${id}`,
    topic: null,
    visibility: "public",
    memberCount: 2,
    createdAt,
    role: "member",
    lastMessage: lastAt ? message(id * 100, id, lastAt) : null,
  };
}

function message(id: number, roomId: number, createdAt: string): Message {
  return { id, roomId, author: bob, text: "hi", createdAt, kind: "text", clientMessageId: null };
}

describe("room list", () => {
  it("puts the most recently active room first, using creation time for rooms without messages", () => {
    const rooms = sortByActivity([room(1, "2026-11-20T10:00:00Z"), room(2, null, "2026-11-21T10:00:00Z"), room(3, "2026-11-22T10:00:00Z")]);
    expect(rooms.map((r) => r.id)).toEqual([3, 2, 1]);
  });

  it("moves a room to the top with the new message as its preview", () => {
    const rooms = sortByActivity([room(1, "2026-11-20T10:00:00Z"), room(2, "2026-11-21T10:00:00Z")]);
    const updated = withMessage(rooms, message(500, 1, "2026-11-22T10:00:00Z"));
    expect(updated.map((r) => r.id)).toEqual([1, 2]);
    expect(updated[0]!.lastMessage?.id).toBe(500);
  });

  it("ignores an older or repeated message and messages of rooms not in the list", () => {
    const rooms = [room(1, "2026-11-20T10:00:00Z")];
    expect(withMessage(rooms, message(50, 1, "2026-11-19T10:00:00Z"))).toBe(rooms);
    expect(withMessage(rooms, message(100, 1, "2026-11-20T10:00:00Z"))).toBe(rooms);
    expect(withMessage(rooms, message(900, 9, "2026-11-22T10:00:00Z"))).toBe(rooms);
  });

  it("renames a room and changes its member count", () => {
    const rooms = [room(1, null)];
    const renamed = withRoomUpdate(rooms, { roomId: 1, name: "general", topic: "All things", visibility: "private" });
    expect(renamed[0]).toMatchObject({ name: "general", topic: "All things", visibility: "private" });
    expect(withMemberCount(renamed, 1, 5)[0]!.memberCount).toBe(5);
  });
});
