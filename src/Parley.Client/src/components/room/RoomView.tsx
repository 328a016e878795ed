import { useEffect, useState } from "react";
import { loadMembers } from "../../state/members";
import { openTimeline } from "../../state/messages";
import { roomsStore } from "../../state/rooms";
import type { Me, Room } from "../../types";
import { useStore } from "../common/useStore";
import { RoomSettingsDialog } from "../settings/RoomSettingsDialog";
import { Composer } from "./Composer";
import { LeaveRoomDialog } from "./LeaveRoomDialog";
import { MessageList } from "./MessageList";
import { RoomHeader } from "./RoomHeader";
import { RoomPreview } from "./RoomPreview";
import { TypingLine } from "./TypingLine";

interface RoomViewProps {
  roomId: number;
  me: Me;
  membersOpen: boolean;
  onToggleMembers: () => void;
}

export function RoomView({ roomId, me, ...panel }: RoomViewProps) {
  const { status, rooms } = useStore(roomsStore);
  const room = rooms.find((r) => r.id === roomId);
  if (room) return <Conversation key={room.id} room={room} me={me} {...panel} />;
  if (status === "loading") return <p className="main-message">Loading…</p>;
  return <RoomPreview key={roomId} roomId={roomId} />;
}

function Conversation({ room, me, membersOpen, onToggleMembers }: Omit<RoomViewProps, "roomId"> & { room: Room }) {
  const [dialog, setDialog] = useState<"settings" | "leave" | null>(null);

  useEffect(() => {
    void openTimeline(room.id);
    void loadMembers(room.id);
  }, [room.id]);

  useEffect(() => {
    document.title = `${room.name} · Parley`;
    return () => {
      document.title = "Parley";
    };
  }, [room.name]);

  return (
    <section className="conversation" aria-label={room.name}>
      <RoomHeader
        room={room}
        membersOpen={membersOpen}
        onToggleMembers={onToggleMembers}
        onOpenSettings={() => setDialog("settings")}
        onLeave={() => setDialog("leave")}
      />
      <MessageList room={room} me={me} />
      <TypingLine roomId={room.id} />
      <Composer room={room} me={me} />
      {dialog === "settings" && <RoomSettingsDialog room={room} me={me} onClose={() => setDialog(null)} />}
      {dialog === "leave" && <LeaveRoomDialog room={room} onClose={() => setDialog(null)} />}
    </section>
  );
}
