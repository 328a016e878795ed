import { useState } from "react";
import { deleteRoom } from "../../state/roomActions";
import type { Room } from "../../types";
import { FormError } from "../common/Field";
import { useAction } from "../common/useAction";

export function DeleteRoom({ room }: { room: Room }) {
  const [confirming, setConfirming] = useState(false);
  const { run, pending, error } = useAction(() => deleteRoom(room.id));

  if (!confirming) {
    return (
      <>
        <p className="muted">Deletes the room and all of its messages, for everyone.</p>
        <button type="button" className="button button-danger" onClick={() => setConfirming(true)}>
          Delete room…
        </button>
      </>
    );
  }
  return (
    <div className="confirm" role="group" aria-label="Confirm deletion">
      <p>
        Delete <strong>{room.name}</strong> and all of its messages for everyone? This cannot be undone.
      </p>
      <FormError message={error?.detail} />
      <div className="form-actions">
        <button type="button" className="button" onClick={() => setConfirming(false)} autoFocus>
          Cancel
        </button>
        <button type="button" className="button button-danger" disabled={pending} onClick={() => void run()}>
          Delete for everyone
        </button>
      </div>
    </div>
  );
}
