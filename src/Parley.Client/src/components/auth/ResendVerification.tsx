import { resendVerification } from "../../state/api";
import { MailLinkForm } from "./MailLinkForm";

/** Shown when sign-in needs a verified address: asks for a new link. The answer is the same for any address. */
export function ResendVerification({ initialEmail }: { initialEmail: string }) {
  return (
    <MailLinkForm
      label="Resend verification mail"
      fieldLabel="Your email address"
      initialEmail={initialEmail}
      submitText="Send a new verification link"
      send={resendVerification}
    />
  );
}
