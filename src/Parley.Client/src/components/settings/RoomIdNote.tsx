import type { Room } from "../../types";

export function RoomIdNote({ room }: { room: Room }) {
  return (
    <p className="muted">
      Room ID: <strong className="room-id">{room.id}</strong>
      {room.visibility === "password" && " — people join with this ID and the password (Join by ID)."}
    </p>
  );
}
