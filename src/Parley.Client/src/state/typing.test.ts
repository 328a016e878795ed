import { describe, expect, it } from "vitest";
import { nextExpiry, nextTypingSignalAt, pruneTyping, startTyping, stopTyping, typingText, TypingDisplayMs } from "./typing";

const alice = { id: 1, username: "alice", displayName: "Alice", avatarUrl: null };
const bob = { id: 2, username: "bob", displayName: "Bob", avatarUrl: null };
const carol = { id: 3, username: "carol", displayName: "Carol", avatarUrl: null };

describe("typingText", () => {
  it("says nothing when nobody types", () => {
    expect(typingText([])).toBeNull();
  });

  it("names one or two people and summarises more", () => {
    expect(typingText([alice])).toBe("Alice is typing…");
    expect(typingText([alice, bob])).toBe("Alice and Bob are typing…");
    expect(typingText([alice, bob, carol])).toBe("Several people are typing…");
  });
});

describe("typing state", () => {
  it("expires a person after the display time unless they signal again", () => {
    const state = startTyping([], alice, 1000);
    expect(pruneTyping(state, 1000 + TypingDisplayMs - 1)).toHaveLength(1);
    expect(pruneTyping(state, 1000 + TypingDisplayMs)).toHaveLength(0);

    const renewed = startTyping(state, alice, 4000);
    expect(renewed).toHaveLength(1);
    expect(pruneTyping(renewed, 1000 + TypingDisplayMs)).toHaveLength(1);
  });

  it("removes a person when their message arrives", () => {
    const state = startTyping(startTyping([], alice, 0), bob, 0);
    expect(stopTyping(state, alice.id).map((e) => e.user.id)).toEqual([bob.id]);
  });

  it("keeps the order people started in", () => {
    const state = startTyping(startTyping(startTyping([], bob, 0), alice, 10), bob, 20);
    expect(typingText(state.map((e) => e.user))).toBe("Bob and Alice are typing…");
  });

  it("knows when the next person expires", () => {
    expect(nextExpiry([])).toBeNull();
    expect(nextExpiry(startTyping(startTyping([], alice, 500), bob, 100))).toBe(100 + TypingDisplayMs);
  });
});

describe("nextTypingSignalAt", () => {
  it("signals at once, then every three seconds while typing goes on", () => {
    expect(nextTypingSignalAt(undefined, false)).toBe(0);
    expect(nextTypingSignalAt(10_000, false)).toBe(13_000);
  });

  it("after a message is sent, signals again as soon as the server accepts one (2 s apart)", () => {
    const at = nextTypingSignalAt(10_000, true);
    expect(at).toBeGreaterThanOrEqual(12_000);
    expect(at).toBeLessThan(13_000);
  });
});
