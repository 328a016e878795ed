import { useEffect, useState, type ComponentProps } from "react";
import { getPasswordPolicy } from "../../state/api";
import type { PasswordPolicy } from "../../types";
import { TextField } from "../common/Field";

/**
 * A field for choosing a password, with the server's rules shown up front. Without the rules (the request failed)
 * the form still works: the server explains a rejected password.
 */
export function NewPasswordField(props: Omit<ComponentProps<typeof TextField>, "type" | "autoComplete" | "hint">) {
  const [policy, setPolicy] = useState<PasswordPolicy | null>(null);
  useEffect(() => {
    getPasswordPolicy().then(setPolicy, () => undefined);
  }, []);
  return <TextField {...props} type="password" autoComplete="new-password" hint={policy && <PasswordRules policy={policy} />} />;
}

function PasswordRules({ policy }: { policy: PasswordPolicy }) {
  return (
    <ul className="password-rules" aria-label="Password rules">
      {policy.rules.map((rule) => (
        <li key={rule}>{rule}</li>
      ))}
    </ul>
  );
}
