import { useEffect, useState } from "react";
import { blockedStore, checkCanMessage } from "../../state/blocks";
import { conversationSearchStore } from "../../state/conversationSearch";
import { conversationsStore } from "../../state/conversations";
import { loadMembers } from "../../state/members";
import { openTimeline, timelinesStore } from "../../state/messages";
import type { Conversation, Me } from "../../types";
import { useStore, useStoreSlice } from "../common/useStore";
import { RoomSettingsDialog } from "../settings/RoomSettingsDialog";
import { ClearConversationDialog } from "./ClearConversationDialog";
import { ComposerArea } from "./ComposerArea";
import { ConversationHeader } from "./ConversationHeader";
import { ConversationSearchBar } from "./ConversationSearchBar";
import { LeaveRoomDialog } from "./LeaveRoomDialog";
import { MessageList } from "./MessageList";
import { PinnedPanel } from "./PinnedPanel";
import { RoomPreview } from "./RoomPreview";
import { TypingLine } from "./TypingLine";

interface ConversationViewProps {
  conversationId: number;
  me: Me;
  membersOpen: boolean;
  onToggleMembers: () => void;
}

export function ConversationView({ conversationId, me, ...panel }: ConversationViewProps) {
  const { status, conversations } = useStore(conversationsStore);
  const conversation = conversations.find((c) => c.id === conversationId);
  if (conversation) return <OpenConversation key={conversation.id} conversation={conversation} me={me} {...panel} />;
  if (status === "loading") return <p className="main-message">Loading…</p>;
  return <RoomPreview key={conversationId} roomId={conversationId} />;
}

type OpenDialog = "settings" | "leave" | "clear" | null;

function OpenConversation({ conversation, me, membersOpen, onToggleMembers }: Omit<ConversationViewProps, "conversationId"> & { conversation: Conversation }) {
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [pinsOpen, setPinsOpen] = useState(false);
  const searching = useStoreSlice(conversationSearchStore, (s) => s?.conversationId === conversation.id);
  // A jump to a search hit replaces the history shown: the list starts afresh with it.
  const segment = useStoreSlice(timelinesStore, (all) => all.get(conversation.id)?.segment ?? 0);
  const blocked = useStore(blockedStore);
  const partners = conversation.kind === "direct" ? conversation.participants.map((p) => p.user.username).join(" ") : null;

  useEffect(() => {
    void openTimeline(conversation.id);
    void loadMembers(conversation.id);
  }, [conversation.id]);

  // Whether a block stops this user from writing here; asked again whenever they block or unblock someone.
  useEffect(() => {
    if (partners !== null) void checkCanMessage(conversation.id, partners.split(" "));
  }, [conversation.id, partners, blocked]);

  useEffect(() => {
    document.title = `${conversation.name} · Parley`;
    return () => {
      document.title = "Parley";
    };
  }, [conversation.name]);

  return (
    <section className="conversation" aria-label={conversation.name}>
      <ConversationHeader
        conversation={conversation}
        membersOpen={membersOpen}
        onToggleMembers={onToggleMembers}
        onOpenDialog={setDialog}
        pinsOpen={pinsOpen}
        onTogglePins={() => setPinsOpen((open) => !open)}
      />
      {searching && <ConversationSearchBar conversationId={conversation.id} />}
      {pinsOpen && <PinnedPanel conversation={conversation} me={me} onClose={() => setPinsOpen(false)} />}
      <MessageList key={segment} conversation={conversation} me={me} />
      <TypingLine roomId={conversation.id} />
      <ComposerArea conversation={conversation} me={me} />
      {dialog === "settings" && conversation.kind === "room" && <RoomSettingsDialog room={conversation} me={me} onClose={() => setDialog(null)} />}
      {dialog === "leave" && conversation.kind === "room" && <LeaveRoomDialog room={conversation} onClose={() => setDialog(null)} />}
      {dialog === "clear" && <ClearConversationDialog conversation={conversation} onClose={() => setDialog(null)} />}
    </section>
  );
}
