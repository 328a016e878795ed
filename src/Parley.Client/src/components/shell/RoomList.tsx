import { shortWhen } from "../../state/days";
import { lastActivity, roomsStore } from "../../state/rooms";
import { roomPath } from "../../state/routes";
import { routeStore } from "../../state/router";
import type { Room } from "../../types";
import { KeyIcon, LockIcon } from "../common/Icons";
import { Link } from "../common/Link";
import { useStore } from "../common/useStore";

export function RoomList() {
  const { status, rooms, error } = useStore(roomsStore);
  const route = useStore(routeStore);
  const openId = route.name === "room" ? route.roomId : null;

  if (status === "loading") return <p className="sidebar-empty">Loading rooms…</p>;
  if (status === "error") return <p className="sidebar-empty">{error}</p>;
  if (rooms.length === 0) return <p className="sidebar-empty">No rooms yet. Create one or browse public rooms.</p>;

  const now = new Date();
  return (
    <ul className="room-list" aria-label="Your rooms">
      {rooms.map((room) => (
        <li key={room.id}>
          <Link href={roomPath(room.id)} className="room-link" aria-current={room.id === openId ? "page" : undefined}>
            <span className="room-link-top">
              <span className="room-link-name">
                <RoomSymbol room={room} />
                {room.name}
              </span>
              <time className="room-link-time" dateTime={lastActivity(room)}>
                {shortWhen(new Date(lastActivity(room)), now)}
              </time>
            </span>
            <span className="room-link-preview">{preview(room)}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

export function RoomSymbol({ room }: { room: Pick<Room, "visibility"> }) {
  const label = room.visibility === "public" ? "Public room" : room.visibility === "private" ? "Private room" : "Password-protected room";
  return (
    <span className={`room-symbol room-symbol-${room.visibility}`} title={label}>
      {room.visibility === "public" ? <span aria-hidden="true">#</span> : room.visibility === "private" ? <LockIcon /> : <KeyIcon />}
      <span className="visually-hidden">{label}: </span>
    </span>
  );
}

function preview(room: Room): string {
  const message = room.lastMessage;
  if (!message) return room.topic ?? "No messages yet";
  return message.kind === "system" ? message.text : `${message.author.displayName}: ${message.text}`;
}
