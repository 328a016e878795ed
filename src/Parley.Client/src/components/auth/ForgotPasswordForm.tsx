import { forgotPassword } from "../../state/api";
import { MailLinkForm } from "./MailLinkForm";

/** Asks for a reset link. The answer is the same whether or not an account has the address, and so is what it shows. */
export function ForgotPasswordForm() {
  return (
    <MailLinkForm
      label="Reset password"
      intro={<p className="muted">Enter your account's email address and we will mail you a link to choose a new password.</p>}
      fieldLabel="Email"
      submitText="Send reset link"
      primary
      autoFocus
      send={forgotPassword}
    />
  );
}
