import { describe, expect, it } from "vitest";
import { parseRoute } from "./routes";

describe("parseRoute", () => {
  it("reads the client's addresses", () => {
    expect(parseRoute("/")).toEqual({ name: "home" });
    expect(parseRoute("/rooms/12")).toEqual({ name: "room", roomId: 12 });
    expect(parseRoute("/rooms/12/")).toEqual({ name: "room", roomId: 12 });
    expect(parseRoute("/invite/Ab_9-x")).toEqual({ name: "invite", code: "Ab_9-x" });
  });

  it("does not guess at anything else", () => {
    for (const path of ["/rooms/abc", "/rooms/", "/rooms/1/2", "/invite/", "/invite/a b", "/settings"]) {
      expect(parseRoute(path)).toEqual({ name: "notFound" });
    }
  });
});
