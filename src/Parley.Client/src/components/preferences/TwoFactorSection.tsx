import { useEffect, useId, useState, type FormEvent } from "react";
import { currentUser } from "../../state/session";
import { isCompleteCode, normalizeCode, recoveryCodesText } from "../../state/twoFactor";
import {
  disableTwoFactor,
  enableTwoFactor,
  getTwoFactorStatus,
  regenerateRecoveryCodes,
  setUpTwoFactor,
  type AuthenticatorSetup,
  type TwoFactorStatus,
} from "../../state/twoFactorApi";
import { FormError, TextField } from "../common/Field";
import { useAction } from "../common/useAction";
import { CopyButton } from "./CopyButton";
import { PasswordConfirmForm } from "./PasswordConfirmForm";
import "../../styles/twoFactor.css";

type Step =
  | { kind: "idle" }
  | { kind: "password" }
  | { kind: "scan"; setup: AuthenticatorSetup }
  | { kind: "codes"; codes: string[] }
  | { kind: "regenerate" }
  | { kind: "disable" };

/** Two-factor sign-in with an authenticator app: set it up, keep recovery codes, turn it off. */
export function TwoFactorSection() {
  const id = useId();
  const [status, setStatus] = useState<TwoFactorStatus | null>(null);
  const [step, setStep] = useState<Step>({ kind: "idle" });
  const load = useAction(async () => setStatus(await getTwoFactorStatus()));

  useEffect(() => {
    void load.run();
  }, []);

  const finish = async (next: Step) => {
    setStep(next);
    setStatus(await getTwoFactorStatus());
  };

  return (
    <section className="settings-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Two-factor authentication</h3>
      {!status ? (
        <p className="muted">Loading…</p>
      ) : status.enabled ? (
        <p className="muted" data-testid="two-factor-status">
          On. Signing in asks for a code from your authenticator app. {status.recoveryCodesLeft} recovery code
          {status.recoveryCodesLeft === 1 ? "" : "s"} left.
        </p>
      ) : (
        <p className="muted" data-testid="two-factor-status">
          Off. Turn it on so that your password alone is not enough to sign in.
        </p>
      )}
      {step.kind === "password" && (
        <PasswordConfirmForm
          name="Confirm your password"
          action="Continue"
          submit={async (password) => setStep({ kind: "scan", setup: await setUpTwoFactor(password) })}
          onCancel={() => setStep({ kind: "idle" })}
        />
      )}
      {step.kind === "scan" && <ScanForm setup={step.setup} onEnabled={(codes) => void finish({ kind: "codes", codes })} />}
      {step.kind === "codes" && <RecoveryCodesList codes={step.codes} onDone={() => setStep({ kind: "idle" })} />}
      {step.kind === "regenerate" && (
        <CodeForm
          label="Code from your authenticator app"
          action="New recovery codes"
          submit={async (code) => void (await finish({ kind: "codes", codes: (await regenerateRecoveryCodes(code)).codes }))}
          onCancel={() => setStep({ kind: "idle" })}
        />
      )}
      {step.kind === "disable" && (
        <PasswordConfirmForm
          name="Turn off two-factor"
          action="Turn off"
          danger
          hint="Your recovery codes stop working, and signing in needs only your password again."
          submit={async (password) => {
            await disableTwoFactor(password);
            await finish({ kind: "idle" });
          }}
          onCancel={() => setStep({ kind: "idle" })}
        />
      )}
      {status && step.kind === "idle" && (
        <div className="manage-actions">
          {status.enabled ? (
            <>
              <button type="button" className="button" onClick={() => setStep({ kind: "regenerate" })}>
                New recovery codes
              </button>
              <button type="button" className="button" onClick={() => setStep({ kind: "disable" })}>
                Turn off two-factor
              </button>
            </>
          ) : (
            <button type="button" className="button" onClick={() => setStep({ kind: "password" })}>
              Set up two-factor authentication
            </button>
          )}
        </div>
      )}
      <FormError message={load.error?.detail} />
    </section>
  );
}

function ScanForm({ setup, onEnabled }: { setup: AuthenticatorSetup; onEnabled: (codes: string[]) => void }) {
  const [code, setCode] = useState("");
  const { run, pending, error } = useAction(async () => onEnabled((await enableTwoFactor(normalizeCode(code))).codes));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run();
  };
  return (
    <form className="form two-factor-setup" onSubmit={submit} noValidate aria-label="Set up two-factor authentication">
      <p>Scan this QR code with your authenticator app, or type the key into it.</p>
      <img className="two-factor-qr" src={setup.qrCode} alt="QR code with the key for your authenticator app" width={200} height={200} />
      <p className="two-factor-key">
        <code data-testid="two-factor-key">{setup.sharedKey}</code> <CopyButton text={setup.sharedKey.replace(/ /g, "")} label="Copy key" />
      </p>
      <TextField
        label="Code from the app"
        name="code"
        autoComplete="one-time-code"
        inputMode="numeric"
        maxLength={9}
        value={code}
        onChange={(e) => setCode(e.target.value)}
        error={error?.fieldError("code")}
      />
      <FormError message={error?.formError} />
      <div>
        <button type="submit" className="button button-primary" disabled={pending || !isCompleteCode(code)}>
          Turn on two-factor
        </button>
      </div>
    </form>
  );
}

function RecoveryCodesList({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const me = currentUser();
  const text = recoveryCodesText(codes, me?.username ?? "your account", window.location.host);
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = "parley-recovery-codes.txt";
    link.click();
    URL.revokeObjectURL(url);
  };
  return (
    <div className="form" role="region" aria-label="Recovery codes">
      <p>
        <strong>Save these recovery codes now: they are shown only this once.</strong> Each signs you in once if you lose
        your authenticator app.
      </p>
      <ul className="recovery-codes" data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <div className="manage-actions">
        <CopyButton text={text} label="Copy codes" />
        <button type="button" className="button" onClick={download}>
          Download
        </button>
        <button type="button" className="button button-primary" onClick={onDone}>
          I saved them
        </button>
      </div>
    </div>
  );
}

function CodeForm(props: { label: string; action: string; submit: (code: string) => Promise<void>; onCancel: () => void }) {
  const [code, setCode] = useState("");
  const { run, pending, error } = useAction(() => props.submit(normalizeCode(code)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run();
  };
  return (
    <form className="form" onSubmit={submit} noValidate aria-label={props.action}>
      <TextField
        label={props.label}
        name="code"
        autoComplete="one-time-code"
        inputMode="numeric"
        maxLength={9}
        value={code}
        onChange={(e) => setCode(e.target.value)}
        error={error?.fieldError("code")}
        autoFocus
      />
      <FormError message={error?.formError} />
      <div className="manage-actions">
        <button type="submit" className="button button-primary" disabled={pending || !isCompleteCode(code)}>
          {props.action}
        </button>
        <button type="button" className="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
