import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { message, room } from "../test/fixtures";
import type { Conversation, Message } from "../types";

// Opening a conversation with unread messages, and reading it: the real messages, read tracker and unread modules
// against a scripted server (history pages, the read endpoint) and a page that is visible and focused.

const page = vi.hoisted(() => {
  const noop = () => undefined;
  const g = globalThis as unknown as Record<string, unknown>;
  g.document = { visibilityState: "visible", hasFocus: () => true, addEventListener: noop, removeEventListener: noop };
  g.window = { addEventListener: noop, removeEventListener: noop };
  return { open: null as number | null };
});

const server = vi.hoisted(() => ({
  /** The conversation's stored messages, oldest first. */
  stored: [] as Message[],
  requests: [] as string[],
  marked: [] as number[],
}));

vi.mock("./api", () => ({
  getMessages: async (_id: number, cursor: { before?: number; after?: number }, limit: number) => {
    server.requests.push(`before=${cursor.before ?? ""} after=${cursor.after ?? ""} limit=${limit}`);
    if (cursor.after !== undefined) {
      const newer = server.stored.filter((m) => m.id > cursor.after!);
      return { messages: newer.slice(0, limit), hasMore: newer.length > limit };
    }
    const older = server.stored.filter((m) => cursor.before === undefined || m.id < cursor.before);
    return { messages: older.slice(-limit), hasMore: older.length > limit };
  },
}));
vi.mock("./hub", async (importOriginal) => ({ ...(await importOriginal<typeof import("./hub")>()), liveEpoch: () => 1 }));
vi.mock("./conversationActions", () => ({
  markConversationRead: async (_id: number, messageId: number) => {
    server.marked.push(messageId);
  },
}));
vi.mock("./router", async () => ({
  routeStore: (await import("./store")).createStore({ name: "home" }),
  openConversationId: () => page.open,
}));

const { conversationsStore } = await import("./conversations");
const { loadNewer, openTimeline, resetTimelines, timelinesStore } = await import("./messages");
const { isReadingLive, reportInView, startReadTracking, unreadMarkerStore } = await import("./readTracker");
const { routeStore } = await import("./router");
const { firstUnreadId } = await import("./unread");

const meId = 1;
const RoomId = 7;

function given(conversation: Conversation, stored: Message[]): void {
  server.stored = stored;
  conversationsStore.set({ status: "ready", conversations: [conversation], error: null });
}

function openRoom(): void {
  page.open = RoomId;
  routeStore.set({ name: "conversation", conversationId: RoomId } as never);
}

const timeline = () => timelinesStore.get().get(RoomId)!;
const ids = () => timeline().messages.map((m) => m.id);

let stopTracking: () => void = () => undefined;

beforeEach(() => {
  vi.useFakeTimers();
  server.requests = [];
  server.marked = [];
  stopTracking = startReadTracking();
});

afterEach(() => {
  stopTracking();
  page.open = null;
  routeStore.set({ name: "home" } as never);
  resetTimelines();
  vi.useRealTimers();
});

// 300 messages by others; read up to 100; an @mention at 240.
const history = Array.from({ length: 300 }, (_, i) => message(i + 1, i + 1 === 240 ? { mentions: [meId] } : {}));
const unread = room(RoomId, { lastReadMessageId: 100, unreadCount: 200, mentionCount: 1 });

describe("opening a conversation with many unread messages", () => {
  it("opens at the first unread message, with read ones above it for context, not at the newest", async () => {
    given(unread, history);
    openRoom();

    await openTimeline(RoomId);

    expect(server.requests).toEqual(["before=101 after= limit=20", "before= after=100 limit=50"]);
    expect(ids()[0]).toBe(81);
    expect(ids().at(-1)).toBe(150);
    expect(timeline().hasNewer).toBe(true);
    expect(firstUnreadId(timeline().messages, unreadMarkerStore.get()!.lastReadMessageId!, meId, timeline().hasOlder)).toBe(101);
  });

  it("reaches the unread mention by paging towards the present, skipping nothing", async () => {
    given(unread, history);
    openRoom();
    await openTimeline(RoomId);

    while (timeline().hasNewer) await loadNewer(RoomId);

    expect(ids()).toEqual(history.slice(80).map((m) => m.id));
    expect(timeline().messages.find((m) => m.mentions.includes(meId))?.id).toBe(240);
  });

  it("opens at the newest messages when nothing is unread", async () => {
    given(room(RoomId, { lastReadMessageId: 300, unreadCount: 0 }), history);
    openRoom();

    await openTimeline(RoomId);

    expect(server.requests).toEqual(["before= after= limit=50"]);
    expect(ids().at(-1)).toBe(300);
  });
});

describe("reading", () => {
  it("marks read only up to what was shown, however much was loaded", async () => {
    given(unread, history);
    openRoom();
    await openTimeline(RoomId);

    reportInView(RoomId, 115, false);
    await vi.runAllTimersAsync();

    expect(server.marked).toEqual([115]);
  });

  it("marks nothing read while nothing has been shown", async () => {
    given(unread, history);
    openRoom();
    await openTimeline(RoomId);

    await vi.runAllTimersAsync();

    expect(server.marked).toEqual([]);
  });

  it("keeps no divider position in a room that was fully read when opened, so messages arriving there are not 'new'", async () => {
    given(room(RoomId, { lastReadMessageId: 300, unreadCount: 0 }), history);
    openRoom();

    expect(unreadMarkerStore.get()).toEqual({ conversationId: RoomId, lastReadMessageId: null });
  });

  it("counts a message arriving as read on arrival only while the list shows the newest messages", async () => {
    given(room(RoomId, { lastReadMessageId: 300, unreadCount: 0 }), history);
    openRoom();
    await openTimeline(RoomId);

    reportInView(RoomId, 280, false);
    const scrolledUp = isReadingLive(RoomId);
    reportInView(RoomId, 300, true);

    expect([scrolledUp, isReadingLive(RoomId)]).toEqual([false, true]);
  });
});
