import { describe, expect, it } from "vitest";
import { alice, bob, carol, message } from "../test/fixtures";
import { seenLabel, seenReceipt } from "./receipts";

const me = alice;
const people = [bob, carol];
const history = [message(10, { author: me }), message(11, { author: bob }), message(12, { author: me }), message(13, { author: me })];

describe("seenReceipt", () => {
  it("goes under the newest of the user's messages the other person has read", () => {
    expect(seenReceipt(history, me.id, [{ userId: bob.id, lastReadMessageId: 12 }], people)).toEqual({ messageId: 12, readers: [bob] });
    expect(seenReceipt(history, me.id, [{ userId: bob.id, lastReadMessageId: 20 }], people)?.messageId).toBe(13);
  });

  it("is none when nothing of the user's has been read, or nobody shares receipts", () => {
    expect(seenReceipt(history, me.id, [{ userId: bob.id, lastReadMessageId: 9 }], people)).toBeNull();
    expect(seenReceipt(history, me.id, [], people)).toBeNull();
  });

  it("in a group, names everyone who read that far", () => {
    const positions = [
      { userId: bob.id, lastReadMessageId: 13 },
      { userId: carol.id, lastReadMessageId: 12 },
    ];
    expect(seenReceipt(history, me.id, positions, people)).toEqual({ messageId: 13, readers: [bob] });
    expect(seenReceipt(history.slice(0, 3), me.id, positions, people)).toEqual({ messageId: 12, readers: [bob, carol] });
  });

  it("ignores the user's own position", () => {
    expect(seenReceipt(history, me.id, [{ userId: me.id, lastReadMessageId: 13 }], people)).toBeNull();
  });
});

describe("seenLabel", () => {
  it("says Seen between two people, and who in a group", () => {
    expect(seenLabel({ messageId: 1, readers: [bob] }, true)).toBe("Seen");
    expect(seenLabel({ messageId: 1, readers: [bob] }, false)).toBe("Seen by Bob");
    expect(seenLabel({ messageId: 1, readers: [bob, carol] }, false)).toBe("Seen by Bob and Carol");
    expect(seenLabel({ messageId: 1, readers: [bob, carol, alice] }, false)).toBe("Seen by Bob, Carol and Alice");
  });
});
