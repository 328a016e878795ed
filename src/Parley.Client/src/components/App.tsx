import { sessionStore, startSession } from "../state/session";
import { routeStore } from "../state/router";
import { AuthScreen } from "./auth/AuthScreen";
import { ResetPasswordScreen } from "./auth/ResetPasswordScreen";
import { VerifyEmailScreen } from "./auth/VerifyEmailScreen";
import { Logo } from "./common/Logo";
import { useStore } from "./common/useStore";
import { ChatShell } from "./shell/ChatShell";

export function App() {
  const session = useStore(sessionStore);
  const route = useStore(routeStore);
  // A reset link works whoever is signed in here: it is about the account in the mail.
  if (route.name === "resetPassword" && session.status !== "loading") return <ResetPasswordScreen />;
  if (route.name === "verifyEmail" && session.status !== "loading") return <VerifyEmailScreen />;
  switch (session.status) {
    case "loading":
      return (
        <div className="splash" aria-busy="true">
          <Logo size={48} />
          <span className="visually-hidden">Loading Parley…</span>
        </div>
      );
    case "unavailable":
      return (
        <div className="splash">
          <Logo size={48} />
          <p role="alert">{session.error}</p>
          <button type="button" className="button button-primary" onClick={() => void startSession()}>
            Try again
          </button>
        </div>
      );
    case "signedOut":
      return <AuthScreen notice={session.notice} />;
    case "signedIn":
      return <ChatShell me={session.me} />;
  }
}
