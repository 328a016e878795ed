import { useEffect, useId, useState } from "react";
import { deleteAccount, getAccountDeletionTerms } from "../../state/api";
import { accountWasDeleted } from "../../state/session";
import { PasswordConfirmForm } from "./PasswordConfirmForm";

/** Deleting one's account, behind a second step and the password: it cannot be undone. */
export function DeleteAccountSection() {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [messages, setMessages] = useState<"keep" | "remove" | null>(null);

  useEffect(() => {
    if (!open || messages) return;
    void getAccountDeletionTerms().then((terms) => setMessages(terms.messages), () => setMessages(null));
  }, [open, messages]);

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
        <>
          <p>
            This cannot be undone. You will be signed out everywhere and leave every room; a room you own passes to its
            longest-serving admin or member, or is deleted if nobody else is in it.{" "}
            {messages === "remove"
              ? "Your messages and files will be deleted for everyone."
              : messages === "keep"
                ? "Your messages stay in their conversations, signed “Deleted user”."
                : ""}{" "}
            Download your data first if you want a copy.
          </p>
          <PasswordConfirmForm
            name="Delete account"
            action="Delete my account permanently"
            pendingAction="Deleting…"
            danger
            submit={async (password) => {
              await deleteAccount(password);
              await accountWasDeleted();
            }}
            onCancel={() => setOpen(false)}
          />
        </>
      )}
    </section>
  );
}
