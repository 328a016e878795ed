import { useCallback, useEffect, useId, useState, type FormEvent } from "react";
import { listPasskeys, removePasskey, renamePasskey, type PasskeyInfo } from "../../state/passkeyApi";
import { createPasskey, passkeysSupported } from "../../state/passkeys";
import { FormError, TextField } from "../common/Field";
import { useAction } from "../common/useAction";

const moment = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const when = (iso: string) => moment.format(new Date(iso));

/** Passkeys: sign in with a fingerprint, face or device PIN instead of the password. Add, rename, remove. */
export function PasskeysSection() {
  const id = useId();
  const [passkeys, setPasskeys] = useState<PasskeyInfo[] | null>(null);
  const [currentPassword, setCurrentPassword] = useState("");
  const [editing, setEditing] = useState<{ id: string; name: string } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const reload = useCallback(async () => setPasskeys(await listPasskeys()), []);
  const load = useAction(reload);
  const add = useAction(async () => {
    setDone(null);
    const added = await createPasskey(currentPassword);
    setCurrentPassword("");
    setDone(`Passkey "${added.name}" added. You can sign in with it on this device.`);
    await reload();
  });
  const rename = useAction(async (passkeyId: string, name: string) => {
    await renamePasskey(passkeyId, name);
    setEditing(null);
    await reload();
  });
  const remove = useAction(async (passkeyId: string) => {
    await removePasskey(passkeyId);
    await reload();
  });

  useEffect(() => {
    void load.run();
  }, []);

  const submitAdd = (event: FormEvent) => {
    event.preventDefault();
    void add.run();
  };
  const submitRename = (event: FormEvent) => {
    event.preventDefault();
    if (editing) void rename.run(editing.id, editing.name);
  };

  return (
    <section className="settings-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Passkeys</h3>
      <p className="muted">
        Sign in with your fingerprint, face or device PIN instead of your password. A passkey stays on your device (or in your
        password manager) and works only on this server.
      </p>
      {passkeys && passkeys.length > 0 && (
        <ul className="session-list" aria-label="Passkeys">
          {passkeys.map((passkey) => (
            <li key={passkey.id} className="manage-row session-row" data-testid="passkey">
              {editing?.id === passkey.id ? (
                <form className="form" onSubmit={submitRename} noValidate aria-label={`Rename ${passkey.name}`}>
                  <TextField
                    label="Name"
                    name="passkeyName"
                    value={editing.name}
                    maxLength={50}
                    onChange={(e) => setEditing({ id: passkey.id, name: e.target.value })}
                    error={rename.error?.fieldError("name")}
                    autoFocus
                  />
                  <span className="manage-actions">
                    <button type="submit" className="button button-small button-primary" disabled={rename.pending}>
                      Save
                    </button>
                    <button type="button" className="button button-small" onClick={() => setEditing(null)}>
                      Cancel
                    </button>
                  </span>
                </form>
              ) : (
                <>
                  <span className="session-details">
                    <span className="session-name">{passkey.name}</span>
                    <span className="muted session-meta">
                      added {when(passkey.createdAt)} · {passkey.lastUsedAt ? `last used ${when(passkey.lastUsedAt)}` : "not used yet"}
                    </span>
                  </span>
                  <span className="manage-actions">
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => setEditing({ id: passkey.id, name: passkey.name })}
                      aria-label={`Rename ${passkey.name}`}
                    >
                      Rename
                    </button>
                    <button
                      type="button"
                      className="button button-small"
                      disabled={remove.pending}
                      onClick={() => void remove.run(passkey.id)}
                      aria-label={`Remove ${passkey.name}`}
                    >
                      Remove
                    </button>
                  </span>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {passkeys && passkeys.length === 0 && <p className="muted">You have no passkeys yet.</p>}
      {passkeysSupported() ? (
        <form className="form" onSubmit={submitAdd} noValidate aria-label="Add a passkey">
          <TextField
            label="Current password"
            name="passkeyCurrentPassword"
            type="password"
            autoComplete="current-password"
            hint="Asked so that nobody who finds this browser signed in can add a way into your account."
            value={currentPassword}
            onChange={(e) => setCurrentPassword(e.target.value)}
            error={add.error?.fieldError("currentPassword")}
          />
          <FormError message={add.error?.formError} />
          {done && (
            <p className="muted" role="status">
              {done}
            </p>
          )}
          <div>
            <button type="submit" className="button" disabled={add.pending}>
              {add.pending ? "Waiting for your device…" : "Add a passkey"}
            </button>
          </div>
        </form>
      ) : (
        <p className="muted">This browser cannot make passkeys (it needs WebAuthn on a secure page).</p>
      )}
      <FormError message={load.error?.detail ?? remove.error?.detail ?? rename.error?.formError} />
    </section>
  );
}
