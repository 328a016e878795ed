import { useCallback, useEffect, useId, useState, type FormEvent } from "react";
import { describeExpiry, describeLastUse, tokenLifetimes } from "../../state/twoFactor";
import { createPersonalToken, listPersonalTokens, revokePersonalToken, type CreatedPersonalToken, type PersonalToken } from "../../state/twoFactorApi";
import { FormError, TextField } from "../common/Field";
import { useAction } from "../common/useAction";
import { CopyButton } from "./CopyButton";
import "../../styles/twoFactor.css";

const day = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

/** Tokens for scripts and bots: the way in for them when the account has two-factor sign-in, each revocable on its own. */
export function PersonalTokensSection() {
  const id = useId();
  const [tokens, setTokens] = useState<PersonalToken[] | null>(null);
  const [name, setName] = useState("");
  const [lifetime, setLifetime] = useState(0);
  const [password, setPassword] = useState("");
  const [created, setCreated] = useState<CreatedPersonalToken | null>(null);
  const reload = useCallback(async () => setTokens(await listPersonalTokens()), []);
  const load = useAction(reload);
  const create = useAction(async () => {
    setCreated(await createPersonalToken(name.trim(), tokenLifetimes[lifetime]?.days ?? null, password));
    setName("");
    setPassword("");
    await reload();
  });
  const revoke = useAction(async (tokenId: string) => {
    await revokePersonalToken(tokenId);
    if (created?.token.id === tokenId) setCreated(null);
    await reload();
  });

  useEffect(() => {
    void load.run();
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void create.run();
  };

  return (
    <section className="settings-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Personal access tokens</h3>
      <p className="muted">
        For scripts and bots: send a token as <code>Authorization: Bearer …</code>. With two-factor authentication on,
        this is how scripts sign in.
      </p>
      {created && (
        <div className="form" role="region" aria-label="New token">
          <p>
            <strong>Copy the token “{created.token.name}” now: it is shown only this once.</strong>
          </p>
          <code className="token-secret" data-testid="token-secret">
            {created.accessToken}
          </code>
          <div className="manage-actions">
            <CopyButton text={created.accessToken} label="Copy token" />
            <button type="button" className="button" onClick={() => setCreated(null)}>
              Done
            </button>
          </div>
        </div>
      )}
      {tokens && tokens.length > 0 && (
        <ul className="session-list" aria-label="Personal access tokens">
          {tokens.map((token) => (
            <li key={token.id} className="manage-row session-row" data-testid="personal-token">
              <span className="session-details">
                <span className="session-name">{token.name}</span>
                <span className="muted session-meta">
                  Created {day.format(new Date(token.createdAt))} · {describeLastUse(token.lastUsedAt)} · {describeExpiry(token.expiresAt)}
                </span>
              </span>
              <span className="manage-actions">
                <button
                  type="button"
                  className="button button-small"
                  disabled={revoke.pending}
                  onClick={() => void revoke.run(token.id)}
                  aria-label={`Revoke ${token.name}`}
                >
                  Revoke
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      <form className="form" onSubmit={submit} noValidate aria-label="New personal access token">
        <TextField
          label="Token name"
          name="tokenName"
          maxLength={64}
          placeholder="backup script"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={create.error?.fieldError("name")}
        />
        <div className="field">
          <label htmlFor={`${id}-lifetime`}>Expires after</label>
          <select id={`${id}-lifetime`} value={lifetime} onChange={(e) => setLifetime(Number(e.target.value))}>
            {tokenLifetimes.map((choice, index) => (
              <option key={choice.label} value={index}>
                {choice.label}
              </option>
            ))}
          </select>
          {create.error?.fieldError("expiresInDays") && <div className="field-error">{create.error.fieldError("expiresInDays")}</div>}
        </div>
        <TextField
          label="Your password"
          name="password"
          type="password"
          autoComplete="current-password"
          hint="A token outlives this session, so making one asks for your password."
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={create.error?.fieldError("password")}
        />
        <FormError message={create.error?.formError ?? load.error?.detail ?? revoke.error?.detail} />
        <div>
          <button type="submit" className="button" disabled={create.pending || name.trim() === "" || password === ""}>
            Create token
          </button>
        </div>
      </form>
    </section>
  );
}
