import { useEffect, useState, type FormEvent } from "react";
import { register } from "../../state/session";
import { inviteCodeFromSearch } from "../../state/serverSettings";
import { getRegistrationPolicy } from "../../state/settingsApi";
import type { RegistrationPolicy } from "../../types";
import { FormError, TextField } from "../common/Field";
import { useAction } from "../common/useAction";
import { NewPasswordField } from "./NewPasswordField";

export function RegisterForm() {
  const [username, setUsername] = useState("");
  const [email, setEmail] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [password, setPassword] = useState("");
  // A sign-up link from an administrator carries the code: /?invite=CODE.
  const [inviteCode, setInviteCode] = useState(() => inviteCodeFromSearch(window.location.search));
  const [policy, setPolicy] = useState<RegistrationPolicy | null>(null);
  const { run, pending, error } = useAction(() =>
    register({
      username: username.trim(),
      email: email.trim(),
      password,
      displayName: displayName.trim() || undefined,
      inviteCode: inviteCode.trim() || undefined,
    }),
  );

  useEffect(() => {
    // Unknown (an older server, no connection): the form as it always was; the server still decides.
    getRegistrationPolicy().then(setPolicy, () => setPolicy(null));
  }, []);

  if (policy && !policy.open) {
    return (
      <p className="auth-note" role="status">
        Registration is closed on this server. Ask its administrator for an account.
      </p>
    );
  }

  const needsCode = policy?.inviteCodeRequired === true || inviteCode.length > 0 || error?.fieldError("inviteCode") !== undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run();
  };

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Create account">
      <TextField
        label="Username"
        name="username"
        autoComplete="username"
        value={username}
        onChange={(e) => setUsername(e.target.value)}
        hint="3–32 characters: letters, digits and _ . -"
        error={error?.fieldError("username")}
        autoFocus
      />
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={error?.fieldError("email")}
      />
      <TextField
        label="Display name (optional)"
        name="displayName"
        autoComplete="nickname"
        value={displayName}
        onChange={(e) => setDisplayName(e.target.value)}
        hint="How others see you; any language, spaces welcome."
        error={error?.fieldError("displayName")}
      />
      {needsCode && (
        <TextField
          label="Invite code"
          name="inviteCode"
          autoComplete="off"
          value={inviteCode}
          onChange={(e) => setInviteCode(e.target.value)}
          hint="This server takes new accounts by invitation: enter the code you were given."
          error={error?.fieldError("inviteCode")}
        />
      )}
      <NewPasswordField
        label="Password"
        name="password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={error?.fieldError("password")}
      />
      <FormError message={error?.formError} />
      <button type="submit" className="button button-primary button-block" disabled={pending}>
        {pending ? "Creating account…" : "Create account"}
      </button>
    </form>
  );
}
