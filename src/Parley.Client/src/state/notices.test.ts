import { afterEach, describe, expect, it, vi } from "vitest";

vi.mock("./router", async () => ({
  routeStore: (await import("./store")).createStore({ name: "home" }),
  navigate: () => undefined,
  openConversationId: () => null,
}));

const { noticesStore, showNotice } = await import("./notices");
const { exitNotice } = await import("./roomExit");

afterEach(() => noticesStore.set([]));

describe("notices", () => {
  it("show one at a time: a new notice replaces the old one instead of sitting beside it", () => {
    showNotice("You were removed from #design.");
    showNotice("#lunch was deleted.");

    expect(noticesStore.get().map((n) => n.text)).toEqual(["#lunch was deleted."]);
  });
});

describe("exitNotice", () => {
  it("names the room it is about", () => {
    expect(exitNotice("removed", "design")).toBe("You were removed from #design.");
    expect(exitNotice("left", "design")).toBe("You left #design.");
    expect(exitNotice("deleted", "design")).toBe("#design was deleted.");
  });

  it("still reads as a sentence when the room's name is not known", () => {
    expect(exitNotice("removed", null)).toBe("You were removed from a room.");
  });
});
