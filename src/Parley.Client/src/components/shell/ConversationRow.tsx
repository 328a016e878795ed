import { memo } from "react";
import { setConversationHidden, setConversationPinned } from "../../state/conversationActions";
import { lastActivity } from "../../state/conversationList";
import { shortWhen } from "../../state/days";
import { messagePreviewText } from "../../state/attachments";
import { connectionStore } from "../../state/hub";
import { showNotice } from "../../state/notices";
import { lastSeenText, presenceClass, shownPresence } from "../../state/presence";
import { failureSentence } from "../../state/problem";
import { navigate } from "../../state/router";
import { conversationPath } from "../../state/routes";
import type { Conversation, Room } from "../../types";
import { Avatar } from "../common/Avatar";
import { BellOffIcon, KeyIcon, LockIcon, MoreIcon, PeopleIcon } from "../common/Icons";
import { Link } from "../common/Link";
import { Menu } from "../common/Menu";
import { useStore } from "../common/useStore";

interface RowProps {
  conversation: Conversation;
  meId: number;
  open: boolean;
  now: Date;
}

/** One conversation in the list: who or where, the last message, and what is new there. */
export const ConversationRow = memo(function ConversationRow({ conversation, meId, open, now }: RowProps) {
  const { unreadCount, mentionCount, muted } = conversation;
  const partner = conversation.kind === "direct" && conversation.participants.length === 1 ? conversation.participants[0]! : null;
  const activity = lastActivity(conversation);
  const presence = shownPresence(partner?.online ?? false, useStore(connectionStore));
  return (
    <Link
      href={conversationPath(conversation)}
      className="conversation-link"
      aria-current={open ? "page" : undefined}
      data-unread={unreadCount > 0 || undefined}
      data-muted={muted || undefined}
      data-testid="conversation"
    >
      <ConversationSymbol conversation={conversation} />
      <span className="conversation-text">
        <span className="conversation-top">
          <span className="conversation-name">
            {conversation.name}
            {partner && <span className="visually-hidden">{presence === "unknown" ? " (status unknown)" : ` (${presence})`}</span>}
          </span>
          <time className="conversation-time" dateTime={activity}>
            {shortWhen(new Date(activity), now)}
          </time>
        </span>
        <span className="conversation-bottom">
          <span className="conversation-preview">{preview(conversation, meId)}</span>
          {muted && (
            <span className="conversation-muted" title="Muted">
              <BellOffIcon />
              <span className="visually-hidden">, muted</span>
            </span>
          )}
          {mentionCount > 0 && (
            <span className="badge badge-mention" data-testid="mention-badge" title={`${mentionCount} unread ${mentionCount === 1 ? "mention" : "mentions"}`}>
              <span aria-hidden="true">@</span>
              <span className="visually-hidden">, {mentionCount} unread {mentionCount === 1 ? "mention" : "mentions"}</span>
            </span>
          )}
          {unreadCount > 0 && (
            <span className="badge" data-testid="unread-badge">
              {unreadCount > 99 ? "99+" : unreadCount}
              <span className="visually-hidden"> unread {unreadCount === 1 ? "message" : "messages"}</span>
            </span>
          )}
        </span>
        {partner && presence === "offline" && <span className="conversation-seen">{lastSeenText(partner.lastSeenAt, now)}</span>}
      </span>
    </Link>
  );
});

/**
 * The row's own menu: pin to the top or unpin, and hide until a newer message arrives. The change reaches every device
 * of the user through conversationStateChanged, this one included; only a failure needs words here.
 */
export const ConversationRowMenu = memo(function ConversationRowMenu({ conversation, open }: { conversation: Conversation; open: boolean }) {
  const attempt = (action: () => Promise<void>) => {
    action().catch((error: unknown) => showNotice(failureSentence(error, "That did not work. Try again.")));
  };
  const pinned = conversation.pinnedAt !== null;
  return (
    <span className="conversation-menu">
      <Menu
        label={`Options for ${conversation.name}`}
        items={[
          pinned
            ? { label: "Unpin", onSelect: () => attempt(() => setConversationPinned(conversation.id, false)) }
            : { label: "Pin to top", onSelect: () => attempt(() => setConversationPinned(conversation.id, true)) },
          {
            label: "Hide until a new message",
            onSelect: () => {
              // Out of the list and out of view: leaving it open would bring it straight back.
              if (open) navigate("/");
              attempt(() => setConversationHidden(conversation.id, true));
            },
          },
        ]}
      >
        <MoreIcon />
      </Menu>
    </span>
  );
});

/** A room's kind, a partner's face with their presence (the text beside it says it in words), or a group. */
export function ConversationSymbol({ conversation }: { conversation: Conversation }) {
  const connection = useStore(connectionStore);
  if (conversation.kind === "room") {
    return (
      <span className="conversation-symbol">
        <RoomSymbol room={conversation} />
      </span>
    );
  }
  const partner = conversation.participants.length === 1 ? conversation.participants[0]! : null;
  if (!partner) {
    return (
      <span className="conversation-symbol conversation-group" title={`${conversation.memberCount} people`}>
        <PeopleIcon />
      </span>
    );
  }
  return (
    <span className={`conversation-symbol member-avatar ${presenceClass[shownPresence(partner.online, connection)]}`.trim()}>
      <Avatar user={partner.user} size="sm" />
      <span className="presence-dot" aria-hidden="true" />
    </span>
  );
}

function RoomSymbol({ room }: { room: Pick<Room, "visibility"> }) {
  const label = room.visibility === "public" ? "Public room" : room.visibility === "private" ? "Private room" : "Password-protected room";
  return (
    <span className={`room-symbol room-symbol-${room.visibility}`} title={label}>
      {room.visibility === "public" ? <span aria-hidden="true">#</span> : room.visibility === "private" ? <LockIcon /> : <KeyIcon />}
      <span className="visually-hidden">{label}: </span>
    </span>
  );
}

/** The last message, with who wrote it — unless it is obvious: the other person of a one-to-one conversation. */
function preview(conversation: Conversation, meId: number): string {
  const message = conversation.lastMessage;
  if (!message) return conversation.topic ?? (conversation.kind === "direct" ? "Say hello" : "No messages yet");
  if (message.kind === "system") return message.text;
  const text = messagePreviewText(message);
  if (message.author.id === meId) return `You: ${text}`;
  const oneToOne = conversation.kind === "direct" && conversation.participants.length === 1;
  return oneToOne ? text : `${message.author.displayName}: ${text}`;
}
