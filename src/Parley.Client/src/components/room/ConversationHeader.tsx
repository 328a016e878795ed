import { blockedStore, blockUser, unblockUser } from "../../state/blocks";
import { copyRoomLink } from "../../state/clipboard";
import { setConversationMuted } from "../../state/conversationActions";
import { openConversationSearch } from "../../state/conversationSearch";
import { connectionStore } from "../../state/hub";
import { showNotice } from "../../state/notices";
import { lastSeenText } from "../../state/presence";
import { ApiError } from "../../state/problem";
import type { Conversation } from "../../types";
import { GearIcon, MoreIcon, PeopleIcon, SearchIcon } from "../common/Icons";
import { Link } from "../common/Link";
import { Menu, type MenuItem } from "../common/Menu";
import { PinIcon } from "./MessageActions";
import { useNow } from "../common/useNow";
import { useStore } from "../common/useStore";
import { ConversationSymbol } from "../shell/ConversationRow";
import { ReportsButton } from "../moderation/ReportsButton";

interface ConversationHeaderProps {
  conversation: Conversation;
  membersOpen: boolean;
  onToggleMembers: () => void;
  onOpenDialog: (dialog: "settings" | "leave" | "clear") => void;
  pinsOpen: boolean;
  onTogglePins: () => void;
}

export function ConversationHeader({ conversation, membersOpen, onToggleMembers, onOpenDialog, pinsOpen, onTogglePins }: ConversationHeaderProps) {
  const canManage = conversation.kind === "room" && (conversation.role === "owner" || conversation.role === "admin");
  return (
    <header className="room-header">
      <Link href="/" className="back-link" aria-label="Back to conversations" title="Back to conversations">
        <span aria-hidden="true">‹</span>
      </Link>
      <div className="room-title">
        <h1>
          <ConversationSymbol conversation={conversation} />
          <span className="room-name">{conversation.name}</span>
        </h1>
        <Subtitle conversation={conversation} />
      </div>
      <div className="room-actions">
        {conversation.kind === "room" && (
          <button type="button" className="button button-small" aria-expanded={membersOpen} aria-controls="member-panel" onClick={onToggleMembers}>
            <PeopleIcon />
            {conversation.memberCount}
            <span className="button-label"> {conversation.memberCount === 1 ? "member" : "members"}</span>
          </button>
        )}
        {canManage && <ReportsButton roomId={conversation.id} roomName={conversation.name} />}
        {canManage && (
          <button type="button" className="button button-small" onClick={() => onOpenDialog("settings")}>
            <GearIcon />
            <span className="button-label">Settings</span>
          </button>
        )}
        <button type="button" className="button button-small" aria-label="Pinned messages" title="Pinned messages" aria-expanded={pinsOpen} onClick={onTogglePins}>
          <PinIcon />
        </button>
        <button type="button" className="button button-small" onClick={() => openConversationSearch(conversation.id)} aria-label="Search in conversation" title="Search in conversation">
          <SearchIcon />
        </button>
        <ConversationMenu conversation={conversation} onOpenDialog={onOpenDialog} />
      </div>
    </header>
  );
}

/** A room's topic; for a direct conversation, whether the other person is around. */
function Subtitle({ conversation }: { conversation: Conversation }) {
  const now = useNow();
  const connection = useStore(connectionStore);
  if (conversation.kind === "room") return conversation.topic ? <p className="room-topic">{conversation.topic}</p> : null;
  const [partner, ...more] = conversation.participants;
  if (!partner) return null;
  const known = connection === "connected";
  const text =
    more.length > 0
      ? known
        ? `${conversation.memberCount} people · ${conversation.participants.filter((p) => p.online).length} online`
        : `${conversation.memberCount} people`
      : !known
        ? "Status unknown while offline"
        : partner.online
          ? "Online"
          : lastSeenText(partner.lastSeenAt, now);
  return (
    <p className="room-topic" data-testid="presence">
      {text}
    </p>
  );
}

function ConversationMenu({ conversation, onOpenDialog }: Pick<ConversationHeaderProps, "conversation" | "onOpenDialog">) {
  const blocked = useStore(blockedStore);
  const partner = conversation.kind === "direct" && conversation.participants.length === 1 ? conversation.participants[0]!.user : null;
  const partnerBlocked = partner !== null && blocked.some((u) => u.id === partner.id);

  // The outcome shows where it matters (the list's muted mark, the composer's block notice); only a failure needs words.
  const attempt = (action: () => Promise<void>) => {
    action().catch((error: unknown) => showNotice(error instanceof ApiError ? error.detail : "That did not work. Try again."));
  };

  const items: MenuItem[] = [
    {
      label: conversation.muted ? "Unmute notifications" : "Mute notifications",
      onSelect: () => attempt(() => setConversationMuted(conversation.id, !conversation.muted)),
    },
    { label: "Clear conversation…", onSelect: () => onOpenDialog("clear") },
  ];
  if (conversation.kind === "room") {
    // Every member may pass a room on: the link opens it for members and its preview (to join) for others.
    items.unshift({ label: `Copy link · room ID ${conversation.id}`, onSelect: () => void copyRoomLink(conversation) });
  }
  if (partner) {
    items.push(
      partnerBlocked
        ? { label: `Unblock ${partner.displayName}`, onSelect: () => attempt(() => unblockUser(partner)) }
        : { label: `Block ${partner.displayName}`, onSelect: () => attempt(() => blockUser(partner)), danger: true },
    );
  }
  if (conversation.kind === "room" && conversation.role !== "owner") {
    items.push({ label: "Leave room…", onSelect: () => onOpenDialog("leave"), danger: true });
  }
  return (
    <Menu label="Conversation options" items={items}>
      <MoreIcon />
    </Menu>
  );
}
