import { describe, expect, it } from "vitest";
import { dayLabel, formatTime, shortWhen, withDayDividers, type Postable } from "./days";

// Local times, so the tests hold in any time zone.
const at = (day: number, hour: number, minute = 0) => new Date(2026, 10, day, hour, minute);
const now = at(22, 15);

function post(date: Date, authorId = 1, kind: Postable["kind"] = "text") {
  return { createdAt: date.toISOString(), author: { id: authorId }, kind };
}

describe("dayLabel", () => {
  it("calls today and yesterday by name", () => {
    expect(dayLabel(at(22, 0, 1), now)).toBe("Today");
    expect(dayLabel(at(21, 23, 59), now)).toBe("Yesterday");
  });

  // Punctuation between the parts varies with the ICU version, so only the parts are pinned.
  it("dates anything older, with the year only when it is not this year", () => {
    const thisYear = dayLabel(at(3, 9), now, "en-GB");
    expect(thisYear).toMatch(/^Tuesday,? 3 November$/);
    expect(dayLabel(new Date(2025, 11, 31, 12), now, "en-GB")).toMatch(/^Wednesday,? 31 December 2025$/);
  });
});

describe("withDayDividers", () => {
  it("puts a divider before the first message of each day", () => {
    const entries = withDayDividers([post(at(20, 9)), post(at(21, 9)), post(at(21, 10)), post(at(22, 8))], now, "en-GB");
    expect(entries.map((e) => (e.type === "day" ? e.label.replace(",", "") : "msg"))).toEqual([
      "Friday 20 November",
      "msg",
      "Yesterday",
      "msg",
      "msg",
      "Today",
      "msg",
    ]);
  });

  it("folds a quick run of one person's messages under one name", () => {
    const entries = withDayDividers(
      [post(at(22, 9, 0), 1), post(at(22, 9, 2), 1), post(at(22, 9, 3), 2), post(at(22, 9, 20), 2), post(at(22, 9, 21), 2, "system")],
      now,
    );
    expect(entries.filter((e) => e.type === "item").map((e) => e.type === "item" && e.continuesBurst)).toEqual([false, true, false, false, false]);
  });

  it("starts a new run after a day divider", () => {
    const entries = withDayDividers([post(at(21, 23, 59), 1), post(at(22, 0, 1), 1)], now);
    expect(entries.filter((e) => e.type === "item").map((e) => e.type === "item" && e.continuesBurst)).toEqual([false, false]);
  });

  it("puts the New messages divider before the first unread item, after its day, and starts a new run there", () => {
    const items = [post(at(21, 9), 1), post(at(22, 9, 0), 2), post(at(22, 9, 1), 2)];
    const entries = withDayDividers(items, now, "en-GB", (item) => item === items[2]);
    expect(entries.map((e) => (e.type === "item" ? `msg${e.continuesBurst ? "+" : ""}` : e.type))).toEqual(["day", "msg", "day", "msg", "unread", "msg"]);
  });

  it("gives nothing for no messages", () => {
    expect(withDayDividers([], now)).toEqual([]);
  });
});

describe("times", () => {
  it("shows a 24-hour local time", () => {
    expect(formatTime(at(22, 14, 5), "en-US")).toBe("14:05");
    expect(formatTime(at(22, 9, 0), "en-GB")).toBe("09:00");
  });

  it("keeps list times short", () => {
    expect(shortWhen(at(22, 14, 5), now, "en-GB")).toBe("14:05");
    expect(shortWhen(at(21, 14, 5), now, "en-GB")).toBe("Yesterday");
    expect(shortWhen(at(3, 14, 5), now, "en-GB")).toBe("3 Nov");
  });
});
