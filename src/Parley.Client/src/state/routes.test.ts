import { describe, expect, it } from "vitest";
import { adminPath, adminTabs, conversationPath, parseRoute } from "./routes";

describe("parseRoute", () => {
  it("reads the client's addresses", () => {
    expect(parseRoute("/")).toEqual({ name: "home" });
    expect(parseRoute("/rooms/12")).toEqual({ name: "conversation", conversationId: 12 });
    expect(parseRoute("/rooms/12/")).toEqual({ name: "conversation", conversationId: 12 });
    expect(parseRoute("/c/40")).toEqual({ name: "conversation", conversationId: 40 });
    expect(parseRoute("/invite/Ab_9-x")).toEqual({ name: "invite", code: "Ab_9-x" });
    expect(parseRoute("/reset-password")).toEqual({ name: "resetPassword" });
    expect(parseRoute("/verify-email")).toEqual({ name: "verifyEmail" });
    expect(parseRoute("/admin")).toEqual({ name: "admin", tab: "dashboard" });
    expect(parseRoute("/admin/users/")).toEqual({ name: "admin", tab: "users" });
  });

  it("round-trips every admin console page", () => {
    for (const tab of adminTabs) expect(parseRoute(adminPath(tab))).toEqual({ name: "admin", tab });
  });

  it("does not guess at anything else", () => {
    for (const path of ["/rooms/abc", "/rooms/", "/rooms/1/2", "/c/", "/c/x", "/invite/", "/invite/a b", "/settings", "/reset-password/x", "/admin/nothing", "/admin/users/1"]) {
      expect(parseRoute(path)).toEqual({ name: "notFound" });
    }
  });
});

describe("conversationPath", () => {
  it("keeps rooms at /rooms and puts direct conversations at /c", () => {
    expect(conversationPath({ id: 12, kind: "room" })).toBe("/rooms/12");
    expect(conversationPath({ id: 40, kind: "direct" })).toBe("/c/40");
    expect(parseRoute(conversationPath({ id: 40, kind: "direct" }))).toEqual({ name: "conversation", conversationId: 40 });
  });
});
