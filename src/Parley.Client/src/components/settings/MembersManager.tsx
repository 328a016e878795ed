import { useState } from "react";
import * as api from "../../state/api";
import { membersStore } from "../../state/members";
import type { Me, Member, MemberRole, Room } from "../../types";
import { Avatar } from "../common/Avatar";
import { FormError } from "../common/Field";
import { useAction } from "../common/useAction";
import { useStore } from "../common/useStore";
import { roleLabel } from "../room/MemberList";
import { MemberModerationDialog, type MemberModeration } from "../moderation/MemberModerationDialogs";
import { liftTimeout } from "../../state/moderationApi";
import { timeoutEnd, untilText } from "../../state/moderation";
import { useNow } from "../common/useNow";

// Changes arrive back as memberUpdated / memberLeft events, which update the list here and everywhere else.

export function MembersManager({ room, me }: { room: Room; me: Me }) {
  const state = useStore(membersStore);
  const [handingOver, setHandingOver] = useState<Member | null>(null);
  const [moderating, setModerating] = useState<{ member: Member; action: MemberModeration } | null>(null);
  const now = useNow(15_000);
  const action = useAction((change: () => Promise<unknown>) => change().then(() => undefined));
  const members = state.roomId === room.id ? state.members : [];
  const myRole = room.role ?? "member";

  const setRole = (member: Member, role: MemberRole) => void action.run(() => api.changeRole(room.id, member.user.id, role));

  return (
    <div className="manage-members">
      <FormError message={action.error?.detail} />
      {moderating && (
        <MemberModerationDialog roomId={room.id} user={moderating.member.user} action={moderating.action} onClose={() => setModerating(null)} />
      )}
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
                {timeoutEnd(member, now) && ` · timed out until ${untilText(timeoutEnd(member, now)!)}`}
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
                {canRemove(myRole, member.role) &&
                  (timeoutEnd(member, now) ? (
                    <button
                      type="button"
                      className="button button-small"
                      disabled={action.pending}
                      onClick={() => void action.run(() => liftTimeout(room.id, member.user.id))}
                      aria-label={`Lift ${member.user.displayName}'s timeout`}
                    >
                      Lift timeout
                    </button>
                  ) : (
                    <button type="button" className="button button-small" onClick={() => setModerating({ member, action: "timeout" })} aria-label={`Time out ${member.user.displayName}`}>
                      Time out
                    </button>
                  ))}
                {canRemove(myRole, member.role) && (
                  <button
                    type="button"
                    className="button button-small button-danger"
                    onClick={() => setModerating({ member, action: "remove" })}
                    aria-label={`Remove ${member.user.displayName}`}
                  >
                    Remove
                  </button>
                )}
                {canRemove(myRole, member.role) && (
                  <button type="button" className="button button-small button-danger" onClick={() => setModerating({ member, action: "ban" })} aria-label={`Ban ${member.user.displayName}`}>
                    Ban
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

/** The server's rule: owners remove (ban, time out) anyone else, admins plain members. */
function canRemove(actor: MemberRole, target: MemberRole): boolean {
  return rank[actor] >= rank.admin && rank[actor] > rank[target];
}
