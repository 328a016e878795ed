import { useState, type FormEvent } from "react";
import { signIn } from "../../state/session";
import { FormError, TextField } from "../common/Field";
import { useAction } from "../common/useAction";
import { PasskeySignInButton } from "./PasskeySignInButton";
import { ResendVerification } from "./ResendVerification";

export function SignInForm() {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const { run, pending, error } = useAction(() => signIn({ username: username.trim(), password }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run();
  };

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
