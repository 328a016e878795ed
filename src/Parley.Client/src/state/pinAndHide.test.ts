import { describe, expect, it } from "vitest";
import { bob, direct, message, room } from "../test/fixtures";
import { isHidden, sections, sortByActivity, withMessage, withState } from "./conversationList";
import type { Conversation, ConversationState } from "../types";

const at = (day: number) => `2026-11-${day}T10:00:00Z`;
const ids = (list: readonly { id: number }[]) => list.map((c) => c.id);
const arriving = { meId: 1, seen: false };

function state(conversation: Conversation, changes: Partial<ConversationState>): ConversationState {
  return {
    conversationId: conversation.id,
    lastReadMessageId: conversation.lastReadMessageId,
    clearedBeforeMessageId: 0,
    muted: conversation.muted,
    unreadCount: conversation.unreadCount,
    mentionCount: conversation.mentionCount,
    pinnedAt: conversation.pinnedAt,
    hiddenUpToMessageId: conversation.hiddenUpToMessageId,
    ...changes,
  };
}

describe("pinned conversations", () => {
  const list = sortByActivity([
    room(1, { lastMessage: message(10, { roomId: 1, createdAt: at(20) }) }),
    direct(2, [bob], { lastMessage: message(20, { roomId: 2, createdAt: at(21) }) }),
    room(3, { lastMessage: message(30, { roomId: 3, createdAt: at(22) }), pinnedAt: at(1) }),
    room(4, { lastMessage: message(5, { roomId: 4, createdAt: at(10) }), pinnedAt: at(2) }),
  ]);

  it("come first, of either kind, most recently active first, and are in no other section", () => {
    const { pinned, direct: directs, rooms } = sections(list);
    expect(ids(pinned)).toEqual([3, 4]);
    expect(ids(directs)).toEqual([2]);
    expect(ids(rooms)).toEqual([1]);
  });

  it("move to the pinned section when a pin arrives from another device, and back when unpinned", () => {
    const pinnedElsewhere = withState(list, state(list.find((c) => c.id === 2)!, { pinnedAt: at(23) }));
    expect(ids(sections(pinnedElsewhere).pinned)).toEqual([3, 2, 4]);
    const unpinned = withState(pinnedElsewhere, state(pinnedElsewhere.find((c) => c.id === 3)!, { pinnedAt: null }));
    expect(ids(sections(unpinned).pinned)).toEqual([2, 4]);
    expect(ids(sections(unpinned).rooms)).toEqual([3, 1]);
  });

  it("change nothing when the same pin arrives again (this device's answer, then its event)", () => {
    const pinned = withState(list, state(list[0]!, { pinnedAt: at(23) }));
    expect(withState(pinned, state(pinned[0]!, {}))).toBe(pinned);
  });
});

describe("hidden conversations", () => {
  const list = sortByActivity([
    room(1, { lastMessage: message(10, { roomId: 1, createdAt: at(20) }) }),
    direct(2, [bob], { lastMessage: message(20, { roomId: 2, createdAt: at(21) }) }),
  ]);
  const hidden = withState(list, state(list.find((c) => c.id === 2)!, { hiddenUpToMessageId: 20 }));

  it("leave every section once hidden (on any device)", () => {
    expect(isHidden(hidden.find((c) => c.id === 2)!)).toBe(true);
    const { pinned, direct: directs, rooms } = sections(hidden);
    expect([ids(pinned), ids(directs), ids(rooms)]).toEqual([[], [], [1]]);
  });

  it("come back by themselves with a newer message, live", () => {
    const back = withMessage(hidden, message(21, { roomId: 2, author: bob, createdAt: at(22) }), arriving);
    expect(isHidden(back.find((c) => c.id === 2)!)).toBe(false);
    expect(ids(sections(back).direct)).toEqual([2]);
  });

  it("stay hidden for a message they already had (a late or repeated event)", () => {
    const again = withMessage(hidden, message(20, { roomId: 2, author: bob, createdAt: at(21) }), arriving);
    expect(ids(sections(again).direct)).toEqual([]);
  });

  it("hide an empty conversation until its first message", () => {
    const empty = [room(5, { hiddenUpToMessageId: 0 })];
    expect(sections(empty).rooms).toEqual([]);
    expect(ids(sections(withMessage(empty, message(1, { roomId: 5 }), arriving)).rooms)).toEqual([5]);
  });

  it("come back when shown again from another device", () => {
    const shown = withState(hidden, state(hidden.find((c) => c.id === 2)!, { hiddenUpToMessageId: null }));
    expect(ids(sections(shown).direct)).toEqual([2]);
  });
});
