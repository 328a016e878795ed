import { useState } from "react";
import { signOut } from "../../state/chat";
import { searchStore } from "../../state/search";
import type { Me } from "../../types";
import { Avatar } from "../common/Avatar";
import { GearIcon } from "../common/Icons";
import { Link } from "../common/Link";
import { Logo } from "../common/Logo";
import { useStoreSlice } from "../common/useStore";
import { NewMessageDialog } from "../direct/NewMessageDialog";
import { PreferencesDialog } from "../preferences/PreferencesDialog";
import { ProfileDialog } from "../preferences/ProfileDialog";
import { BrowseRoomsDialog } from "../rooms/BrowseRoomsDialog";
import { CreateRoomDialog } from "../rooms/CreateRoomDialog";
import { JoinRoomDialog } from "../rooms/JoinRoomDialog";
import { SearchBox } from "../search/SearchBox";
import { SearchResults } from "../search/SearchResults";
import { ConversationList } from "./ConversationList";
import { adminPath } from "../../state/routes";
import { ThemeToggle } from "./ThemeToggle";

type OpenDialog = "message" | "create" | "browse" | "join" | "preferences" | "profile" | null;

export function Sidebar({ me }: { me: Me }) {
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const searching = useStoreSlice(searchStore, (s) => s.query !== "");
  const close = () => setDialog(null);
  return (
    <nav className="sidebar" aria-label="Conversations">
      <header className="sidebar-header">
        <Link href="/" className="brand">
          <Logo />
          <span className="brand-name">Parley</span>
        </Link>
      </header>
      <SearchBox />
      <div className="sidebar-actions">
        <button type="button" className="button button-primary" onClick={() => setDialog("message")}>
          New message
        </button>
        <button type="button" className="button" onClick={() => setDialog("create")}>
          New room
        </button>
        <button type="button" className="button" onClick={() => setDialog("browse")}>
          Browse rooms
        </button>
        <button type="button" className="button" onClick={() => setDialog("join")}>
          Join a room
        </button>
      </div>
      <div className="sidebar-rooms">{searching ? <SearchResults /> : <ConversationList meId={me.id} />}</div>
      <footer className="sidebar-footer">
        <div className="me">
          <button type="button" className="me-profile" onClick={() => setDialog("profile")} title="Edit your profile">
            <Avatar user={me} size="sm" />
            <span className="me-names">
              <span className="me-display">{me.displayName}</span>
              <span className="me-username">@{me.username}</span>
            </span>
            <span className="visually-hidden">: edit your profile</span>
          </button>
          <button type="button" className="icon-button me-preferences" onClick={() => setDialog("preferences")} aria-label="Preferences" title="Preferences">
            <GearIcon />
          </button>
        </div>
        {me.isAdmin && (
          <Link href={adminPath("dashboard")} className="button button-small">
            Admin console
          </Link>
        )}
        <div className="sidebar-footer-row">
          <ThemeToggle />
          <button type="button" className="button button-small" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </footer>
      {dialog === "message" && <NewMessageDialog me={me} onClose={close} />}
      {dialog === "create" && <CreateRoomDialog onClose={close} />}
      {dialog === "browse" && <BrowseRoomsDialog onClose={close} />}
      {dialog === "join" && <JoinRoomDialog onClose={close} />}
      {dialog === "preferences" && <PreferencesDialog onClose={close} />}
      {dialog === "profile" && <ProfileDialog me={me} onClose={close} />}
    </nav>
  );
}
