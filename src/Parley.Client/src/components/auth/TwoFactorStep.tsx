import { useState, type FormEvent } from "react";
import { finishSignIn, isCompleteCode, normalizeCode, ticketExpired } from "../../state/twoFactor";
import { FormError, TextField } from "../common/Field";
import { useAction } from "../common/useAction";

/** After the password of a two-factor account: the code from the authenticator app, or a recovery code. */
export function TwoFactorStep({ ticket, onRestart }: { ticket: string; onRestart: () => void }) {
  const [useRecoveryCode, setUseRecoveryCode] = useState(false);
  const [code, setCode] = useState("");
  const { run, pending, error } = useAction(() =>
    finishSignIn(ticket, useRecoveryCode ? { recoveryCode: code.trim() } : { code: normalizeCode(code) }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run();
  };

  const switchKind = () => {
    setUseRecoveryCode(!useRecoveryCode);
    setCode("");
  };

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Two-factor sign-in">
      {useRecoveryCode ? (
        <TextField
          key="recovery"
          label="Recovery code"
          name="recoveryCode"
          autoComplete="off"
          spellCheck={false}
          maxLength={16}
          hint="One of the codes you saved when you set up two-factor authentication. Each works once."
          value={code}
          onChange={(e) => setCode(e.target.value)}
          error={error?.fieldError("recoveryCode")}
          autoFocus
        />
      ) : (
        <TextField
          key="code"
          label="Enter the 6-digit code from your authenticator app"
          name="code"
          autoComplete="one-time-code"
          inputMode="numeric"
          maxLength={9}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          error={error?.fieldError("code")}
          autoFocus
        />
      )}
      <FormError message={error?.formError} />
      {ticketExpired(error) ? (
        <button type="button" className="button button-primary button-block" onClick={onRestart}>
          Enter your password again
        </button>
      ) : (
        <button
          type="submit"
          className="button button-primary button-block"
          disabled={pending || (!useRecoveryCode && !isCompleteCode(code)) || code.trim() === ""}
        >
          {pending ? "Checking…" : "Verify"}
        </button>
      )}
      <button type="button" className="link-button" onClick={switchKind}>
        {useRecoveryCode ? "Use the code from your authenticator app" : "Use a recovery code instead"}
      </button>
      <button type="button" className="link-button" onClick={onRestart}>
        Back to sign in
      </button>
    </form>
  );
}
