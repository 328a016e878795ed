import { beforeEach, describe, expect, it, vi } from "vitest";
import { message } from "../test/fixtures";
import { markTimelinesStale, receiveChanges, refreshTimeline, resetTimelines, showMessage, timelinesStore } from "./messages";
import type { Message } from "../types";

// Catch-up after a reconnect: besides the messages sent meanwhile, the edits, deletes, reactions and pins made
// meanwhile reach the history held, from the highest change sequence it had seen. A small model of one
// conversation on the server answers the history reads as the contract says (docs: contract of issue 11).

const server = vi.hoisted(() => ({
  messages: [] as Message[],
  lastChangeSeq: 0,
  changesAsked: [] as number[],
  failChangesAfter: null as number | null,
  /** Runs after a history page was read, before the client has it (something happens meanwhile). */
  afterRead: null as (() => void) | null,
  connected: true,
  epoch: 1,
}));

vi.mock("./api", () => ({
  getMessages: async (_id: number, cursor: { after?: number; before?: number }, limit: number) => {
    const changeSeq = server.lastChangeSeq;
    const after = cursor.after;
    if (after === undefined) {
      const newest = server.messages.slice(-limit);
      const answer = { messages: newest, hasMore: server.messages.length > limit, changeSeq };
      server.afterRead?.();
      return answer;
    }
    const newer = server.messages.filter((m) => m.id > after);
    return { messages: newer.slice(0, limit), hasMore: newer.length > limit, changeSeq };
  },
  getMessagesAround: async (_id: number, messageId: number) => {
    const changeSeq = server.lastChangeSeq;
    const at = server.messages.findIndex((m) => m.id === messageId);
    return { messages: server.messages.slice(Math.max(0, at - 1), at + 2), hasOlder: at > 1, hasNewer: at + 2 < server.messages.length, changeSeq };
  },
  getMessageChanges: async (_id: number, after: number, limit: number) => {
    server.changesAsked.push(after);
    if (server.failChangesAfter !== null && after >= server.failChangesAfter) throw new Error("network");
    const changeSeq = server.lastChangeSeq;
    const changed = server.messages.filter((m) => m.changeSeq > after).sort((a, b) => a.changeSeq - b.changeSeq);
    return { messages: changed.slice(0, limit), hasMore: changed.length > limit, changeSeq };
  },
}));

vi.mock("./hub", () => ({ liveEpoch: () => (server.connected ? server.epoch : null) }));

const RoomId = 7;

function change(id: number, changes: Partial<Message>): void {
  server.lastChangeSeq++;
  server.messages = server.messages.map((m) => (m.id === id ? { ...m, ...changes, changeSeq: server.lastChangeSeq } : m));
}

const held = (id: number) => timelinesStore.get().get(RoomId)?.messages.find((m) => m.id === id);

function disconnect(): void {
  server.connected = false;
  markTimelinesStale();
}

async function reconnect(): Promise<void> {
  server.connected = true;
  server.epoch++;
  await refreshTimeline(RoomId);
}

beforeEach(() => {
  resetTimelines();
  server.messages = [1, 2, 3, 4].map((id) => message(id));
  server.lastChangeSeq = 0;
  server.changesAsked = [];
  server.failChangesAfter = null;
  server.afterRead = null;
  server.connected = true;
  change(1, { text: "edited before opening" });
});

describe("a change made while the first page is on its way", () => {
  it("reaches the history, though its event came before the page it changes", async () => {
    server.afterRead = () => {
      server.afterRead = null;
      change(3, { text: "edited while the page was on its way" });
      receiveChanges(RoomId, [server.messages.find((m) => m.id === 3)!]);
    };

    await refreshTimeline(RoomId);

    expect(held(3)?.text).toBe("edited while the page was on its way");
    expect(timelinesStore.get().get(RoomId)).toMatchObject({ changeSeq: 2, resumeChangesAfter: null });
  });

  it("asks for no changes when none came while it was on its way", async () => {
    await refreshTimeline(RoomId);
    expect(server.changesAsked).toEqual([]);
  });
});

describe("catch-up of changes after a reconnect", () => {
  it("brings in the edits, deletes and reactions made while away, from the change sequence the history reflects", async () => {
    await refreshTimeline(RoomId);
    disconnect();
    change(2, { text: "edited while away", editedAt: "2026-11-22T11:00:00Z" });
    change(3, { text: "", deleted: true });
    change(4, { reactions: [{ emoji: "👍", count: 1, users: [message(4).author] }] });
    server.messages.push(message(5, { text: "sent while away" }));

    await reconnect();

    expect(server.changesAsked).toEqual([1]);
    expect(held(2)).toMatchObject({ text: "edited while away", editedAt: "2026-11-22T11:00:00Z" });
    expect(held(3)?.deleted).toBe(true);
    expect(held(4)?.reactions.map((r) => r.emoji)).toEqual(["👍"]);
    expect(held(5)?.text).toBe("sent while away");
    expect(timelinesStore.get().get(RoomId)).toMatchObject({ changeSeq: 4, resumeChangesAfter: null, resumeAfter: null });
  });

  it("reads more changes than fit one page, page by page", async () => {
    server.messages = Array.from({ length: 150 }, (_, i) => message(i + 1));
    await refreshTimeline(RoomId);
    disconnect();
    // 150 messages changed: more than one page of 100, and the ones held changed last.
    for (let id = 1; id <= 150; id++) change(id, { text: `edit ${id}` });
    for (let id = 101; id <= 130; id++) change(id, { text: `second edit ${id}` });

    await reconnect();

    expect(server.changesAsked.length).toBe(2);
    expect(held(150)?.text).toBe("edit 150");
    expect(held(101)?.text).toBe("second edit 101");
    expect(timelinesStore.get().get(RoomId)?.changeSeq).toBe(server.lastChangeSeq);
  });

  it("after a failed catch-up, the next one starts again where the changes were missed from", async () => {
    await refreshTimeline(RoomId);
    disconnect();
    change(2, { text: "edited while away" });
    server.failChangesAfter = 0;

    await reconnect();
    expect(held(2)?.text).not.toBe("edited while away");

    server.failChangesAfter = null;
    disconnect();
    await reconnect();
    expect(held(2)?.text).toBe("edited while away");
    expect(server.changesAsked).toEqual([1, 1]);
  });

  it("a window in the past catches up with changes too, though it takes no new messages", async () => {
    server.messages = Array.from({ length: 10 }, (_, i) => message(i + 1));
    await showMessage(RoomId, 3);
    disconnect();
    change(3, { text: "edited while away" });
    server.messages.push(message(11));

    await reconnect();

    expect(held(3)?.text).toBe("edited while away");
    expect(held(11)).toBeUndefined();
  });
});
