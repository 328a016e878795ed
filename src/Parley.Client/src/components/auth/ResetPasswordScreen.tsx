import { useState, type FormEvent } from "react";
import { resetPassword } from "../../state/api";
import { navigate } from "../../state/router";
import { passwordWasReset } from "../../state/session";
import { FormError } from "../common/Field";
import { Logo } from "../common/Logo";
import { useAction } from "../common/useAction";
import { NewPasswordField } from "./NewPasswordField";

/** The page a reset mail links to: choose a new password, then sign in with it. */
export function ResetPasswordScreen() {
  const [token] = useState(() => new URLSearchParams(window.location.search).get("token") ?? "");
  const [password, setPassword] = useState("");
  const { run, pending, error } = useAction(async () => {
    await resetPassword(token, password);
    navigate("/", { replace: true });
    await passwordWasReset();
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run();
  };

  return (
    <div className="auth-screen">
      <main className="auth-card">
        <div className="auth-brand">
          <Logo size={40} />
          <span className="brand-name">Parley</span>
        </div>
        <h1>Choose a new password</h1>
        <form className="form" onSubmit={submit} noValidate aria-label="Choose a new password">
          <NewPasswordField
            label="New password"
            name="newPassword"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={error?.fieldError("newPassword")}
            autoFocus
          />
          <FormError message={error?.formError} />
          <button type="submit" className="button button-primary button-block" disabled={pending || !token}>
            {pending ? "Saving…" : "Set new password"}
          </button>
        </form>
        <p className="auth-switch">
          <button type="button" className="link-button" onClick={() => navigate("/", { replace: true })}>
            Back to sign in
          </button>
        </p>
      </main>
    </div>
  );
}
