import { useEffect, useState } from "react";
import { getEmailVerification, resendVerification } from "../../state/api";
import type { Me } from "../../types";

/** A reminder to verify the address, on servers that ask for it, until it is verified (or dismissed for now). */
export function VerifyEmailBanner({ me }: { me: Me }) {
  const [asked, setAsked] = useState(false);
  const [dismissed, setDismissed] = useState(false);
  const [sent, setSent] = useState<string | null>(null);

  useEffect(() => {
    if (me.emailVerified) return;
    let live = true;
    getEmailVerification().then(
      ({ mode }) => live && setAsked(mode !== "off"),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [me.emailVerified]);

  if (me.emailVerified || !asked || dismissed) return null;
  return (
    <div className="verify-email-banner" role="status">
      <span>{sent ?? `Please verify your email address: open the link we mailed to ${me.email}.`}</span>
      {!sent && (
        <button
          type="button"
          className="link-button"
          onClick={() => void resendVerification(me.email).then(({ message }) => setSent(message), () => undefined)}
        >
          Send a new link
        </button>
      )}
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => setDismissed(true)}>
        ×
      </button>
    </div>
  );
}
