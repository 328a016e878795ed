import { useState, type FormEvent } from "react";
import { joinRoom } from "../../state/roomActions";
import { roomPath } from "../../state/routes";
import { navigate } from "../../state/router";
import { Dialog } from "../common/Dialog";
import { FormError, TextField } from "../common/Field";
import { useAction } from "../common/useAction";

/** Joining a password room (or any public room) by its number. */
export function JoinRoomDialog({ onClose }: { onClose: () => void }) {
  const [roomId, setRoomId] = useState("");
  const [password, setPassword] = useState("");
  const [idError, setIdError] = useState<string | undefined>();
  const { run, pending, error } = useAction(async (id: number) => {
    const room = await joinRoom(id, password || undefined);
    onClose();
    navigate(roomPath(room.id));
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const id = Number(roomId.trim());
    if (!Number.isSafeInteger(id) || id <= 0) {
      setIdError("Enter the room's ID: a whole number, like 12.");
      return;
    }
    setIdError(undefined);
    void run(id);
  };

  return (
    <Dialog title="Join a room by ID" onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <TextField
          label="Room ID"
          name="roomId"
          inputMode="numeric"
          value={roomId}
          onChange={(e) => setRoomId(e.target.value)}
          error={idError}
          hint="The room's owner can find it in the room's settings."
          autoFocusOnOpen
        />
        <TextField
          label="Password (if the room has one)"
          name="roomPassword"
          type="password"
          autoComplete="off"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={error?.fieldError("password")}
        />
        <FormError message={error?.formError} />
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={pending}>
            {pending ? "Joining…" : "Join room"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
