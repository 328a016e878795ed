import { passkeysSupported, signInWithPasskey } from "../../state/passkeys";
import { FormError } from "../common/Field";
import { useAction } from "../common/useAction";

/** "Sign in with a passkey": no username, the browser offers the passkeys it holds for this server. */
export function PasskeySignInButton() {
  const { run, pending, error } = useAction(signInWithPasskey);
  if (!passkeysSupported()) return null;
  return (
    <div className="passkey-sign-in">
      <button type="button" className="button button-block" disabled={pending} onClick={() => void run()}>
        {pending ? "Waiting for your passkey…" : "Sign in with a passkey"}
      </button>
      <FormError message={error?.detail} />
    </div>
  );
}
