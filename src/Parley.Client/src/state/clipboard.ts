import { showNotice } from "./notices";
import { roomLink } from "./roomReference";

/**
 * Copies a room's link and says so. The clipboard needs a secure context (HTTPS or localhost): served over plain HTTP
 * on a LAN address it is not there, and the notice shows the link to copy by hand instead.
 */
export async function copyRoomLink(room: { id: number; name: string }): Promise<void> {
  const link = roomLink(room.id, window.location.origin);
  try {
    if (!navigator.clipboard) throw new Error("No clipboard here");
    await navigator.clipboard.writeText(link);
    showNotice(`Copied the link to ${room.name}: ${link}`);
  } catch {
    showNotice(`The link to ${room.name} (room ID ${room.id}): ${link}`);
  }
}
