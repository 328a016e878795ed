import { useState, type FormEvent } from "react";
import { FormError, TextField } from "../common/Field";
import { useAction } from "../common/useAction";

/**
 * "Confirm with your password" before something that changes how the account is protected (two-factor on or off,
 * deleting it): one password field, the server's refusal at it, the action and Cancel.
 */
export function PasswordConfirmForm(props: {
  /** The form's name for assistive technology, e.g. "Turn off two-factor". */
  name: string;
  /** The submit button's text. */
  action: string;
  pendingAction?: string;
  hint?: string;
  danger?: boolean;
  submit: (password: string) => Promise<void>;
  onCancel: () => void;
}) {
  const [password, setPassword] = useState("");
  const { run, pending, error } = useAction(() => props.submit(password));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run();
  };
  return (
    <form className="form" onSubmit={submit} noValidate aria-label={props.name}>
      <TextField
        label="Current password"
        name="password"
        type="password"
        autoComplete="current-password"
        hint={props.hint}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={error?.fieldError("password")}
        autoFocus
      />
      <FormError message={error?.formError} />
      <div className="manage-actions">
        <button type="submit" className={props.danger ? "button button-danger" : "button button-primary"} disabled={pending || password === ""}>
          {pending && props.pendingAction ? props.pendingAction : props.action}
        </button>
        <button type="button" className="button" onClick={props.onCancel} disabled={pending}>
          Cancel
        </button>
      </div>
    </form>
  );
}
