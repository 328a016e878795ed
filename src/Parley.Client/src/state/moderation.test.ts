import { describe, expect, it } from "vitest";
import { timeoutEnd } from "./moderation";
import { parseMemberLeft, parseReport } from "./events";
import { countOpen, withoutReport, withReport } from "./reports";
import type { Report } from "../types";

const report = (id: number, conversationId = 1, status: Report["status"] = "open"): Report => ({
  id,
  conversationId,
  roomName: "general",
  messageId: id * 10,
  authorId: 2,
  authorName: "Bob",
  text: "rude",
  sentAt: "2026-12-01T10:00:00Z",
  category: "harassment",
  comment: null,
  reporter: { id: 3, username: "carol", displayName: "Carol", avatarUrl: null },
  createdAt: "2026-12-01T10:01:00Z",
  status,
  closedByName: null,
  closedAt: null,
  messageDeleted: false,
  canModerateRoom: true,
});

describe("reports queue", () => {
  it("keeps open reports newest first, each once", () => {
    const list = [report(1), report(3), report(2), report(3)].reduce<readonly Report[]>(withReport, []);
    expect(list.map((r) => r.id)).toEqual([3, 2, 1]);
  });

  it("drops a report once it is closed, by event or by id", () => {
    const list = [report(1), report(2)].reduce<readonly Report[]>(withReport, []);
    expect(withReport(list, report(2, 1, "dismissed")).map((r) => r.id)).toEqual([1]);
    expect(withoutReport(list, 1).map((r) => r.id)).toEqual([2]);
  });

  it("counts a room's open reports for its badge", () => {
    const list = [report(1, 5), report(2, 6), report(3, 5)].reduce<readonly Report[]>(withReport, []);
    expect(countOpen(list, 5)).toBe(2);
    expect(countOpen(list, null)).toBe(3);
  });
});

describe("timeouts", () => {
  const now = new Date("2026-12-01T12:00:00Z");

  it("holds until its end, then ends by itself", () => {
    expect(timeoutEnd({ timedOutUntil: "2026-12-01T12:05:00Z" }, now)?.toISOString()).toBe("2026-12-01T12:05:00.000Z");
    expect(timeoutEnd({ timedOutUntil: "2026-12-01T11:59:00Z" }, now)).toBeNull();
  });

  it("is no timeout when there is none or the member is unknown", () => {
    expect(timeoutEnd({ timedOutUntil: null }, now)).toBeNull();
    expect(timeoutEnd(undefined, now)).toBeNull();
  });
});

describe("moderation events", () => {
  it("reads a report as the server sends it, and refuses an unknown category", () => {
    const wire = { ...report(4), comment: undefined, closedAt: undefined };
    expect(parseReport(wire)).toEqual({ ...report(4), comment: null, closedAt: null });
    expect(parseReport({ ...report(4), category: "rudeness" })).toBeNull();
  });

  it("reads a member who left because they were banned", () => {
    const left = parseMemberLeft({ roomId: 1, user: { id: 2, username: "bob", displayName: "Bob" }, reason: "banned", memberCount: 3 });
    expect(left?.reason).toBe("banned");
  });
});
