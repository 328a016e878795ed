import { useId, useState, type FormEvent } from "react";
import { changePassword } from "../../state/api";
import { NewPasswordField } from "../auth/NewPasswordField";
import { FormError, TextField } from "../common/Field";
import { useAction } from "../common/useAction";

/** Change the password with the current one; optionally sign out every other device. */
export function ChangePasswordSection() {
  const id = useId();
  const [currentPassword, setCurrentPassword] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const [signOutOtherSessions, setSignOutOtherSessions] = useState(true);
  const [done, setDone] = useState<string | null>(null);
  const { run, pending, error } = useAction(async () => {
    setDone(null);
    await changePassword({ currentPassword, newPassword, signOutOtherSessions });
    setCurrentPassword("");
    setNewPassword("");
    setDone(signOutOtherSessions ? "Password changed. Your other sessions were signed out." : "Password changed.");
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run();
  };

  return (
    <section className="settings-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Change password</h3>
      <form className="form" onSubmit={submit} noValidate aria-label="Change password">
        <TextField
          label="Current password"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          value={currentPassword}
          onChange={(e) => setCurrentPassword(e.target.value)}
          error={error?.fieldError("currentPassword")}
        />
        <NewPasswordField
          label="New password"
          name="newPassword"
          value={newPassword}
          onChange={(e) => setNewPassword(e.target.value)}
          error={error?.fieldError("newPassword")}
        />
        <div className="toggle">
          <input
            id={`${id}-others`}
            type="checkbox"
            checked={signOutOtherSessions}
            onChange={(e) => setSignOutOtherSessions(e.target.checked)}
            aria-describedby={`${id}-others-hint`}
          />
          <span>
            <label htmlFor={`${id}-others`} className="toggle-label">
              Sign out other sessions
            </label>
            <span id={`${id}-others-hint`} className="toggle-hint">
              Every other device and browser signed in to your account will need the new password.
            </span>
          </span>
        </div>
        <FormError message={error?.formError} />
        {done && (
          <p className="muted" role="status">
            {done}
          </p>
        )}
        <div>
          <button type="submit" className="button button-primary" disabled={pending}>
            {pending ? "Changing…" : "Change password"}
          </button>
        </div>
      </form>
    </section>
  );
}
