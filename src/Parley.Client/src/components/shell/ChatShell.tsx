import { lazy, Suspense, useEffect, useState } from "react";
import { conversationsStore } from "../../state/conversations";
import { routeStore } from "../../state/router";
import { VerifyEmailBanner } from "./VerifyEmailBanner";
import type { Me } from "../../types";
import { Link } from "../common/Link";
import { useStore, useStoreSlice } from "../common/useStore";
import { InvitePage } from "../invite/InvitePage";
import { ConversationView } from "../room/ConversationView";
import { MemberList } from "../room/MemberList";
import { ConnectionBanner } from "./ConnectionBanner";
import { Home } from "./Home";
import { Notices } from "./Notices";
import { Sidebar } from "./Sidebar";

const wideScreen = "(min-width: 1100px)";

// The console (and its charting package) is fetched only when an administrator opens it.
const AdminConsole = lazy(() => import("../admin/AdminConsole"));

/** Three columns on a wide screen (conversations, the open one, a room's members); one at a time on a phone. */
export function ChatShell({ me }: { me: Me }) {
  const route = useStore(routeStore);
  const [membersOpen, setMembersOpen] = useState(() => window.matchMedia(wideScreen).matches);
  const inRoom = useStoreSlice(
    conversationsStore,
    (s) => route.name === "conversation" && s.conversations.some((c) => c.id === route.conversationId && c.kind === "room"),
  );

  // Members show beside the conversation when there is room for them, and over it (on demand) when there is not.
  useEffect(() => {
    const query = window.matchMedia(wideScreen);
    const follow = () => setMembersOpen(query.matches);
    query.addEventListener("change", follow);
    return () => query.removeEventListener("change", follow);
  }, []);

  const closeMembers = () => {
    setMembersOpen(false);
    // The panel and its close button are gone: focus goes back to the button that opens it.
    document.querySelector<HTMLElement>('[aria-controls="member-panel"]')?.focus();
  };

  return (
    <div className="shell" data-view={route.name === "home" ? "list" : "main"} data-members={inRoom && membersOpen ? "open" : "closed"}>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <ConnectionBanner />
      <VerifyEmailBanner me={me} />
      <Sidebar me={me} />
      <main id="main" className="main" tabIndex={-1}>
        {route.name === "conversation" ? (
          <ConversationView
            conversationId={route.conversationId}
            me={me}
            membersOpen={membersOpen}
            onToggleMembers={() => setMembersOpen((open) => !open)}
          />
        ) : route.name === "invite" ? (
          <InvitePage code={route.code} />
        ) : route.name === "home" ? (
          <Home />
        ) : route.name === "admin" && me.isAdmin ? (
          <Suspense fallback={<p aria-busy="true">Loading the admin console…</p>}>
            <AdminConsole tab={route.tab} />
          </Suspense>
        ) : (
          <div className="main-message">
            <h1>Page not found</h1>
            <Link href="/" className="button">
              Back to your conversations
            </Link>
          </div>
        )}
      </main>
      {inRoom && membersOpen && route.name === "conversation" && <MemberList roomId={route.conversationId} onClose={closeMembers} />}
      <Notices />
    </div>
  );
}
