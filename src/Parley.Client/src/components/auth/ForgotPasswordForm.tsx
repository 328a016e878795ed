import { useState, type FormEvent } from "react";
import { forgotPassword } from "../../state/api";
import { FormError, TextField } from "../common/Field";
import { useAction } from "../common/useAction";

/** Asks for a reset link. The answer is the same whether or not an account has the address, and so is what it shows. */
export function ForgotPasswordForm() {
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState<string | null>(null);
  const { run, pending, error } = useAction(async () => setSent((await forgotPassword(email.trim())).message));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run();
  };

  if (sent) {
    return (
      <p className="auth-note" role="status">
        {sent}
      </p>
    );
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Reset password">
      <p className="muted">Enter your account's email address and we will mail you a link to choose a new password.</p>
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={error?.fieldError("email")}
        autoFocus
      />
      <FormError message={error?.formError} />
      <button type="submit" className="button button-primary button-block" disabled={pending}>
        {pending ? "Sending…" : "Send reset link"}
      </button>
    </form>
  );
}
