import { useEffect, useRef } from "react";
import { connectionStore } from "../../state/hub";
import { membersStore } from "../../state/members";
import { presenceClass, shownPresence } from "../../state/presence";
import type { ConnectionState } from "../../state/hub";
import type { Member, MemberRole } from "../../types";
import { Avatar } from "../common/Avatar";
import { useStore } from "../common/useStore";
import { useNow } from "../common/useNow";
import { timeoutEnd, untilText } from "../../state/moderation";

export const roleLabel: Record<MemberRole, string> = { owner: "Owner", admin: "Admin", member: "Member" };

export function MemberList({ roomId, onClose }: { roomId: number; onClose: () => void }) {
  const state = useStore(membersStore);
  const members = state.roomId === roomId ? state.members : [];
  const connection = useStore(connectionStore);
  const online = members.filter((m) => shownPresence(m.online, connection) === "online").length;
  const closeButton = useRef<HTMLButtonElement>(null);

  // Where the panel covers the conversation, opening it takes the keyboard there (its close button is only shown then).
  useEffect(() => {
    if (closeButton.current?.offsetParent) closeButton.current.focus();
  }, []);
  return (
    // On narrower screens the panel covers the conversation, so Escape inside it closes it.
    <aside id="member-panel" className="member-panel" aria-label="Members" onKeyDown={(e) => e.key === "Escape" && onClose()}>
      <header className="member-panel-header">
        <h2>
          Members <span className="muted">{members.length > 0 && (connection === "connected" ? `· ${online} online` : "· online status unknown")}</span>
        </h2>
        <button ref={closeButton} type="button" className="icon-button member-panel-close" onClick={onClose} aria-label="Close members">
          ×
        </button>
      </header>
      {state.roomId === roomId && state.status === "error" && <p className="muted">{state.error}</p>}
      {state.roomId === roomId && state.status === "loading" && <p className="muted">Loading…</p>}
      <ul className="member-list">
        {members.map((member) => (
          <MemberRow key={member.user.id} member={member} connection={connection} />
        ))}
      </ul>
    </aside>
  );
}

function MemberRow({ member, connection }: { member: Member; connection: ConnectionState }) {
  const presence = shownPresence(member.online, connection);
  const timedOutUntil = timeoutEnd(member, useNow(15_000));
  return (
    <li className={`member ${presenceClass[presence]}`.trim()} data-testid="member" data-presence={presence}>
      <span className="member-avatar">
        <Avatar user={member.user} size="sm" />
        <span className="presence-dot" aria-hidden="true" />
      </span>
      <span className="member-names">
        <span className="member-display">{member.user.displayName}</span>
        <span className="member-username">@{member.user.username}</span>
        {member.status && (
          <span className="member-status" data-testid="member-status">
            {member.status}
          </span>
        )}
      </span>
      <span className="visually-hidden">{presence === "unknown" ? "status unknown" : presence}</span>
      {timedOutUntil && (
        <span className="role-badge role-timed-out" title={`Timed out until ${untilText(timedOutUntil)}`} data-testid="member-timed-out">
          Timed out
        </span>
      )}
      {member.role !== "member" && <span className={`role-badge role-${member.role}`}>{roleLabel[member.role]}</span>}
    </li>
  );
}
