import { useRef, useState } from "react";
import type { Invite } from "../../types";

export function InviteRow({ invite, onRevoke, revoking }: { invite: Invite; onRevoke: () => void; revoking: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const [copyState, setCopyState] = useState<"idle" | "copied" | "manual">("idle");

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(invite.url);
      setCopyState("copied");
    } catch {
      // No clipboard access (an insecure origin, or permission refused): select it for Ctrl+C instead.
      input.current?.select();
      setCopyState("manual");
    }
  };

  return (
    <li className="invite" data-testid="invite">
      <label className="visually-hidden" htmlFor={`invite-${invite.code}`}>
        Invite link
      </label>
      <input id={`invite-${invite.code}`} ref={input} className="invite-url" readOnly value={invite.url} onFocus={(e) => e.target.select()} />
      <div className="invite-meta">
        <span className="muted">{describe(invite)}</span>
        <span role="status" className="muted">
          {copyState === "copied" ? "Copied" : copyState === "manual" ? "Selected: press Ctrl+C to copy" : ""}
        </span>
        <button type="button" className="button button-small" onClick={() => void copy()}>
          Copy link
        </button>
        <button type="button" className="button button-small button-danger" onClick={onRevoke} disabled={revoking}>
          Revoke
        </button>
      </div>
    </li>
  );
}

function describe(invite: Invite): string {
  const expires = invite.expiresAt ? `Expires ${new Date(invite.expiresAt).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })}` : "Never expires";
  const uses = invite.maxUses !== null ? `used ${invite.uses} of ${invite.maxUses}` : `used ${invite.uses} ${invite.uses === 1 ? "time" : "times"}`;
  return `${expires} · ${uses}`;
}
