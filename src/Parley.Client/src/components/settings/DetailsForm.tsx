import { useState, type FormEvent } from "react";
import { updateRoom } from "../../state/roomActions";
import type { Room, UpdateRoomRequest } from "../../types";
import { FormError, TextField } from "../common/Field";
import { useAction } from "../common/useAction";

export function DetailsForm({ room }: { room: Room }) {
  const [name, setName] = useState(room.name);
  const [topic, setTopic] = useState(room.topic ?? "");
  const [saved, setSaved] = useState(false);
  const changes: UpdateRoomRequest = {
    ...(name.trim() !== room.name ? { name } : {}),
    ...(topic.trim() !== (room.topic ?? "") ? { topic } : {}),
  };
  const { run, pending, error } = useAction(async () => {
    await updateRoom(room.id, changes);
    setSaved(true);
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    void run();
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      <TextField label="Room name" value={name} onChange={(e) => setName(e.target.value)} error={error?.fieldError("name")} autoFocusOnOpen />
      <TextField
        label="Topic"
        value={topic}
        onChange={(e) => setTopic(e.target.value)}
        hint="Leave empty for no topic."
        error={error?.fieldError("topic")}
      />
      <FormError message={error?.formError} />
      <div className="form-actions">
        {saved && (
          <span className="saved" role="status">
            Saved
          </span>
        )}
        <button type="submit" className="button button-primary" disabled={pending || Object.keys(changes).length === 0}>
          Save details
        </button>
      </div>
    </form>
  );
}
