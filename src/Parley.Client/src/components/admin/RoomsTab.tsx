import { useEffect, useState } from "react";
import { deleteRoomAsAdmin, listRooms, roomMembers, transferOwnership } from "../../state/adminApi";
import { failureSentence } from "../../state/problem";
import type { AdminRoomRow, Member } from "../../types";
import { Dialog } from "../common/Dialog";
import { FormError } from "../common/Field";
import { useAction } from "../common/useAction";
import { ConfirmButton } from "./ConfirmButton";
import { Pager } from "./Pager";
import { SearchForm, useSearchablePage } from "./SearchablePage";

const PageSize = 25;

const visibilityLabel = { public: "Public", private: "Private", password: "Password" } as const;

/** Every room on the server with its numbers (a private room's too, never its messages): delete one, or hand it over. */
export function RoomsTab() {
  const { page, error, search, goTo, reload } = useSearchablePage((q, offset) => listRooms(q, offset, PageSize), "The rooms could not be loaded.");
  const [transferring, setTransferring] = useState<AdminRoomRow | null>(null);

  return (
    <div className="admin-list">
      <SearchForm id="admin-room-search" label="Search rooms" placeholder="Room name" maxLength={320} onSearch={search} />
      {error && <p role="alert">{error}</p>}
      {page && (
        <>
          <table className="admin-table admin-rooms">
            <thead>
              <tr>
                <th scope="col">Room</th>
                <th scope="col">Owner</th>
                <th scope="col">Members</th>
                <th scope="col">Messages</th>
                <th scope="col" className="admin-wide-only">
                  Created
                </th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((room) => (
                <tr key={room.id}>
                  <td>
                    {room.name} <span className="admin-badge">{visibilityLabel[room.visibility]}</span>
                  </td>
                  <td>{room.owner ? `@${room.owner.username}` : "—"}</td>
                  <td>{room.members}</td>
                  <td>{room.messages}</td>
                  <td className="admin-wide-only">{new Date(room.createdAt).toLocaleDateString()}</td>
                  <td className="admin-row-actions">
                    <button type="button" className="button button-small" onClick={() => setTransferring(room)}>
                      Transfer…
                    </button>
                    <ConfirmButton
                      label="Delete"
                      danger
                      question={
                        <>
                          Delete <strong>{room.name}</strong> with all of its messages and files, for its {room.members} member
                          {room.members === 1 ? "" : "s"}? This cannot be undone.
                        </>
                      }
                      confirm="Delete for everyone"
                      onConfirm={async () => {
                        await deleteRoomAsAdmin(room.id);
                        reload();
                      }}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {page.items.length === 0 && <p className="muted">No room matches.</p>}
          <Pager page={page} onOffset={goTo} />
        </>
      )}
      {transferring && (
        <TransferDialog
          room={transferring}
          onClose={() => setTransferring(null)}
          onDone={() => {
            setTransferring(null);
            reload();
          }}
        />
      )}
    </div>
  );
}

/** Choose the member who will own the room; the owner before stays on as an admin. */
function TransferDialog({ room, onClose, onDone }: { room: AdminRoomRow; onClose: () => void; onDone: () => void }) {
  const [members, setMembers] = useState<Member[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<number | null>(null);
  const { run, pending, error } = useAction(async () => {
    await transferOwnership(room.id, chosen!);
    onDone();
  });

  useEffect(() => {
    roomMembers(room.id).then(setMembers, (e: unknown) => setLoadError(failureSentence(e, "The members could not be loaded.")));
  }, [room.id]);

  const candidates = members?.filter((m) => m.role !== "owner") ?? [];
  return (
    <Dialog title={`Transfer ${room.name}`} onClose={onClose}>
      {loadError && <p role="alert">{loadError}</p>}
      {members && candidates.length === 0 && <p>Nobody else is in this room to hand it to.</p>}
      {candidates.length > 0 && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void run();
          }}
        >
          <div className="field">
            <label htmlFor="admin-new-owner">New owner</label>
            <select id="admin-new-owner" value={chosen ?? ""} onChange={(event) => setChosen(Number(event.target.value) || null)} data-autofocus>
              <option value="">Choose a member</option>
              {candidates.map((m) => (
                <option key={m.user.id} value={m.user.id}>
                  {m.user.displayName} (@{m.user.username}){m.role === "admin" ? ", admin" : ""}
                </option>
              ))}
            </select>
          </div>
          <p className="muted">{room.owner ? `@${room.owner.username} stays on as an admin.` : "The room has no owner now."}</p>
          <FormError message={error?.detail} />
          <div className="form-actions">
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="button button-primary" disabled={pending || chosen === null}>
              Make owner
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
