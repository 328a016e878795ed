import { useState, type FormEvent } from "react";
import { resendVerification } from "../../state/api";
import { FormError, TextField } from "../common/Field";
import { useAction } from "../common/useAction";

/** Shown when sign-in needs a verified address: asks for a new link. The answer is the same for any address. */
export function ResendVerification({ initialEmail }: { initialEmail: string }) {
  const [email, setEmail] = useState(initialEmail);
  const [sent, setSent] = useState<string | null>(null);
  const { run, pending, error } = useAction(async () => setSent((await resendVerification(email.trim())).message));

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
    <form className="form" onSubmit={submit} noValidate aria-label="Resend verification mail">
      <TextField
        label="Your email address"
        name="email"
        type="email"
        autoComplete="email"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={error?.fieldError("email")}
      />
      <FormError message={error?.formError} />
      <button type="submit" className="button button-block" disabled={pending}>
        {pending ? "Sending…" : "Send a new verification link"}
      </button>
    </form>
  );
}
