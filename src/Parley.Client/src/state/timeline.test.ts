import { describe, expect, it } from "vitest";
import { alice, bob, message } from "../test/fixtures";
import {
  addLocal,
  applyChanges,
  emptyTimeline,
  extendNewer,
  mergeMessages,
  setLocalStatus,
  withChangeSeq,
  withoutCleared,
  type LocalMessage,
  type Timeline,
} from "./timeline";

function local(clientMessageId: string, text = "hello"): LocalMessage {
  return { clientMessageId, roomId: 7, author: alice, text, createdAt: "2026-11-22T10:00:00Z", replyTo: null, attachments: [], status: "sending", error: null };
}

const ids = (timeline: Timeline) => timeline.messages.map((m) => m.id);

describe("mergeMessages", () => {
  it("keeps messages in id order whatever order they arrive in", () => {
    const timeline = mergeMessages(mergeMessages(emptyTimeline(7), [message(5), message(3)]), [message(4), message(1)]);
    expect(ids(timeline)).toEqual([1, 3, 4, 5]);
  });

  it("shows each message once when a catch-up page overlaps what live events delivered", () => {
    const live = mergeMessages(emptyTimeline(7), [message(10), message(11), message(12)]);
    const caughtUp = mergeMessages(live, [message(9), message(10), message(11), message(12), message(13)]);
    expect(ids(caughtUp)).toEqual([9, 10, 11, 12, 13]);
  });

  it("drops duplicates within one batch", () => {
    expect(ids(mergeMessages(emptyTimeline(7), [message(2), message(2), message(3)]))).toEqual([2, 3]);
  });

  it("ignores messages of other rooms", () => {
    const timeline = emptyTimeline(7);
    expect(mergeMessages(timeline, [message(1, { roomId: 8 })])).toBe(timeline);
  });

  it("replaces a pending send with the stored message carrying its clientMessageId", () => {
    const pending = addLocal(emptyTimeline(7), local("c-1"));
    const stored = mergeMessages(pending, [message(20, { author: alice, text: "hello", clientMessageId: "c-1" })]);
    expect(stored.local).toEqual([]);
    expect(ids(stored)).toEqual([20]);
  });

  it("ends with one copy when the broadcast arrives before the send's own result", () => {
    const stored = message(20, { author: alice, clientMessageId: "c-1" });
    const afterBroadcast = mergeMessages(addLocal(emptyTimeline(7), local("c-1")), [stored]);
    const afterResult = mergeMessages(afterBroadcast, [stored]);
    expect(ids(afterResult)).toEqual([20]);
    expect(afterResult.local).toEqual([]);
  });

  it("ends with one copy when the send's result arrives before the broadcast", () => {
    const stored = message(20, { author: alice, clientMessageId: "c-1" });
    const afterResult = mergeMessages(addLocal(emptyTimeline(7), local("c-1")), [stored]);
    const afterBroadcast = mergeMessages(mergeMessages(afterResult, [message(21)]), [stored]);
    expect(ids(afterBroadcast)).toEqual([20, 21]);
    expect(afterBroadcast.local).toEqual([]);
  });

  it("keeps a pending send when someone else's message has the same clientMessageId", () => {
    const pending = addLocal(emptyTimeline(7), local("c-1"));
    const merged = mergeMessages(pending, [message(20, { author: bob, clientMessageId: "c-1" })]);
    expect(merged.local.map((l) => l.clientMessageId)).toEqual(["c-1"]);
  });

  it("keeps other pending sends until their own confirmation", () => {
    const pending = addLocal(addLocal(emptyTimeline(7), local("c-1")), local("c-2"));
    const merged = mergeMessages(pending, [message(20, { author: alice, clientMessageId: "c-2" })]);
    expect(merged.local.map((l) => l.clientMessageId)).toEqual(["c-1"]);
  });
});

describe("local sends", () => {
  it("adds a retried send only once", () => {
    const once = addLocal(emptyTimeline(7), local("c-1"));
    expect(addLocal(once, local("c-1")).local).toHaveLength(1);
  });

  it("marks a send failed with the server's reason, and sending again on retry", () => {
    const failed = setLocalStatus(addLocal(emptyTimeline(7), local("c-1")), "c-1", "failed", "A message cannot be empty.");
    expect(failed.local[0]).toMatchObject({ status: "failed", error: "A message cannot be empty." });
    expect(setLocalStatus(failed, "c-1", "sending").local[0]).toMatchObject({ status: "sending", error: null });
  });
});

describe("a window in the past (after a jump to a search hit)", () => {
  const window = (...messageIds: number[]): Timeline => ({
    ...mergeMessages(emptyTimeline(7), messageIds.map((id) => message(id))),
    status: "ready",
    hasNewer: true,
  });

  it("does not take live messages beyond its end, which would leave a gap", () => {
    const detached = window(40, 41, 42);
    expect(mergeMessages(detached, [message(90)])).toBe(detached);
    expect(ids(mergeMessages(detached, [message(41, { text: "edited copy" }), message(90)]))).toEqual([40, 41, 42]);
  });

  it("grows towards the present page by page, then follows live messages again", () => {
    const grown = extendNewer(window(40, 41), [message(42), message(43)], true);
    expect(ids(grown)).toEqual([40, 41, 42, 43]);
    expect(grown.hasNewer).toBe(true);
    const present = extendNewer(grown, [message(44)], false);
    expect(present.hasNewer).toBe(false);
    expect(ids(mergeMessages(present, [message(45)]))).toEqual([40, 41, 42, 43, 44, 45]);
  });
});

describe("withoutCleared", () => {
  it("drops what the user cleared and leaves nothing older to load", () => {
    const timeline = { ...mergeMessages(emptyTimeline(7), [message(1), message(2), message(3)]), hasOlder: true };
    const cleared = withoutCleared(timeline, 2);
    expect(ids(cleared)).toEqual([3]);
    expect(cleared.hasOlder).toBe(false);
  });

  it("changes nothing when the cleared part is not loaded", () => {
    const timeline = mergeMessages(emptyTimeline(7), [message(5)]);
    expect(withoutCleared(timeline, 2)).toBe(timeline);
  });
});

describe("changes to messages (newest changeSeq wins)", () => {
  const loaded = (...messageIds: number[]): Timeline => ({ ...mergeMessages(emptyTimeline(7), messageIds.map((id) => message(id))), status: "ready" });
  const held = (timeline: Timeline, id: number) => timeline.messages.find((m) => m.id === id);

  it("replaces a held message by an edit", () => {
    const edited = applyChanges(loaded(1, 2, 3), [message(2, { text: "fixed typo", editedAt: "2026-11-22T10:05:00Z", changeSeq: 4 })]);
    expect(held(edited, 2)).toMatchObject({ text: "fixed typo", changeSeq: 4 });
    expect(ids(edited)).toEqual([1, 2, 3]);
  });

  it("shows the newest state whatever order two changes arrive in", () => {
    const first = message(2, { text: "first edit", changeSeq: 4 });
    const second = message(2, { text: "second edit", changeSeq: 5 });
    expect(held(applyChanges(applyChanges(loaded(1, 2), [first]), [second]), 2)?.text).toBe("second edit");
    expect(held(applyChanges(applyChanges(loaded(1, 2), [second]), [first]), 2)?.text).toBe("second edit");
    expect(held(applyChanges(loaded(1, 2), [second, first]), 2)?.text).toBe("second edit");
  });

  it("keeps a newer copy when a history page or a late broadcast carries an older one", () => {
    const edited = applyChanges(loaded(1, 2, 3), [message(2, { text: "edited", changeSeq: 6 })]);
    const afterPage = mergeMessages(edited, [message(1), message(2, { text: "original" }), message(3)]);
    expect(held(afterPage, 2)?.text).toBe("edited");
  });

  it("replaces a held message by a history page's newer copy", () => {
    const merged = mergeMessages(loaded(1, 2, 3), [message(2, { text: "edited meanwhile", changeSeq: 3 })]);
    expect(held(merged, 2)?.text).toBe("edited meanwhile");
  });

  it("keeps a deleted message as a tombstone in its place, so the run has no gap", () => {
    const deleted = applyChanges(loaded(1, 2, 3), [message(2, { text: "", deleted: true, changeSeq: 7 })]);
    expect(ids(deleted)).toEqual([1, 2, 3]);
    expect(held(deleted, 2)?.deleted).toBe(true);
  });

  it("does not add a changed message it does not hold, but counts its changeSeq as seen", () => {
    const timeline = loaded(10, 11);
    const changed = applyChanges(timeline, [message(3, { text: "old message edited", changeSeq: 9 })]);
    expect(ids(changed)).toEqual([10, 11]);
    expect(changed.changeSeq).toBe(9);
  });

  it("ignores changes in other conversations", () => {
    const timeline = loaded(1, 2);
    expect(applyChanges(timeline, [message(2, { roomId: 8, text: "elsewhere", changeSeq: 3 })])).toBe(timeline);
  });

  it("never lowers the change sequence seen", () => {
    const timeline = withChangeSeq(loaded(1), 12);
    expect(withChangeSeq(timeline, 5)).toBe(timeline);
    expect(applyChanges(timeline, [message(1, { changeSeq: 4 })]).changeSeq).toBe(12);
  });
});
