import { useEffect, useId, useState, type FormEvent } from "react";
import { deleteAccount, getAccountDeletionTerms } from "../../state/api";
import { accountWasDeleted } from "../../state/session";
import { FormError, TextField } from "../common/Field";
import { useAction } from "../common/useAction";

/** Deleting one's account, behind a second step and the password: it cannot be undone. */
export function DeleteAccountSection() {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState("");
  const [messages, setMessages] = useState<"keep" | "remove" | null>(null);
  const { run, pending, error } = useAction(async () => {
    await deleteAccount(password);
    await accountWasDeleted();
  });

  useEffect(() => {
    if (!open || messages) return;
    void getAccountDeletionTerms().then((terms) => setMessages(terms.messages), () => setMessages(null));
  }, [open, messages]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run();
  };

  return (
    <section className="settings-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Delete account</h3>
      {!open ? (
        <div>
          <button type="button" className="button" onClick={() => setOpen(true)}>
            Delete my account…
          </button>
        </div>
      ) : (
        <form className="form" onSubmit={submit} noValidate aria-label="Delete account">
          <p id={`${id}-what`}>
            This cannot be undone. You will be signed out everywhere and leave every room; a room you own passes to its
            longest-serving admin or member, or is deleted if nobody else is in it.{" "}
            {messages === "remove"
              ? "Your messages and files will be deleted for everyone."
              : messages === "keep"
                ? "Your messages stay in their conversations, signed “Deleted user”."
                : ""}{" "}
            Download your data first if you want a copy.
          </p>
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
          <div className="form-actions">
            <button type="button" className="button" onClick={() => setOpen(false)} disabled={pending}>
              Cancel
            </button>
            <button type="submit" className="button button-danger" disabled={pending || password === ""}>
              {pending ? "Deleting…" : "Delete my account permanently"}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
