import { describe, expect, it } from "vitest";
import { lastSeenText, shownPresence } from "./presence";

const now = new Date(2026, 10, 22, 15, 0);
const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();

describe("lastSeenText", () => {
  it("says just now, then minutes, then hours", () => {
    expect(lastSeenText(ago(0.5), now)).toBe("last seen just now");
    expect(lastSeenText(ago(5), now)).toBe("last seen 5 min ago");
    expect(lastSeenText(ago(59), now)).toBe("last seen 59 min ago");
    expect(lastSeenText(ago(60), now)).toBe("last seen 1 hour ago");
    expect(lastSeenText(ago(3 * 60 + 10), now)).toBe("last seen 3 hours ago");
  });

  it("names the day and time for longer ago", () => {
    expect(lastSeenText(new Date(2026, 10, 22, 1, 30).toISOString(), now, "en-GB")).toBe("last seen today at 01:30");
    expect(lastSeenText(new Date(2026, 10, 21, 18, 5).toISOString(), now, "en-GB")).toBe("last seen yesterday at 18:05");
    expect(lastSeenText(new Date(2026, 10, 3, 9, 0).toISOString(), now, "en-GB")).toBe("last seen 3 Nov");
    expect(lastSeenText(new Date(2025, 11, 31, 9, 0).toISOString(), now, "en-GB")).toBe("last seen 31 Dec 2025");
  });

  it("says only offline when nobody knows when", () => {
    expect(lastSeenText(null, now)).toBe("offline");
  });
});

describe("shownPresence", () => {
  it("claims nobody online while the connection is down: the last news may be stale", () => {
    expect(shownPresence(true, "reconnecting")).toBe("unknown");
    expect(shownPresence(true, "connecting")).toBe("unknown");
    expect(shownPresence(false, "offline")).toBe("unknown");
  });

  it("says what the server said while connected", () => {
    expect(shownPresence(true, "connected")).toBe("online");
    expect(shownPresence(false, "connected")).toBe("offline");
  });
});
