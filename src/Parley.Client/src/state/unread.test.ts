import { describe, expect, it } from "vitest";
import { alice, bob, message } from "../test/fixtures";
import { firstUnreadId } from "./unread";

describe("firstUnreadId (where the New messages divider goes)", () => {
  const history = [message(10), message(11, { author: alice }), message(12, { kind: "system" }), message(13), message(14)];

  it("is the first message by someone else after the read position", () => {
    expect(firstUnreadId(history, 10, alice.id, false)).toBe(13);
    expect(firstUnreadId(history, 13, alice.id, false)).toBe(14);
  });

  it("skips the user's own messages and system notices", () => {
    expect(firstUnreadId(history, 10, bob.id, false)).toBe(11);
  });

  it("waits for older history when everything loaded is unread", () => {
    expect(firstUnreadId(history, 5, alice.id, true)).toBeNull();
    expect(firstUnreadId(history, 5, alice.id, false)).toBe(10);
    expect(firstUnreadId(history, 10, alice.id, true)).toBe(13);
  });

  it("is none when everything shown was read", () => {
    expect(firstUnreadId(history, 14, alice.id, false)).toBeNull();
  });
});
