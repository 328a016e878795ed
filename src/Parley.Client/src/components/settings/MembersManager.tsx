import { useState } from "react";
import * as api from "../../state/api";
import { membersStore } from "../../state/members";
import type { Me, Member, MemberRole, Room } from "../../types";
import { Avatar } from "../common/Avatar";
import { FormError } from "../common/Field";
import { useAction } from "../common/useAction";
import { useStore } from "../common/useStore";
import { roleLabel } from "../room/MemberList";

// Changes arrive back as memberUpdated / memberLeft events, which update the list here and everywhere else.

export function MembersManager({ room, me }: { room: Room; me: Me }) {
  const state = useStore(membersStore);
  const [handingOver, setHandingOver] = useState<Member | null>(null);
  const action = useAction((change: () => Promise<unknown>) => change().then(() => undefined));
  const members = state.roomId === room.id ? state.members : [];
  const myRole = room.role ?? "member";

  const setRole = (member: Member, role: MemberRole) => void action.run(() => api.changeRole(room.id, member.user.id, role));
  const remove = (member: Member) => void action.run(() => api.removeMember(room.id, member.user.id));

  return (
    <div className="manage-members">
      <FormError message={action.error?.detail} />
      {handingOver && (
        <div className="confirm" role="group" aria-label="Confirm ownership transfer">
          <p>
            Make <strong>{handingOver.user.displayName}</strong> the owner? You will become an admin, and only they can undo it.
          </p>
          <div className="form-actions">
            <button type="button" className="button" onClick={() => setHandingOver(null)}>
              Cancel
            </button>
            <button
              type="button"
              className="button button-danger"
              onClick={() => {
                setRole(handingOver, "owner");
                setHandingOver(null);
              }}
            >
              Transfer ownership
            </button>
          </div>
        </div>
      )}
      <ul className="manage-list" aria-label="Manage members">
        {members.map((member) => (
          <li key={member.user.id} className="manage-row">
            <Avatar user={member.user} size="sm" />
            <span className="member-names">
              <span className="member-display">
                {member.user.displayName}
                {member.user.id === me.id && " (you)"}
              </span>
              <span className="member-username">
                @{member.user.username} · {roleLabel[member.role]}
              </span>
            </span>
            {member.user.id !== me.id && (
              <span className="manage-actions">
                {myRole === "owner" && member.role === "member" && (
                  <button type="button" className="button button-small" disabled={action.pending} onClick={() => setRole(member, "admin")} aria-label={`Make ${member.user.displayName} an admin`}>
                    Make admin
                  </button>
                )}
                {myRole === "owner" && member.role === "admin" && (
                  <button type="button" className="button button-small" disabled={action.pending} onClick={() => setRole(member, "member")} aria-label={`Remove admin role from ${member.user.displayName}`}>
                    Remove admin
                  </button>
                )}
                {myRole === "owner" && (
                  <button type="button" className="button button-small" disabled={action.pending} onClick={() => setHandingOver(member)} aria-label={`Make ${member.user.displayName} the owner`}>
                    Make owner
                  </button>
                )}
                {canRemove(myRole, member.role) && (
                  <button
                    type="button"
                    className="button button-small button-danger"
                    disabled={action.pending}
                    onClick={() => remove(member)}
                    aria-label={`Remove ${member.user.displayName}`}
                  >
                    Remove
                  </button>
                )}
              </span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

const rank: Record<MemberRole, number> = { member: 0, admin: 1, owner: 2 };

/** The server's rule: owners remove anyone else, admins remove plain members. */
function canRemove(actor: MemberRole, target: MemberRole): boolean {
  return rank[actor] >= rank.admin && rank[actor] > rank[target];
}
