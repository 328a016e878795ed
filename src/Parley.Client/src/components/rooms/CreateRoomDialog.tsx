import { useState, type FormEvent } from "react";
import { createRoom } from "../../state/roomActions";
import { roomPath } from "../../state/routes";
import { navigate } from "../../state/router";
import type { RoomVisibility } from "../../types";
import { Dialog } from "../common/Dialog";
import { FormError, TextField } from "../common/Field";
import { useAction } from "../common/useAction";
import { VisibilityFields } from "./VisibilityFields";

export function CreateRoomDialog({ onClose }: { onClose: () => void }) {
  const [name, setName] = useState("");
  const [topic, setTopic] = useState("");
  const [visibility, setVisibility] = useState<RoomVisibility>("public");
  const [password, setPassword] = useState("");
  const { run, pending, error } = useAction(async () => {
    const room = await createRoom({
      name,
      topic: topic.trim() || undefined,
      visibility,
      password: visibility === "password" ? password : undefined,
    });
    onClose();
    navigate(roomPath(room.id));
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run();
  };

  return (
    <Dialog title="Create a room" onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <TextField label="Name" name="name" value={name} onChange={(e) => setName(e.target.value)} error={error?.fieldError("name")} autoFocusOnOpen />
        <TextField
          label="Topic (optional)"
          name="topic"
          value={topic}
          onChange={(e) => setTopic(e.target.value)}
          error={error?.fieldError("topic")}
        />
        <VisibilityFields value={visibility} onChange={setVisibility} error={error?.fieldError("visibility")} />
        {visibility === "password" && (
          <TextField
            label="Room password"
            name="roomPassword"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            hint="6 to 128 characters. Share it with the people you want in the room."
            error={error?.fieldError("password")}
          />
        )}
        <FormError message={error?.formError} />
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={pending}>
            {pending ? "Creating…" : "Create room"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
