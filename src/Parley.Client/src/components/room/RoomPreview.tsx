import { useEffect, useState, type FormEvent } from "react";
import { getRoom } from "../../state/api";
import { fetchConversation } from "../../state/conversations";
import { ApiError } from "../../state/problem";
import { joinRoom } from "../../state/roomActions";
import type { Room } from "../../types";
import { FormError, TextField } from "../common/Field";
import { Link } from "../common/Link";
import { useAction } from "../common/useAction";

/**
 * An address the conversation list does not have: a conversation this user is in after all (someone just started
 * it with them), else a room they are not in (a shared link): what it is, and a way in if there is one.
 */
export function RoomPreview({ roomId }: { roomId: number }) {
  const [room, setRoom] = useState<Room | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [password, setPassword] = useState("");
  const join = useAction(() => joinRoom(roomId, password || undefined).then(() => undefined));

  useEffect(() => {
    let current = true;
    // Found: the list takes it and the conversation opens instead of this preview.
    fetchConversation(roomId)
      .then((mine) => (mine ? null : getRoom(roomId)))
      .then(
        (found) => current && found && setRoom(found),
        (error: unknown) => current && setProblem(error instanceof ApiError ? error.detail : "This room could not be loaded."),
      );
    return () => {
      current = false;
    };
  }, [roomId]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void join.run();
  };

  if (problem) {
    return (
      <div className="main-message">
        <p>{problem}</p>
        <Link href="/" className="button">
          Back to your conversations
        </Link>
      </div>
    );
  }
  if (!room) return <p className="main-message">Loading…</p>;

  return (
    <div className="main-message">
      <h1>{room.name}</h1>
      {room.topic && <p className="muted">{room.topic}</p>}
      <p>
        {room.memberCount} {room.memberCount === 1 ? "member" : "members"}. You are not in this room yet.
      </p>
      <form className="form preview-form" onSubmit={submit} noValidate>
        {room.visibility === "password" && (
          <TextField
            label="Room password"
            type="password"
            autoComplete="off"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={join.error?.fieldError("password")}
          />
        )}
        <FormError message={join.error?.formError} />
        <button type="submit" className="button button-primary" disabled={join.pending}>
          Join room
        </button>
      </form>
    </div>
  );
}
