import { useEffect } from "react";
import { setConversationHidden } from "../../state/conversationActions";
import { isHidden, sections } from "../../state/conversationList";
import { conversationsStore, findConversation } from "../../state/conversations";
import { routeStore } from "../../state/router";
import type { Conversation } from "../../types";
import { useStore } from "../common/useStore";
import { useNow } from "../common/useNow";
import { ConversationRow, ConversationRowMenu } from "./ConversationRow";

/** What the user pinned, then direct messages, then rooms, each most recently active first; hidden ones left out. */
export function ConversationList({ meId }: { meId: number }) {
  const { status, conversations, error } = useStore(conversationsStore);
  const route = useStore(routeStore);
  const now = useNow();
  const openId = route.name === "conversation" ? route.conversationId : null;
  const ready = status === "ready";

  // Going to a hidden conversation (a link, search, New message) is wanting it back in the list. Only going there:
  // a device that has it open when another device hides it lets it go.
  useEffect(() => {
    const open = openId !== null && ready ? findConversation(openId) : undefined;
    if (open && isHidden(open)) void setConversationHidden(open.id, false).catch(() => undefined);
  }, [openId, ready]);

  if (status === "loading") return <p className="sidebar-empty">Loading conversations…</p>;
  if (status === "error") return <p className="sidebar-empty">{error}</p>;

  const { pinned, direct, rooms } = sections(conversations);
  const section = (title: string, items: readonly Conversation[], empty: string | null) => (
    <div className="conversation-section">
      <h2 className="sidebar-heading">{title}</h2>
      {items.length === 0 ? (
        <p className="sidebar-empty">{empty}</p>
      ) : (
        <ul className="conversation-list" aria-label={title}>
          {items.map((conversation) => (
            <li key={conversation.id} className="conversation-item">
              <ConversationRow conversation={conversation} meId={meId} open={conversation.id === openId} now={now} />
              <ConversationRowMenu conversation={conversation} open={conversation.id === openId} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );

  return (
    <>
      {pinned.length > 0 && section("Pinned", pinned, null)}
      {section("Direct messages", direct, "No direct messages yet. Start one with New message.")}
      {section("Rooms", rooms, "No rooms yet. Create one or browse public rooms.")}
    </>
  );
}
