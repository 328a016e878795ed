import type { Me, Room } from "../../types";
import { Dialog } from "../common/Dialog";
import { AccessForm } from "./AccessForm";
import { DeleteRoom } from "./DeleteRoom";
import { DetailsForm } from "./DetailsForm";
import { InviteLinks } from "./InviteLinks";
import { MembersManager } from "./MembersManager";
import { BannedList } from "../moderation/BannedList";
import { RoomIdNote } from "./RoomIdNote";

/** Settings for owners and admins; each section shows only what the user's role may change. */
export function RoomSettingsDialog({ room, me, onClose }: { room: Room; me: Me; onClose: () => void }) {
  const isOwner = room.role === "owner";
  return (
    <Dialog title={`${room.name} settings`} onClose={onClose} wide>
      <div className="settings">
        <section className="settings-section" aria-labelledby="settings-details">
          <h3 id="settings-details">Name and topic</h3>
          <DetailsForm room={room} />
        </section>
        <section className="settings-section" aria-labelledby="settings-access">
          <h3 id="settings-access">Who can join</h3>
          {isOwner ? <AccessForm room={room} /> : <AccessSummary room={room} />}
        </section>
        <section className="settings-section" aria-labelledby="settings-invites">
          <h3 id="settings-invites">Invite links</h3>
          <InviteLinks roomId={room.id} />
        </section>
        <section className="settings-section" aria-labelledby="settings-members">
          <h3 id="settings-members">Members</h3>
          <MembersManager room={room} me={me} />
        </section>
        <section className="settings-section" aria-labelledby="settings-banned">
          <h3 id="settings-banned">Banned</h3>
          <BannedList roomId={room.id} />
        </section>
        {isOwner && (
          <section className="settings-section settings-danger" aria-labelledby="settings-delete">
            <h3 id="settings-delete">Delete room</h3>
            <DeleteRoom room={room} />
          </section>
        )}
      </div>
    </Dialog>
  );
}

function AccessSummary({ room }: { room: Room }) {
  const text =
    room.visibility === "public"
      ? "Public: anyone can find and join this room."
      : room.visibility === "private"
        ? "Private: people join through an invite link."
        : "Password-protected: people join with the room's name or ID and its password.";
  return (
    <>
      <p>{text} Only the owner can change this.</p>
      <RoomIdNote room={room} />
    </>
  );
}
