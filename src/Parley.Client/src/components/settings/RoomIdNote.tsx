import { copyRoomLink } from "../../state/clipboard";
import { roomLink } from "../../state/roomReference";
import type { Room } from "../../types";

/** The room's ID and link, to pass on; how others join with them depends on who may join. */
export function RoomIdNote({ room }: { room: Room }) {
  const link = roomLink(room.id, window.location.origin);
  return (
    <div className="room-id-note">
      <p className="muted">
        Room ID: <strong className="room-id">{room.id}</strong> · Link: <span className="room-link">{link}</span>{" "}
        <button type="button" className="button button-small" onClick={() => void copyRoomLink(room)}>
          Copy link
        </button>
      </p>
      <p className="muted">
        {room.visibility === "public" && `People join from the link, or with Join a room by its name (#${room.name}) or ID.`}
        {room.visibility === "password" && `People join from the link, or with Join a room by its name (#${room.name}) or ID, and the password.`}
        {room.visibility === "private" && "Only people with an invite link can join; the link above opens the room for its members."}
      </p>
    </div>
  );
}
