import { useState, type FormEvent, type ReactNode } from "react";
import { FormError, TextField } from "../common/Field";
import { useAction } from "../common/useAction";

interface MailLinkFormProps {
  /** The form's accessible name. */
  label: string;
  intro?: ReactNode;
  fieldLabel: string;
  initialEmail?: string;
  submitText: string;
  primary?: boolean;
  autoFocus?: boolean;
  /** Asks the server to mail a link; it answers the same sentence whether or not an account has the address. */
  send: (email: string) => Promise<{ message: string }>;
}

/** Asks for an email address to mail a link to, then shows the server's neutral answer in its place. */
export function MailLinkForm({ label, intro, fieldLabel, initialEmail = "", submitText, primary = false, autoFocus = false, send }: MailLinkFormProps) {
  const [email, setEmail] = useState(initialEmail);
  const [sent, setSent] = useState<string | null>(null);
  const { run, pending, error } = useAction(async () => setSent((await send(email.trim())).message));

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
    <form className="form" onSubmit={submit} noValidate aria-label={label}>
      {intro}
      <TextField
        label={fieldLabel}
        name="email"
        type="email"
        autoComplete="email"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={error?.fieldError("email")}
        autoFocus={autoFocus}
      />
      <FormError message={error?.formError} />
      <button type="submit" className={primary ? "button button-primary button-block" : "button button-block"} disabled={pending}>
        {pending ? "Sending…" : submitText}
      </button>
    </form>
  );
}
