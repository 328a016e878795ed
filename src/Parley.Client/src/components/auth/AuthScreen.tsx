import { useEffect, useState } from "react";
import { routeStore } from "../../state/router";
import { useStore } from "../common/useStore";
import { Logo } from "../common/Logo";
import { ThemeToggle } from "../shell/ThemeToggle";
import { inviteCodeFromSearch } from "../../state/serverSettings";
import { ForgotPasswordForm } from "./ForgotPasswordForm";
import { RegisterForm } from "./RegisterForm";
import { SignInForm } from "./SignInForm";

/** Sign in or create an account. The URL is left alone, so an invite link or a room opens once signed in. */
export function AuthScreen({ notice }: { notice: string | null }) {
  // A sign-up link with an invite code (/?invite=CODE) opens the registration form.
  const [mode, setMode] = useState<"signIn" | "register" | "forgot">(() => (inviteCodeFromSearch(window.location.search) ? "register" : "signIn"));
  const route = useStore(routeStore);
  // A notice (an account waiting for its address to be verified, a reset password) leads to signing in.
  useEffect(() => {
    if (notice) setMode("signIn");
  }, [notice]);
  return (
    <div className="auth-screen">
      <main className="auth-card">
        <div className="auth-brand">
          <Logo size={40} />
          <span className="brand-name">Parley</span>
        </div>
        <h1>{mode === "signIn" ? "Welcome back" : mode === "register" ? "Create your account" : "Forgot your password?"}</h1>
        {route.name === "invite" && <p className="auth-note">You have been invited to a room. Sign in or create an account to join it.</p>}
        {notice && (
          <p className="auth-note" role="status">
            {notice}
          </p>
        )}
        {mode === "signIn" ? <SignInForm /> : mode === "register" ? <RegisterForm /> : <ForgotPasswordForm />}
        {mode === "signIn" && (
          <p className="auth-switch">
            <button type="button" className="link-button" onClick={() => setMode("forgot")}>
              Forgot password?
            </button>
          </p>
        )}
        <p className="auth-switch">
          {mode === "signIn" ? "New to Parley?" : mode === "register" ? "Already have an account?" : "Remembered it?"}{" "}
          <button type="button" className="link-button" onClick={() => setMode(mode === "signIn" ? "register" : "signIn")}>
            {mode === "signIn" ? "Create an account" : "Sign in"}
          </button>
        </p>
      </main>
      <div className="auth-theme">
        <ThemeToggle />
      </div>
    </div>
  );
}
