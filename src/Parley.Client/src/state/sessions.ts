import { request } from "./http";

/** One place the account is signed in, as GET /api/me/sessions lists it. */
export interface SessionInfo {
  id: string;
  kind: "browser" | "token" | "personalToken";
  browser: string;
  os: string;
  ipAddress: string | null;
  createdAt: string;
  lastActiveAt: string;
  expiresAt: string;
  current: boolean;
  /** A personal access token's name. */
  name?: string | null;
}

export const listSessions = () => request<SessionInfo[]>("GET", "/api/me/sessions");
export const revokeSession = (id: string) => request<void>("DELETE", `/api/me/sessions/${encodeURIComponent(id)}`);
export const revokeOtherSessions = () => request<{ revoked: number }>("POST", "/api/me/sessions/revoke-others");

/** How a session reads in the list: "Chrome 131 on Windows", or what a script calls itself. */
export function describeSession(session: SessionInfo): string {
  if (session.kind === "personalToken") return `Personal access token “${session.name ?? ""}”`;
  const device = session.os === "Unknown" ? session.browser : `${session.browser} on ${session.os}`;
  const what = session.kind === "token" ? `Access token (${device})` : device;
  return session.browser === "Unknown" && session.os === "Unknown"
    ? session.kind === "token"
      ? "Access token"
      : "Unknown browser"
    : what;
}
