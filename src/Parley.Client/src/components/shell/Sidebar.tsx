import { useState } from "react";
import { signOut } from "../../state/chat";
import type { Me } from "../../types";
import { Avatar } from "../common/Avatar";
import { Link } from "../common/Link";
import { Logo } from "../common/Logo";
import { BrowseRoomsDialog } from "../rooms/BrowseRoomsDialog";
import { CreateRoomDialog } from "../rooms/CreateRoomDialog";
import { JoinRoomDialog } from "../rooms/JoinRoomDialog";
import { RoomList } from "./RoomList";
import { ThemeToggle } from "./ThemeToggle";

type OpenDialog = "create" | "browse" | "join" | null;

export function Sidebar({ me }: { me: Me }) {
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const close = () => setDialog(null);
  return (
    <nav className="sidebar" aria-label="Rooms">
      <header className="sidebar-header">
        <Link href="/" className="brand">
          <Logo />
          <span className="brand-name">Parley</span>
        </Link>
      </header>
      <div className="sidebar-actions">
        <button type="button" className="button button-primary" onClick={() => setDialog("create")}>
          New room
        </button>
        <button type="button" className="button" onClick={() => setDialog("browse")}>
          Browse rooms
        </button>
        <button type="button" className="button" onClick={() => setDialog("join")}>
          Join by ID
        </button>
      </div>
      <h2 className="sidebar-heading">Your rooms</h2>
      <div className="sidebar-rooms">
        <RoomList />
      </div>
      <footer className="sidebar-footer">
        <div className="me">
          <Avatar user={me} size="sm" />
          <span className="me-names">
            <span className="me-display">{me.displayName}</span>
            <span className="me-username">@{me.username}</span>
          </span>
        </div>
        <div className="sidebar-footer-row">
          <ThemeToggle />
          <button type="button" className="button button-small" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </footer>
      {dialog === "create" && <CreateRoomDialog onClose={close} />}
      {dialog === "browse" && <BrowseRoomsDialog onClose={close} />}
      {dialog === "join" && <JoinRoomDialog onClose={close} />}
    </nav>
  );
}
