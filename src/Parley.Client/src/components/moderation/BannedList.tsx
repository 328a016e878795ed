import { useEffect, useState } from "react";
import { listBans, unbanMember } from "../../state/moderationApi";
import { failureSentence } from "../../state/problem";
import type { Ban } from "../../types";
import { Avatar } from "../common/Avatar";
import { FormError } from "../common/Field";
import { useAction } from "../common/useAction";
import { useStore } from "../common/useStore";
import { bansVersion } from "../../state/moderation";

/** People banned from the room, for its owner and admins, each with a way to let them back. */
export function BannedList({ roomId }: { roomId: number }) {
  const [bans, setBans] = useState<readonly Ban[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const version = useStore(bansVersion);
  const unban = useAction(async (ban: Ban) => {
    await unbanMember(roomId, ban.user.id);
    setBans((list) => list?.filter((b) => b.user.id !== ban.user.id) ?? null);
  });
  useEffect(() => {
    listBans(roomId).then(setBans, (error: unknown) => setLoadError(failureSentence(error, "The bans could not be loaded.")));
  }, [roomId, version]);
  return (
    <div>
      <FormError message={loadError ?? unban.error?.detail} />
      {bans?.length === 0 && <p className="muted">Nobody is banned.</p>}
      <ul className="manage-list" aria-label="Banned">
        {bans?.map((ban) => (
          <li key={ban.user.id} className="manage-row">
            <Avatar user={ban.user} size="sm" />
            <span className="member-names">
              <span className="member-display">{ban.user.displayName}</span>
              <span className="member-username">
                @{ban.user.username} · banned {new Date(ban.bannedAt).toLocaleDateString()}
                {ban.bannedByName && ` by ${ban.bannedByName}`}
                {ban.reason && ` · ${ban.reason}`}
              </span>
            </span>
            <span className="manage-actions">
              <button type="button" className="button button-small" disabled={unban.pending} onClick={() => void unban.run(ban)} aria-label={`Unban ${ban.user.displayName}`}>
                Unban
              </button>
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
