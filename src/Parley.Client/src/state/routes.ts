// The client's own URLs. The server answers each of them with index.html (its SPA fallback).

export type Route =
  | { name: "home" }
  | { name: "room"; roomId: number }
  | { name: "invite"; code: string }
  | { name: "notFound" };

export function parseRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, "") || "/";
  if (path === "/") return { name: "home" };
  const room = /^\/rooms\/(\d{1,15})$/.exec(path);
  if (room) return { name: "room", roomId: Number(room[1]) };
  const invite = /^\/invite\/([A-Za-z0-9_-]+)$/.exec(path);
  if (invite) return { name: "invite", code: invite[1]! };
  return { name: "notFound" };
}

export const roomPath = (roomId: number) => `/rooms/${roomId}`;