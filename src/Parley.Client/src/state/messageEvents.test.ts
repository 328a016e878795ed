import type { HubConnection } from "@microsoft/signalr";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { bob, message, room } from "../test/fixtures";
import { changeConversations, conversationsStore, findConversation, resetConversations } from "./conversations";
import { withConversation } from "./conversationList";
import { registerEventHandlers } from "./dispatcher";
import { receiveMessages, refreshTimeline, resetTimelines, timelinesStore } from "./messages";
import { searchStore } from "./search";
import { sessionStore } from "./session";
import type { Conversation } from "../types";

// The change events as they enter the client: the history and the conversation list's preview follow an edit or a
// delete, and a deleted preview is replaced by the server's (the message before it, with the counts without it).

const server = vi.hoisted(() => ({ conversation: null as Conversation | null, asked: [] as number[] }));

vi.mock("./api", () => ({
  getConversation: async (id: number) => {
    server.asked.push(id);
    return server.conversation;
  },
  getMessages: async () => ({ messages: [], hasMore: false, changeSeq: 0 }),
}));

vi.mock("./hub", async (importOriginal) => ({ ...(await importOriginal<typeof import("./hub")>()), liveEpoch: () => 1 }));

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

const handlers = new Map<string, (payload: unknown) => void>();
const deliver = (name: string, payload: unknown) => handlers.get(name)!(payload);
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeAll(() => {
  sessionStore.set({ status: "signedIn", me: { id: 1, username: "alice", displayName: "Alice", email: "a@example.com", createdAt: "2026-10-01T00:00:00Z", status: null, avatarUrl: null, emailVerified: true, isAdmin: false } });
  registerEventHandlers({ on: (name: string, handler: (payload: unknown) => void) => handlers.set(name, handler) } as unknown as HubConnection);
});

beforeEach(async () => {
  resetConversations();
  resetTimelines();
  server.asked = [];
  conversationsStore.set({ status: "ready", conversations: [], error: null });
  changeConversations((list) => withConversation(list, room(7, { lastMessage: message(5, { author: bob, text: "last words" }) })));
  await refreshTimeline(7);
  receiveMessages(7, [message(4), message(5, { author: bob, text: "last words" })]);
});

describe("change events", () => {
  it("an edit of the last message changes the history and the preview, without asking the server", async () => {
    deliver("messageEdited", message(5, { author: bob, text: "better last words", editedAt: "2026-11-22T10:05:00Z", changeSeq: 1 }));
    await settle();

    expect(timelinesStore.get().get(7)?.messages.at(-1)?.text).toBe("better last words");
    expect(findConversation(7)?.lastMessage?.text).toBe("better last words");
    expect(server.asked).toEqual([]);
  });

  it("a delete of the previewed message asks the server for the conversation, whose preview is the message before", async () => {
    server.conversation = room(7, { lastMessage: message(4) });

    deliver("messageDeleted", message(5, { author: bob, text: "", deleted: true, changeSeq: 2 }));
    await settle();

    expect(server.asked).toEqual([7]);
    expect(findConversation(7)?.lastMessage?.id).toBe(4);
    expect(timelinesStore.get().get(7)?.messages.find((m) => m.id === 5)?.deleted).toBe(true);
  });

  it("a deleted message leaves the search results shown", async () => {
    const hit = (id: number) => ({ message: message(id), conversation: { id: 7, kind: "room" as const, name: "room 7" }, snippet: null });
    searchStore.set({ query: "words", status: "ready", results: [hit(5), hit(4)], hasMore: false, loadingMore: false, error: null });

    deliver("messageDeleted", message(5, { author: bob, text: "", deleted: true, changeSeq: 2 }));
    await settle();

    expect(searchStore.get().results.map((r) => r.message.id)).toEqual([4]);
  });

  it("a delete of another message leaves the preview alone", async () => {
    deliver("messageDeleted", message(4, { text: "", deleted: true, changeSeq: 2 }));
    await settle();

    expect(server.asked).toEqual([]);
    expect(findConversation(7)?.lastMessage?.text).toBe("last words");
  });

  it("a delete of an unread message asks the server for the counts without it", async () => {
    changeConversations((list) => withConversation(list, room(7, { lastMessage: message(5, { author: bob, text: "last words" }), lastReadMessageId: 3, unreadCount: 2 })));
    server.conversation = room(7, { lastMessage: message(5, { author: bob, text: "last words" }), lastReadMessageId: 3, unreadCount: 1 });

    deliver("messageDeleted", message(4, { author: bob, text: "", deleted: true, changeSeq: 2 }));
    await settle();

    expect(server.asked).toEqual([7]);
    expect(findConversation(7)?.unreadCount).toBe(1);
  });

  it("an edit of an unread message asks the server for the counts (it may name the reader now); a reaction does not", async () => {
    changeConversations((list) => withConversation(list, room(7, { lastMessage: message(5, { author: bob, text: "last words" }), lastReadMessageId: 3, unreadCount: 2 })));
    server.conversation = room(7, { lastMessage: message(5, { author: bob, text: "last words" }), lastReadMessageId: 3, unreadCount: 2, mentionCount: 1 });

    deliver("reactionsChanged", message(4, { author: bob, reactions: [{ emoji: "👍", count: 1, users: [bob] }], changeSeq: 2 }));
    await settle();
    expect(server.asked).toEqual([]);

    deliver("messageEdited", message(4, { author: bob, text: "@alice look", mentions: [1], editedAt: "2026-11-22T10:05:00Z", changeSeq: 3 }));
    await settle();
    expect(server.asked).toEqual([7]);
    expect(findConversation(7)?.mentionCount).toBe(1);
  });

  it("an older copy arriving after a newer one changes nothing", async () => {
    deliver("reactionsChanged", message(5, { author: bob, text: "last words", reactions: [{ emoji: "👍", count: 1, users: [bob] }], changeSeq: 3 }));
    deliver("messageEdited", message(5, { author: bob, text: "stale edit", changeSeq: 2 }));
    await settle();

    const held = timelinesStore.get().get(7)?.messages.find((m) => m.id === 5);
    expect(held?.text).toBe("last words");
    expect(held?.reactions.map((r) => r.emoji)).toEqual(["👍"]);
  });
});
