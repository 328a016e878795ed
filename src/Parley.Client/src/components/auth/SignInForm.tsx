import { useState, type FormEvent } from "react";
import { startSignIn } from "../../state/twoFactor";
import { FormError, TextField } from "../common/Field";
import { useAction } from "../common/useAction";
import { PasskeySignInButton } from "./PasskeySignInButton";
import { ResendVerification } from "./ResendVerification";
import { TwoFactorStep } from "./TwoFactorStep";

export function SignInForm() {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [ticket, setTicket] = useState<string | null>(null);
  const { run, pending, error } = useAction(async () => setTicket(await startSignIn({ username: username.trim(), password })));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run();
  };

  if (ticket !== null) {
    const restart = () => {
      setTicket(null);
      setPassword("");
    };
    return <TwoFactorStep ticket={ticket} onRestart={restart} />;
  }

  return (
    <>
      <form className="form" onSubmit={submit} noValidate aria-label="Sign in">
        <TextField
          label="Username or email"
          name="username"
          autoComplete="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          error={error?.fieldError("username")}
          autoFocus
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={error?.fieldError("password")}
        />
        <FormError message={error?.formError} />
        <button type="submit" className="button button-primary button-block" disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </button>
      </form>
      <PasskeySignInButton />
      {error?.code === "email_not_verified" && <ResendVerification initialEmail={username.includes("@") ? username.trim() : ""} />}
    </>
  );
}
