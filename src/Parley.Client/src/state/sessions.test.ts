import { describe, expect, it } from "vitest";
import { describeSession, type SessionInfo } from "./sessions";

const session = (changes: Partial<SessionInfo>): SessionInfo => ({
  id: "1",
  kind: "browser",
  browser: "Chrome 131",
  os: "Windows",
  ipAddress: "127.0.0.1",
  createdAt: "2026-12-01T10:00:00Z",
  lastActiveAt: "2026-12-01T10:00:00Z",
  expiresAt: "2026-12-31T10:00:00Z",
  current: false,
  ...changes,
});

describe("describeSession", () => {
  it("names a browser by program and system", () => {
    expect(describeSession(session({}))).toBe("Chrome 131 on Windows");
  });

  it("says an access token is one, with the program that took it", () => {
    expect(describeSession(session({ kind: "token", browser: "curl 8", os: "Unknown" }))).toBe("Access token (curl 8)");
  });

  it("falls back to the kind when the user agent told nothing", () => {
    expect(describeSession(session({ browser: "Unknown", os: "Unknown" }))).toBe("Unknown browser");
    expect(describeSession(session({ kind: "token", browser: "Unknown", os: "Unknown" }))).toBe("Access token");
  });
});

describe("describeSession for personal access tokens", () => {
  it("names a personal access token by the name its owner gave it", () => {
    expect(describeSession(session({ kind: "personalToken", name: "backup script", browser: "Unknown", os: "Unknown" }))).toBe(
      "Personal access token “backup script”",
    );
  });
});
