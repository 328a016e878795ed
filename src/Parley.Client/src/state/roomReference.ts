import { parseRoute } from "./routes";

/** What someone typed or pasted to find a room: its id, its name, or a link (a room's or an invite). */
export type RoomReference = { kind: "id"; id: number } | { kind: "name"; name: string } | { kind: "invite"; code: string } | { kind: "empty" };

/**
 * Reads the join dialog's one field. A whole number is an id (the dialog tries it as a name too when no room has
 * that id); a link to this client's /rooms/{id}, /c/{id} or /invite/{code} — from any host, as people paste links
 * from another address of the same server — is what it points to; anything else is a name, "#" and all (the server
 * takes a leading "#" as optional).
 */
export function parseRoomReference(text: string): RoomReference {
  const typed = text.trim();
  if (typed === "") return { kind: "empty" };
  if (/^\d{1,15}$/.test(typed)) return { kind: "id", id: Number(typed) };
  const path = linkPath(typed);
  if (path !== null) {
    const route = parseRoute(path);
    if (route.name === "conversation") return { kind: "id", id: route.conversationId };
    if (route.name === "invite") return { kind: "invite", code: route.code };
  }
  return { kind: "name", name: typed };
}

function linkPath(typed: string): string | null {
  if (/^https?:\/\//i.test(typed)) {
    try {
      return new URL(typed).pathname;
    } catch {
      return null;
    }
  }
  return /^\/(rooms|c|invite)\//.test(typed) ? typed : null;
}

/** The address of a room, to share: it opens the room for its members, and its preview (to join) for others. */
export const roomLink = (roomId: number, origin: string) => `${origin}/rooms/${roomId}`;
