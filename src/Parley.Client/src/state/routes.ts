// The client's own URLs. The server answers each of them with index.html (its SPA fallback).

export type Route =
  | { name: "home" }
  | { name: "conversation"; conversationId: number }
  | { name: "invite"; code: string }
  | { name: "resetPassword" }
  | { name: "verifyEmail" }
  | { name: "admin"; tab: AdminTab }
  | { name: "notFound" };

/** The admin console's pages, at /admin/{tab} (/admin is the dashboard). */
export const adminTabs = ["dashboard", "users", "rooms", "reports", "audit", "settings", "invites"] as const;
export type AdminTab = (typeof adminTabs)[number];

export function parseRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, "") || "/";
  if (path === "/") return { name: "home" };
  // Rooms live at /rooms/{id}, direct conversations at /c/{id}; both open whichever conversation has that id.
  const conversation = /^\/(?:rooms|c)\/(\d{1,15})$/.exec(path);
  if (conversation) return { name: "conversation", conversationId: Number(conversation[1]) };
  const invite = /^\/invite\/([A-Za-z0-9_-]+)$/.exec(path);
  if (invite) return { name: "invite", code: invite[1]! };
  // The link in a password reset mail; its token is in the query string.
  if (path === "/reset-password") return { name: "resetPassword" };
  // The link in a verification mail (a new account's address, or a new address); its token is in the query string.
  if (path === "/verify-email") return { name: "verifyEmail" };
  const admin = /^\/admin(?:\/([a-z]+))?$/.exec(path);
  if (admin) {
    const tab = (admin[1] ?? "dashboard") as AdminTab;
    if (adminTabs.includes(tab)) return { name: "admin", tab };
  }
  return { name: "notFound" };
}

export const adminPath = (tab: AdminTab) => (tab === "dashboard" ? "/admin" : `/admin/${tab}`);

export const roomPath = (roomId: number) => `/rooms/${roomId}`;

export const conversationPath = (conversation: { id: number; kind: "room" | "direct" }) =>
  conversation.kind === "direct" ? `/c/${conversation.id}` : roomPath(conversation.id);
