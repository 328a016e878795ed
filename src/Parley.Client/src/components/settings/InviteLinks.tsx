import { useEffect, useState, type FormEvent } from "react";
import * as api from "../../state/api";
import { ApiError } from "../../state/problem";
import type { Invite } from "../../types";
import { FormError, TextField } from "../common/Field";
import { useAction } from "../common/useAction";
import { InviteRow } from "./InviteRow";

const expiries = [
  { label: "1 hour", hours: 1 },
  { label: "1 day", hours: 24 },
  { label: "7 days", hours: 24 * 7 },
  { label: "Never", hours: null },
] as const;

export function InviteLinks({ roomId }: { roomId: number }) {
  const [invites, setInvites] = useState<Invite[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [expiry, setExpiry] = useState("24");
  const [maxUses, setMaxUses] = useState("");
  const [usesError, setUsesError] = useState<string | undefined>();

  useEffect(() => {
    api.listInvites(roomId).then(setInvites, (error: unknown) =>
      setLoadError(error instanceof ApiError ? error.detail : "The invite links could not be loaded."),
    );
  }, [roomId]);

  const create = useAction(async (uses: number | undefined) => {
    const invite = await api.createInvite(roomId, {
      ...(expiry !== "never" ? { expiresInHours: Number(expiry) } : {}),
      ...(uses !== undefined ? { maxUses: uses } : {}),
    });
    setInvites((current) => [invite, ...(current ?? [])]);
    setMaxUses("");
  });

  const revoke = useAction(async (code: string) => {
    await api.revokeInvite(roomId, code);
    setInvites((current) => (current ?? []).filter((i) => i.code !== code));
  });

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
    <div className="invites">
      <form className="invite-form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="invite-expiry">Expires after</label>
          <select id="invite-expiry" value={expiry} onChange={(e) => setExpiry(e.target.value)}>
            {expiries.map((choice) => (
              <option key={choice.label} value={choice.hours === null ? "never" : String(choice.hours)}>
                {choice.label}
              </option>
            ))}
          </select>
        </div>
        <TextField
          label="Maximum uses (optional)"
          inputMode="numeric"
          value={maxUses}
          onChange={(e) => setMaxUses(e.target.value)}
          error={usesError ?? create.error?.fieldError("maxUses") ?? create.error?.fieldError("expiresInHours")}
        />
        <button type="submit" className="button button-primary" disabled={create.pending}>
          Create invite link
        </button>
      </form>
      <FormError message={loadError ?? revoke.error?.detail ?? create.error?.formError} />
      {invites !== null && invites.length === 0 && <p className="muted">No invite links yet.</p>}
      {invites !== null && invites.length > 0 && (
        <ul className="invite-list" aria-label="Invite links">
          {invites.map((invite) => (
            <InviteRow key={invite.code} invite={invite} onRevoke={() => void revoke.run(invite.code)} revoking={revoke.pending} />
          ))}
        </ul>
      )}
    </div>
  );
}
