import "../../styles/moderation.css";
import { useState } from "react";
import { removeMember } from "../../state/api";
import { bansVersion, timeoutChoices } from "../../state/moderation";
import { banMember, timeOutMember } from "../../state/moderationApi";
import type { UserSummary } from "../../types";
import { Dialog } from "../common/Dialog";
import { FormError } from "../common/Field";
import { useAction } from "../common/useAction";

export type MemberModeration = "remove" | "ban" | "timeout";

interface Props {
  roomId: number;
  user: UserSummary;
  action: MemberModeration;
  onClose: () => void;
}

/** Asks before removing, banning or timing out a member: each acts at once, live, for everyone in the room. */
export function MemberModerationDialog({ roomId, user, action, onClose }: Props) {
  const [reason, setReason] = useState("");
  const [minutes, setMinutes] = useState(timeoutChoices[1]!.minutes);
  const { run, pending, error } = useAction(async () => {
    if (action === "remove") await removeMember(roomId, user.id);
    else if (action === "ban") {
      await banMember(roomId, user.id, reason.trim() === "" ? null : reason.trim());
      bansVersion.update((v) => v + 1);
    }
    else await timeOutMember(roomId, user.id, minutes);
    onClose();
  });
  const name = user.displayName;
  const title = action === "remove" ? `Remove ${name}?` : action === "ban" ? `Ban ${name}?` : `Time out ${name}?`;
  return (
    <Dialog title={title} onClose={onClose}>
      {action === "remove" && <p>They leave the room at once. They can join again (for good, ban them instead).</p>}
      {action === "ban" && (
        <>
          <p>They leave the room at once and cannot join again, by any way, until someone unbans them in the room's settings.</p>
          <label className="field">
            <span className="field-label">Reason (optional, seen by the room's admins)</span>
            <input type="text" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
          </label>
        </>
      )}
      {action === "timeout" && (
        <fieldset className="report-categories">
          <legend>They can read but not write, react or edit for</legend>
          {timeoutChoices.map((choice) => (
            <label key={choice.minutes} className="radio-row">
              <input type="radio" name="minutes" checked={minutes === choice.minutes} onChange={() => setMinutes(choice.minutes)} />
              {choice.label}
            </label>
          ))}
        </fieldset>
      )}
      <FormError message={error?.detail} />
      <div className="form-actions">
        <button type="button" className="button" onClick={onClose} data-autofocus>
          Cancel
        </button>
        <button type="button" className="button button-danger" disabled={pending} onClick={() => void run()}>
          {action === "remove" ? "Remove" : action === "ban" ? "Ban" : "Time out"}
        </button>
      </div>
    </Dialog>
  );
}
