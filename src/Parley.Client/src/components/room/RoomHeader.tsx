import type { Room } from "../../types";
import { GearIcon, LeaveIcon, PeopleIcon } from "../common/Icons";
import { Link } from "../common/Link";
import { RoomSymbol } from "../shell/RoomList";

interface RoomHeaderProps {
  room: Room;
  membersOpen: boolean;
  onToggleMembers: () => void;
  onOpenSettings: () => void;
  onLeave: () => void;
}

export function RoomHeader({ room, membersOpen, onToggleMembers, onOpenSettings, onLeave }: RoomHeaderProps) {
  const canManage = room.role === "owner" || room.role === "admin";
  return (
    <header className="room-header">
      <Link href="/" className="back-link">
        <span aria-hidden="true">‹</span> Rooms
      </Link>
      <div className="room-title">
        <h1>
          <RoomSymbol room={room} />
          {room.name}
        </h1>
        {room.topic && <p className="room-topic">{room.topic}</p>}
      </div>
      <div className="room-actions">
        <button type="button" className="button button-small" aria-expanded={membersOpen} aria-controls="member-panel" onClick={onToggleMembers}>
          <PeopleIcon />
          {room.memberCount}
          <span className="button-label"> {room.memberCount === 1 ? "member" : "members"}</span>
        </button>
        {canManage && (
          <button type="button" className="button button-small" onClick={onOpenSettings}>
            <GearIcon />
            <span className="button-label">Settings</span>
          </button>
        )}
        {room.role !== "owner" && (
          <button type="button" className="button button-small" onClick={onLeave}>
            <LeaveIcon />
            <span className="button-label">Leave</span>
          </button>
        )}
      </div>
    </header>
  );
}
