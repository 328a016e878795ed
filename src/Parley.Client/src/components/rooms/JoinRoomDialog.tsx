import { useState, type FormEvent } from "react";
import { ApiError } from "../../state/problem";
import { joinRoom, joinRoomByName } from "../../state/roomActions";
import { parseRoomReference, type RoomReference } from "../../state/roomReference";
import { roomPath } from "../../state/routes";
import { navigate } from "../../state/router";
import type { Room } from "../../types";
import { Dialog } from "../common/Dialog";
import { FormError, TextField } from "../common/Field";
import { useAction } from "../common/useAction";

/**
 * Joining a room by what people pass around: its name ("#general" or "general"), its ID, or a link to it (an invite
 * link goes to the invite's page). The password field appears once the room turns out to need one.
 */
export function JoinRoomDialog({ onClose }: { onClose: () => void }) {
  const [typed, setTyped] = useState("");
  const [password, setPassword] = useState("");
  const [needsPassword, setNeedsPassword] = useState(false);
  const [referenceError, setReferenceError] = useState<string | undefined>();
  const { run, pending, error } = useAction(async (reference: Exclude<RoomReference, { kind: "empty" }>) => {
    if (reference.kind === "invite") {
      onClose();
      navigate(`/invite/${encodeURIComponent(reference.code)}`);
      return;
    }
    try {
      const room = await join(reference, password || undefined);
      onClose();
      navigate(roomPath(room.id));
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === "password_required") {
        setNeedsPassword(true);
        return;
      }
      throw failure;
    }
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const reference = parseRoomReference(typed);
    if (reference.kind === "empty") {
      setReferenceError("Enter the room's name, ID or link.");
      return;
    }
    setReferenceError(undefined);
    void run(reference);
  };

  const notFound = error?.code === "room_not_found" ? error.detail : undefined;
  return (
    <Dialog title="Join a room" onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <TextField
          label="Room name, ID or link"
          name="room"
          autoComplete="off"
          value={typed}
          onChange={(e) => {
            setTyped(e.target.value);
            setNeedsPassword(false);
          }}
          error={referenceError ?? notFound ?? error?.fieldError("name")}
          hint="Like #general, 12, or a link someone shared. Private rooms are joined through an invite link."
          autoFocusOnOpen
        />
        {needsPassword && (
          <TextField
            label="Room password"
            name="roomPassword"
            type="password"
            autoComplete="off"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={error?.fieldError("password")}
            hint="This room is password-protected: ask the person who shared it."
            autoFocus
          />
        )}
        <FormError message={notFound ? null : error?.formError} />
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

/** An id that names no room may still be a room's name ("2026"): the name is tried before saying there is none. */
async function join(reference: Extract<RoomReference, { kind: "id" | "name" }>, password: string | undefined): Promise<Room> {
  if (reference.kind === "name") return joinRoomByName(reference.name, password);
  try {
    return await joinRoom(reference.id, password);
  } catch (failure) {
    if (failure instanceof ApiError && failure.code === "room_not_found") return joinRoomByName(String(reference.id), password);
    throw failure;
  }
}
