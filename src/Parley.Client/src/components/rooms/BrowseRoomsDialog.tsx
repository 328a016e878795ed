import { useEffect, useState } from "react";
import { searchPublicRooms } from "../../state/api";
import { ApiError } from "../../state/problem";
import { joinRoom } from "../../state/roomActions";
import { roomPath } from "../../state/routes";
import { navigate } from "../../state/router";
import type { Room } from "../../types";
import { Dialog } from "../common/Dialog";
import { FormError, TextField } from "../common/Field";
import { useAction } from "../common/useAction";

const SearchDelayMs = 200;

export function BrowseRoomsDialog({ onClose }: { onClose: () => void }) {
  const [query, setQuery] = useState("");
  const [rooms, setRooms] = useState<Room[] | null>(null);
  const [searchError, setSearchError] = useState<string | null>(null);
  const join = useAction(async (room: Room) => {
    if (room.role === null) await joinRoom(room.id);
    onClose();
    navigate(roomPath(room.id));
  });

  useEffect(() => {
    const abort = new AbortController();
    const timer = setTimeout(() => {
      searchPublicRooms(query.trim(), abort.signal).then(
        (found) => {
          setRooms(found);
          setSearchError(null);
        },
        (error: unknown) => {
          if (!abort.signal.aborted) setSearchError(error instanceof ApiError ? error.detail : "Search failed.");
        },
      );
    }, SearchDelayMs);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [query]);

  return (
    <Dialog title="Browse public rooms" onClose={onClose} wide>
      <TextField label="Search by name" type="search" value={query} onChange={(e) => setQuery(e.target.value)} autoFocusOnOpen />
      <FormError message={searchError ?? join.error?.detail} />
      {rooms === null ? (
        <p className="muted">Loading…</p>
      ) : rooms.length === 0 ? (
        <p className="muted">{query.trim() ? "No public rooms match." : "There are no public rooms yet."}</p>
      ) : (
        <ul className="directory" aria-label="Public rooms">
          {rooms.map((room) => (
            <li key={room.id} className="directory-item">
              <div className="directory-text">
                <span className="directory-name"># {room.name}</span>
                {room.topic && <span className="directory-topic">{room.topic}</span>}
                <span className="directory-count">
                  {room.memberCount} {room.memberCount === 1 ? "member" : "members"}
                </span>
              </div>
              <button
                type="button"
                className={room.role === null ? "button button-primary" : "button"}
                disabled={join.pending}
                onClick={() => void join.run(room)}
                aria-label={`${room.role === null ? "Join" : "Open"} ${room.name}`}
              >
                {room.role === null ? "Join" : "Open"}
              </button>
            </li>
          ))}
        </ul>
      )}
    </Dialog>
  );
}
