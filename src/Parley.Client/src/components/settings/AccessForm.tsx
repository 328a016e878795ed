import { useState, type FormEvent } from "react";
import { updateRoom } from "../../state/roomActions";
import type { Room, RoomVisibility } from "../../types";
import { FormError, TextField } from "../common/Field";
import { useAction } from "../common/useAction";
import { VisibilityFields } from "../rooms/VisibilityFields";
import { RoomIdNote } from "./RoomIdNote";

export function AccessForm({ room }: { room: Room }) {
  const [visibility, setVisibility] = useState<RoomVisibility>(room.visibility);
  const [password, setPassword] = useState("");
  const [saved, setSaved] = useState(false);
  const keepsPassword = room.visibility === "password" && visibility === "password";
  const { run, pending, error } = useAction(async () => {
    await updateRoom(room.id, { visibility, ...(visibility === "password" && password ? { password } : {}) });
    setPassword("");
    setSaved(true);
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    void run();
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      <VisibilityFields value={visibility} onChange={setVisibility} error={error?.fieldError("visibility")} legendHidden />
      {visibility === "password" && (
        <TextField
          label={keepsPassword ? "New password (optional)" : "Room password"}
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          hint={keepsPassword ? "Leave empty to keep the current password." : "6 to 128 characters."}
          error={error?.fieldError("password")}
        />
      )}
      <RoomIdNote room={room} />
      <FormError message={error?.formError} />
      <div className="form-actions">
        {saved && (
          <span className="saved" role="status">
            Saved
          </span>
        )}
        <button type="submit" className="button button-primary" disabled={pending || (visibility === room.visibility && !password)}>
          Save access
        </button>
      </div>
    </form>
  );
}
