import { useState, type FormEvent } from "react";
import { register } from "../../state/session";
import { FormError, TextField } from "../common/Field";
import { useAction } from "../common/useAction";
import { NewPasswordField } from "./NewPasswordField";

export function RegisterForm() {
  const [username, setUsername] = useState("");
  const [email, setEmail] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [password, setPassword] = useState("");
  const { run, pending, error } = useAction(() =>
    register({ username: username.trim(), email: email.trim(), password, displayName: displayName.trim() || undefined }),
  );

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
