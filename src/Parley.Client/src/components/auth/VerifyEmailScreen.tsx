import { useEffect, useState } from "react";
import { verifyEmail } from "../../state/api";
import { ApiError } from "../../state/problem";
import { navigate } from "../../state/router";
import { refreshMe } from "../../state/session";
import { Logo } from "../common/Logo";

/** The page a verification mail links to: it confirms the address at once and says how that went. */
export function VerifyEmailScreen() {
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    const token = new URLSearchParams(window.location.search).get("token") ?? "";
    verifyEmail(token).then(
      async () => {
        await refreshMe().catch(() => undefined);
        setResult({ ok: true, text: "Your email address is verified." });
      },
      (error: unknown) =>
        setResult({ ok: false, text: error instanceof ApiError ? error.detail : "Something went wrong. Try the link again." }),
    );
  }, []);

  return (
    <div className="auth-screen">
      <main className="auth-card">
        <div className="auth-brand">
          <Logo size={40} />
          <span className="brand-name">Parley</span>
        </div>
        <h1>Email verification</h1>
        {result === null ? (
          <p className="auth-note" aria-busy="true">
            Verifying…
          </p>
        ) : (
          <p className="auth-note" role={result.ok ? "status" : "alert"}>
            {result.text}
          </p>
        )}
        <p className="auth-switch">
          <button type="button" className="link-button" onClick={() => navigate("/", { replace: true })}>
            Continue to Parley
          </button>
        </p>
      </main>
    </div>
  );
}
