import { describe, expect, it } from "vitest";
import { alice, bob, message, room } from "../test/fixtures";
import { withMessageChange } from "./conversationList";
import { conversationPowers, messagePermissions } from "./messageChanges";
import { shownMessages } from "./messageDisplay";
import { withPinChange } from "./pins";
import type { Message } from "../types";

const quote = (original: Message) => ({ id: original.id, author: original.author, excerpt: original.text, deleted: false });
const tombstone = (id: number, changeSeq: number, overrides: Partial<Message> = {}) => message(id, { text: "", deleted: true, changeSeq, ...overrides });

describe("which messages the list shows", () => {
  it("leaves a deleted message out", () => {
    expect(shownMessages([message(1), tombstone(2, 1), message(3)]).map((s) => s.message.id)).toEqual([1, 3]);
  });

  it("keeps a deleted message as a placeholder where a loaded reply answers it, and the quote says it was deleted", () => {
    const original = message(1, { text: "the question" });
    const reply = message(2, { replyTo: quote(original) });
    const shown = shownMessages([tombstone(1, 3), reply]);
    expect(shown.map((s) => [s.message.id, s.message.deleted])).toEqual([
      [1, true],
      [2, false],
    ]);
    expect(shown[1]!.replyTo).toMatchObject({ id: 1, deleted: true, excerpt: "" });
  });

  it("quotes an original edited since, from the copy held", () => {
    const reply = message(2, { replyTo: { id: 1, author: bob, excerpt: "teh question", deleted: false } });
    const shown = shownMessages([message(1, { text: "the question\nsecond line", changeSeq: 4 }), reply]);
    expect(shown[1]!.replyTo?.excerpt).toBe("the question");
  });

  it("keeps the server's quote when the original is not loaded", () => {
    const replyTo = { id: 1, author: bob, excerpt: "long ago", deleted: false };
    expect(shownMessages([message(50, { replyTo })])[0]!.replyTo).toBe(replyTo);
  });
});

describe("the conversation list preview", () => {
  it("follows an edit of the previewed message, and ignores an older copy arriving late", () => {
    const list = [room(7, { lastMessage: message(5) })];
    const edited = withMessageChange(list, message(5, { text: "edited", changeSeq: 3 }));
    expect(edited[0]!.lastMessage?.text).toBe("edited");
    expect(withMessageChange(edited, message(5, { text: "first edit", changeSeq: 2 }))).toBe(edited);
  });

  it("changes nothing for a change to another message than the preview", () => {
    const list = [room(7, { lastMessage: message(5) })];
    expect(withMessageChange(list, message(4, { text: "edited", changeSeq: 3 }))).toBe(list);
  });
});

describe("the pinned list", () => {
  const pinned = (id: number, at: string, changeSeq: number) => message(id, { pinned: { by: alice, at }, changeSeq });

  it("puts the newest pin first", () => {
    const list = withPinChange(withPinChange([], pinned(1, "2026-11-22T10:00:00Z", 1)), pinned(2, "2026-11-22T11:00:00Z", 2));
    expect(list.map((m) => m.id)).toEqual([2, 1]);
  });

  it("drops a message unpinned or deleted", () => {
    const list = [pinned(1, "2026-11-22T10:00:00Z", 1), pinned(2, "2026-11-22T11:00:00Z", 2)];
    expect(withPinChange(list, message(1, { changeSeq: 3 })).map((m) => m.id)).toEqual([2]);
    expect(withPinChange(list, tombstone(2, 4)).map((m) => m.id)).toEqual([1]);
  });

  it("keeps the newer state when an older change arrives late", () => {
    const list = [pinned(1, "2026-11-22T10:00:00Z", 5)];
    expect(withPinChange(list, message(1, { changeSeq: 4 }))).toBe(list);
  });
});

describe("who may do what with a message", () => {
  const member = conversationPowers({ kind: "room", role: "member" });
  const admin = conversationPowers({ kind: "room", role: "admin" });
  const inDirect = conversationPowers({ kind: "direct", role: "member" });

  it("lets the author edit and delete their own message, not others'", () => {
    expect(messagePermissions(message(1, { author: alice }), alice.id, member)).toMatchObject({ edit: true, delete: true, pin: false });
    expect(messagePermissions(message(1, { author: bob }), alice.id, member)).toMatchObject({ edit: false, delete: false, react: true, reply: true });
  });

  it("lets room admins delete and pin anyone's message, but edit only their own", () => {
    expect(messagePermissions(message(1, { author: bob }), alice.id, admin)).toMatchObject({ edit: false, delete: true, pin: true });
  });

  it("lets everyone in a direct conversation pin", () => {
    expect(messagePermissions(message(1, { author: bob }), alice.id, inDirect)).toMatchObject({ pin: true, delete: false });
  });

  it("offers nothing on a system notice or a deleted message", () => {
    expect(Object.values(messagePermissions(message(1, { kind: "system" }), alice.id, admin)).some(Boolean)).toBe(false);
    expect(Object.values(messagePermissions(tombstone(1, 2, { author: alice }), alice.id, admin)).some(Boolean)).toBe(false);
  });
});
