import { describe, expect, it } from "vitest";
import { message } from "../test/fixtures";
import { newestInView, newestShown, opensAtReadPosition, readUpTo, windowAt } from "./placement";
import { emptyTimeline, type Timeline } from "./timeline";

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => message(from + i));

function held(from: number, to: number, overrides: Partial<Timeline> = {}): Timeline {
  return { ...emptyTimeline(7), status: "ready", messages: range(from, to), ...overrides };
}

describe("opensAtReadPosition", () => {
  it("opens as usual when nothing is unread", () => {
    expect(opensAtReadPosition(undefined, { lastReadMessageId: 300, unreadCount: 0 })).toBe(false);
    expect(opensAtReadPosition(undefined, null)).toBe(false);
  });

  it("opens at the read position when nothing is held yet", () => {
    expect(opensAtReadPosition(undefined, { lastReadMessageId: 100, unreadCount: 200 })).toBe(true);
  });

  it("opens at the read position when what is held starts after it: the newest page would skip the unread ones before it", () => {
    expect(opensAtReadPosition(held(251, 300, { hasOlder: true }), { lastReadMessageId: 100, unreadCount: 200 })).toBe(true);
  });

  it("keeps what is held when it reaches back to the read position", () => {
    expect(opensAtReadPosition(held(81, 300, { hasOlder: true }), { lastReadMessageId: 100, unreadCount: 200 })).toBe(false);
    expect(opensAtReadPosition(held(120, 300, { hasOlder: false }), { lastReadMessageId: 100, unreadCount: 3 })).toBe(false);
  });

  it("leaves a window in the past that ends before the first unread one", () => {
    expect(opensAtReadPosition(held(10, 60, { hasOlder: true, hasNewer: true }), { lastReadMessageId: 100, unreadCount: 5 })).toBe(true);
  });
});

describe("windowAt", () => {
  it("joins the context before the read position and the unread after it, in order, each once", () => {
    const window = windowAt({ messages: [message(100), message(99)], hasMore: true }, { messages: [message(100), message(101), message(102)], hasMore: true });
    expect(window.messages.map((m) => m.id)).toEqual([99, 100, 101, 102]);
    expect([window.hasOlder, window.hasNewer]).toEqual([true, true]);
  });
});

describe("what counts as read", () => {
  it("is what was in view while the user looked, not what was loaded", () => {
    // 150 messages loaded after the read position at 100, but only up to 115 were on screen.
    expect(readUpTo(newestShown(undefined, 115, true), 100)).toBe(115);
    expect(readUpTo(undefined, 100)).toBeNull();
  });

  it("ignores what is in view while the page is hidden or unfocused", () => {
    expect(newestShown(undefined, 150, false)).toBeUndefined();
    expect(newestShown(110, 150, false)).toBe(110);
  });

  it("only moves forward: scrolling back up reads nothing anew", () => {
    expect(newestShown(140, 105, true)).toBe(140);
    expect(newestShown(140, null, true)).toBe(140);
  });

  it("never moves the read position back", () => {
    expect(readUpTo(90, 100)).toBeNull();
  });
});

describe("newestInView", () => {
  it("counts a message at least half in view, not a sliver at the edge", () => {
    const visible = new Map([
      [101, { ratio: 1, height: 40 }],
      [102, { ratio: 0.6, height: 40 }],
      [103, { ratio: 0.1, height: 40 }],
    ]);
    expect(newestInView(visible, 600)).toBe(102);
  });

  it("counts a message taller than the list once it fills most of it", () => {
    expect(newestInView(new Map([[101, { ratio: 0.3, height: 2000 }]]), 600)).toBe(101);
  });

  it("is null with nothing in view", () => {
    expect(newestInView(new Map(), 600)).toBeNull();
  });
});
