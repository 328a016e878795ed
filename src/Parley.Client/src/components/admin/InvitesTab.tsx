import { useCallback, useEffect, useId, useState, type FormEvent } from "react";
import { describeInviteCode, inviteLink, inviteStatusLabel } from "../../state/serverSettings";
import { createInviteCode, listInviteCodes, revokeInviteCode } from "../../state/settingsApi";
import type { InviteCode } from "../../types";
import { FormError, TextField } from "../common/Field";
import { useAction } from "../common/useAction";
import "../../styles/adminSettings.css";

const expiries = [
  { label: "1 day", days: 1 },
  { label: "7 days", days: 7 },
  { label: "30 days", days: 30 },
  { label: "Never", days: null },
] as const;

/** Invite codes for an invite-only server: make one (with a note, a use limit, an expiry), share its link, revoke it. */
export function InvitesTab() {
  const id = useId();
  const [codes, setCodes] = useState<InviteCode[] | null>(null);
  const [note, setNote] = useState("");
  const [maxUses, setMaxUses] = useState("1");
  const [expiry, setExpiry] = useState("7");
  const [usesError, setUsesError] = useState<string | undefined>();
  const [made, setMade] = useState<InviteCode | null>(null);

  const reload = useCallback(async () => setCodes(await listInviteCodes()), []);
  const load = useAction(reload);
  const create = useAction(async (uses: number | undefined) => {
    const days = expiry === "never" ? null : Number(expiry);
    const code = await createInviteCode({
      maxUses: uses,
      note: note.trim() || undefined,
      expiresAt: days === null ? undefined : new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString(),
    });
    setMade(code);
    setNote("");
    await reload();
  });
  const revoke = useAction(async (codeId: number) => {
    await revokeInviteCode(codeId);
    await reload();
  });

  useEffect(() => {
    void load.run();
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const uses = maxUses.trim() ? Number(maxUses.trim()) : undefined;
    if (uses !== undefined && (!Number.isSafeInteger(uses) || uses < 1)) {
      setUsesError("Enter a whole number of uses, or leave it empty for no limit.");
      return;
    }
    setUsesError(undefined);
    void create.run(uses);
  };

  return (
    <div className="admin-invites">
      <p className="muted">
        Invite codes matter while registration is invite-only (Settings tab). Each new account uses one; share the link or
        the code.
      </p>
      <form className="form" onSubmit={submit} noValidate aria-label="Make an invite code">
        <TextField
          label="Note (optional)"
          value={note}
          maxLength={200}
          onChange={(e) => setNote(e.target.value)}
          hint="Who it is for, so you recognise it in the list."
          error={create.error?.fieldError("note")}
        />
        <div className="admin-settings-pair">
          <TextField
            label="Uses (empty: no limit)"
            inputMode="numeric"
            value={maxUses}
            onChange={(e) => setMaxUses(e.target.value)}
            error={usesError ?? create.error?.fieldError("maxUses")}
          />
          <div className="field">
            <label htmlFor={`${id}-expiry`}>Expires after</label>
            <select id={`${id}-expiry`} value={expiry} onChange={(e) => setExpiry(e.target.value)}>
              {expiries.map((choice) => (
                <option key={choice.label} value={choice.days === null ? "never" : String(choice.days)}>
                  {choice.label}
                </option>
              ))}
            </select>
            {create.error?.fieldError("expiresAt") && <div className="field-error">{create.error.fieldError("expiresAt")}</div>}
          </div>
        </div>
        <FormError message={create.error?.formError} />
        <div>
          <button type="submit" className="button button-primary" disabled={create.pending}>
            Make an invite code
          </button>
        </div>
      </form>
      {made && (
        <p role="status" data-testid="new-invite-code">
          New code <span className="invite-code-value">{made.code}</span> · sign-up link:{" "}
          <a href={inviteLink(made.code, window.location.origin)}>{inviteLink(made.code, window.location.origin)}</a>
        </p>
      )}
      {!codes ? (
        <p className="muted">Loading invite codes…</p>
      ) : codes.length === 0 ? (
        <p className="muted">No invite codes yet.</p>
      ) : (
        <ul className="session-list" aria-label="Invite codes">
          {codes.map((code) => (
            <li key={code.id} className="manage-row" data-testid="invite-code">
              <span className="session-details">
                <span className="session-name">
                  <span className="invite-code-value">{code.code}</span> · {inviteStatusLabel[code.status]}
                  {code.note && <> · {code.note}</>}
                </span>
                <span className="muted session-meta">
                  {describeInviteCode(code)}
                  {code.createdBy && <> · made by {code.createdBy}</>}
                </span>
              </span>
              {code.status !== "revoked" && (
                <span className="manage-actions">
                  <button
                    type="button"
                    className="button button-small"
                    disabled={revoke.pending}
                    onClick={() => void revoke.run(code.id)}
                    aria-label={`Revoke ${code.code}`}
                  >
                    Revoke
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      <FormError message={load.error?.detail ?? revoke.error?.detail} />
    </div>
  );
}
