import { describe, expect, it } from "vitest";
import { alice, bob, carol, direct, message, room } from "../test/fixtures";
import { notificationContent, shouldNotify } from "./notify";

const settings = { sendReadReceipts: true, doNotDisturb: false, notificationSounds: true };
const context = { meId: alice.id, settings, conversation: room(7), watching: false };

describe("shouldNotify", () => {
  it("notifies of someone else's message in a conversation the user is not looking at", () => {
    expect(shouldNotify(message(1), context)).toBe(true);
  });

  it("stays quiet for the user's own messages, system notices, and the conversation in front of them", () => {
    expect(shouldNotify(message(1, { author: alice }), context)).toBe(false);
    expect(shouldNotify(message(1, { kind: "system" }), context)).toBe(false);
    expect(shouldNotify(message(1), { ...context, watching: true })).toBe(false);
  });

  it("stays quiet during do not disturb, even for a mention", () => {
    const dnd = { ...context, settings: { ...settings, doNotDisturb: true } };
    expect(shouldNotify(message(1, { mentions: [alice.id] }), dnd)).toBe(false);
  });

  it("stays quiet in a muted conversation unless the message names the user or the room", () => {
    const muted = { ...context, conversation: room(7, { muted: true }) };
    expect(shouldNotify(message(1), muted)).toBe(false);
    expect(shouldNotify(message(1, { mentions: [carol.id] }), muted)).toBe(false);
    expect(shouldNotify(message(1, { mentions: [alice.id] }), muted)).toBe(true);
    expect(shouldNotify(message(1, { mentionsRoom: true }), muted)).toBe(true);
  });

  it("notifies while the settings are still loading", () => {
    expect(shouldNotify(message(1), { ...context, settings: null })).toBe(true);
  });
});

describe("notificationContent", () => {
  it("titles a one-to-one message with the author, and others with who wrote where", () => {
    expect(notificationContent(message(1, { text: "hi" }), direct(5, [bob])).title).toBe("Bob");
    expect(notificationContent(message(1), direct(5, [bob, carol])).title).toBe("Bob in Bob, Carol");
    expect(notificationContent(message(1), room(7, { name: "general" })).title).toBe("Bob in #general");
  });

  it("says what the message shows, without its Markdown", () => {
    expect(notificationContent(message(1, { text: "**ship it** in `main`" }), room(7)).body).toBe("ship it in main");
  });

  it("cuts a long text short", () => {
    const body = notificationContent(message(1, { text: "x".repeat(500) }), room(7)).body;
    expect([...body]).toHaveLength(160);
    expect(body.endsWith("…")).toBe(true);
  });
});
