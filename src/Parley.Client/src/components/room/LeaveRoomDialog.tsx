import { leaveRoom } from "../../state/roomActions";
import type { Room } from "../../types";
import { Dialog } from "../common/Dialog";
import { FormError } from "../common/Field";
import { useAction } from "../common/useAction";

export function LeaveRoomDialog({ room, onClose }: { room: Room; onClose: () => void }) {
  const { run, pending, error } = useAction(() => leaveRoom(room.id));
  return (
    <Dialog title={`Leave ${room.name}?`} onClose={onClose}>
      <p>
        {room.visibility === "public"
          ? "You can join again from Browse rooms."
          : room.visibility === "password"
            ? "To come back you will need an invite link or the room's password."
            : "To come back you will need an invite link."}
      </p>
      <FormError message={error?.detail} />
      <div className="form-actions">
        <button type="button" className="button" onClick={onClose} data-autofocus>
          Stay
        </button>
        <button type="button" className="button button-danger" disabled={pending} onClick={() => void run()}>
          Leave room
        </button>
      </div>
    </Dialog>
  );
}
