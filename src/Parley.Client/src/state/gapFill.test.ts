import type { HubConnection } from "@microsoft/signalr";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { message, room } from "../test/fixtures";
import { changeConversations, conversationsStore, resetConversations } from "./conversations";
import { withConversation } from "./conversationList";
import { registerEventHandlers } from "./dispatcher";
import { GapGraceMs, refreshTimeline, resetTimelines, timelinesStore } from "./messages";
import { sendMessage } from "./outbox";
import { sessionStore } from "./session";
import type { Message } from "../types";

// Live messages from several server nodes: each node publishes what it stored, so a message can overtake one stored
// before it. Messages are numbered in their conversation (seq), so the client sees the gap; it waits a moment for the
// missing one to arrive live, and fetches it with the catch-up (after= the last message before the gap) if it does
// not. A small model of one conversation on the server answers history reads; events enter through the dispatcher.

const server = vi.hoisted(() => ({
  messages: [] as Message[],
  /** The `after` of every catch-up read. */
  asked: [] as number[],
  /** Runs after a catch-up page was read, before the client has it (something happens meanwhile). */
  afterRead: null as (() => void) | null,
  sent: null as Message | null,
}));

vi.mock("./api", () => ({
  getMessages: async (_id: number, cursor: { after?: number }, limit: number) => {
    const after = cursor.after;
    if (after === undefined) return { messages: server.messages.slice(-limit), hasMore: server.messages.length > limit, changeSeq: 0 };
    server.asked.push(after);
    const newer = server.messages.filter((m) => m.id > after);
    const answer = { messages: newer.slice(0, limit), hasMore: newer.length > limit, changeSeq: 0 };
    server.afterRead?.();
    return answer;
  },
  getConversation: async () => null,
}));

vi.mock("./hub", async (importOriginal) => ({
  ...(await importOriginal<typeof import("./hub")>()),
  liveEpoch: () => 1,
  isConnected: () => true,
  // The stored message answers the send that carried its clientMessageId.
  invoke: async (_method: string, request: { clientMessageId: string }) => server.sent && { ...server.sent, clientMessageId: request.clientMessageId },
}));

// The page itself (URL, focus) is not part of this: nothing is open, nothing is read on arrival.
vi.mock("./router", async () => ({
  routeStore: (await import("./store")).createStore({ name: "home" }),
  navigate: () => undefined,
  openConversationId: () => null,
}));
vi.mock("./readTracker", async () => ({
  attentionStore: (await import("./store")).createStore(false),
  isReadingLive: () => false,
}));
vi.mock("./notifications", () => ({ notifyAbout: () => undefined }));

const RoomId = 7;
const handlers = new Map<string, (payload: unknown) => void>();
const deliver = (m: Message) => handlers.get("messageReceived")!(m);

/** Stored on the server as the next message of the conversation, with the next id and seq. */
function store(text = "hello"): Message {
  const last = server.messages.at(-1);
  const stored = message((last?.id ?? 0) + 1, { seq: (last?.seq ?? 0) + 1, text });
  server.messages.push(stored);
  return stored;
}

const shown = () => timelinesStore.get().get(RoomId)?.messages.map((m) => m.seq);

beforeAll(() => {
  sessionStore.set({ status: "signedIn", me: { id: 1, username: "alice", displayName: "Alice", email: "a@example.com", createdAt: "2026-10-01T00:00:00Z", status: null, avatarUrl: null, emailVerified: true, isAdmin: false } });
  registerEventHandlers({ on: (name: string, handler: (payload: unknown) => void) => handlers.set(name, handler) } as unknown as HubConnection);
});

beforeEach(async () => {
  vi.useFakeTimers();
  resetConversations();
  resetTimelines();
  conversationsStore.set({ status: "ready", conversations: [], error: null });
  changeConversations((list) => withConversation(list, room(RoomId)));
  server.messages = [];
  for (let i = 0; i < 3; i++) store();
  server.asked = [];
  server.afterRead = null;
  await refreshTimeline(RoomId);
});

afterEach(() => {
  vi.useRealTimers();
});

describe("a live message that overtook another", () => {
  it("waits for the one it overtook, and fetches nothing when that arrives live in time", async () => {
    const overtaken = store();
    const overtaking = store();

    deliver(overtaking);
    expect(shown()).toEqual([1, 2, 3, 5]);
    deliver(overtaken);
    await vi.advanceTimersByTimeAsync(GapGraceMs);

    expect(shown()).toEqual([1, 2, 3, 4, 5]);
    expect(server.asked).toEqual([]);
  });

  it("fetches what is still missing after the grace, from the last message before the gap, and shows each once in order", async () => {
    store("its event was lost");
    const overtaking = store();
    deliver(overtaking);

    await vi.advanceTimersByTimeAsync(GapGraceMs - 1);
    expect(server.asked).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);

    expect(server.asked).toEqual([3]);
    expect(shown()).toEqual([1, 2, 3, 4, 5]);
    expect(timelinesStore.get().get(RoomId)?.messages[3]?.text).toBe("its event was lost");
    expect(timelinesStore.get().get(RoomId)?.resumeAfter).toBeNull();
  });

  it("fills a gap the answer to the user's own send leaves, as one a live message leaves", async () => {
    store("someone else's, stored on another node a moment before");
    const alice = { id: 1, username: "alice", displayName: "Alice", avatarUrl: null };
    server.sent = { ...store("mine"), author: alice };

    sendMessage(RoomId, "mine", alice);
    await vi.advanceTimersByTimeAsync(0);
    expect(shown()).toEqual([1, 2, 3, 5]);
    await vi.advanceTimersByTimeAsync(GapGraceMs);

    expect(server.asked).toEqual([3]);
    expect(shown()).toEqual([1, 2, 3, 4, 5]);
    expect(timelinesStore.get().get(RoomId)?.local).toEqual([]);
  });

  it("fills a gap that opens while the catch-up for another is on its way, with a second catch-up", async () => {
    store("lost");
    deliver(store());
    // The first catch-up read the server before message 6 was stored; 7 then overtakes 6 on its way.
    server.afterRead = () => {
      server.afterRead = null;
      store("lost as well");
      deliver(store());
    };

    await vi.advanceTimersByTimeAsync(GapGraceMs);
    expect(shown()).toEqual([1, 2, 3, 4, 5, 7]);
    await vi.advanceTimersByTimeAsync(GapGraceMs);

    expect(server.asked).toEqual([3, 5]);
    expect(shown()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});
