import { describe, expect, it } from "vitest";
import { parseRoomReference, roomLink } from "./roomReference";

describe("what the join dialog is given", () => {
  it("takes a whole number as a room id", () => {
    expect(parseRoomReference(" 42 ")).toEqual({ kind: "id", id: 42 });
  });

  it("takes a room or conversation link from any host as the id it points to", () => {
    expect(parseRoomReference("https://chat.example.org/rooms/12")).toEqual({ kind: "id", id: 12 });
    expect(parseRoomReference("http://192.168.1.5:5080/c/7/")).toEqual({ kind: "id", id: 7 });
    expect(parseRoomReference("/rooms/3")).toEqual({ kind: "id", id: 3 });
  });

  it("takes an invite link as its code", () => {
    expect(parseRoomReference("https://chat.example.org/invite/AbC-12_x")).toEqual({ kind: "invite", code: "AbC-12_x" });
  });

  it("takes anything else as a name, with or without #", () => {
    expect(parseRoomReference("#general")).toEqual({ kind: "name", name: "#general" });
    expect(parseRoomReference("  Design team ")).toEqual({ kind: "name", name: "Design team" });
    expect(parseRoomReference("https://example.org/elsewhere")).toEqual({ kind: "name", name: "https://example.org/elsewhere" });
  });

  it("says when nothing was typed", () => {
    expect(parseRoomReference("   ")).toEqual({ kind: "empty" });
  });

  it("makes a room's link from the page's origin", () => {
    expect(roomLink(12, "https://chat.example.org")).toBe("https://chat.example.org/rooms/12");
  });
});
