import { useId, useState, type FormEvent } from "react";
import { changeEmail } from "../../state/api";
import { FormError, TextField } from "../common/Field";
import { useAction } from "../common/useAction";
import { useStore } from "../common/useStore";
import { sessionStore } from "../../state/session";

/** A new address, confirmed from that address before it replaces the current one. */
export function ChangeEmailSection() {
  const id = useId();
  const session = useStore(sessionStore);
  const [newEmail, setNewEmail] = useState("");
  const [password, setPassword] = useState("");
  const [sent, setSent] = useState<string | null>(null);
  const { run, pending, error } = useAction(async () => {
    setSent(null);
    setSent((await changeEmail({ newEmail: newEmail.trim(), password })).message);
    setPassword("");
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run();
  };

  return (
    <section className="settings-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Email address</h3>
      {session.status === "signedIn" && (
        <p className="muted">
          Now: {session.me.email}
          {session.me.emailVerified ? " (verified)" : " (not verified)"}
        </p>
      )}
      <form className="form" onSubmit={submit} noValidate aria-label="Change email address">
        <TextField
          label="New email address"
          name="newEmail"
          type="email"
          autoComplete="email"
          value={newEmail}
          onChange={(e) => setNewEmail(e.target.value)}
          error={error?.fieldError("newEmail")}
        />
        <TextField
          label="Your password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={error?.fieldError("password")}
        />
        <FormError message={error?.formError} />
        {sent && (
          <p className="muted" role="status">
            {sent}
          </p>
        )}
        <div>
          <button type="submit" className="button" disabled={pending}>
            {pending ? "Sending…" : "Change email address"}
          </button>
        </div>
      </form>
    </section>
  );
}
