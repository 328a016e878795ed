import { conversationsStore } from "../../state/conversations";
import { routeStore } from "../../state/router";
import type { Conversation } from "../../types";
import { useStore } from "../common/useStore";
import { useNow } from "../common/useNow";
import { ConversationRow } from "./ConversationRow";

/** Direct messages, then rooms, each most recently active first. */
export function ConversationList({ meId }: { meId: number }) {
  const { status, conversations, error } = useStore(conversationsStore);
  const route = useStore(routeStore);
  const now = useNow();
  const openId = route.name === "conversation" ? route.conversationId : null;

  if (status === "loading") return <p className="sidebar-empty">Loading conversations…</p>;
  if (status === "error") return <p className="sidebar-empty">{error}</p>;

  const section = (title: string, items: readonly Conversation[], empty: string) => (
    <div className="conversation-section">
      <h2 className="sidebar-heading">{title}</h2>
      {items.length === 0 ? (
        <p className="sidebar-empty">{empty}</p>
      ) : (
        <ul className="conversation-list" aria-label={title}>
          {items.map((conversation) => (
            <li key={conversation.id}>
              <ConversationRow conversation={conversation} meId={meId} open={conversation.id === openId} now={now} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );

  return (
    <>
      {section("Direct messages", conversations.filter((c) => c.kind === "direct"), "No direct messages yet. Start one with New message.")}
      {section("Rooms", conversations.filter((c) => c.kind === "room"), "No rooms yet. Create one or browse public rooms.")}
    </>
  );
}
