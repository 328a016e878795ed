import { blockedStore, sendRefusalsStore, unblockUser } from "../../state/blocks";
import type { Conversation, Me } from "../../types";
import { FormError } from "../common/Field";
import { useAction } from "../common/useAction";
import { useStore, useStoreSlice } from "../common/useStore";
import { Composer } from "./Composer";
import { ReplyBar } from "./ReplyBar";
import { membersStore } from "../../state/members";
import { timeoutEnd, untilText } from "../../state/moderation";
import { useNow } from "../common/useNow";

/** The composer, or — where a block stops this user from writing — the server's reason, and a way out if it is theirs. */
export function ComposerArea({ conversation, me }: { conversation: Conversation; me: Me }) {
  const refusal = useStoreSlice(sendRefusalsStore, (all) => all.get(conversation.id));
  const blocked = useStore(blockedStore);
  const partner = conversation.kind === "direct" && conversation.participants.length === 1 ? conversation.participants[0]!.user : null;
  const unblock = useAction(() => unblockUser(partner!));
  const mine = useStoreSlice(membersStore, (state) => (state.roomId === conversation.id ? state.members.find((m) => m.user.id === me.id) : undefined));
  const now = useNow(15_000);
  const timedOutUntil = conversation.kind === "room" ? timeoutEnd(mine, now) : null;

  if (timedOutUntil) {
    return (
      <div className="composer-blocked" data-testid="composer-timed-out">
        <p role="status">
          You are timed out in this room until {untilText(timedOutUntil)}: you can read, but not write, react or edit until then.
        </p>
      </div>
    );
  }

  if (!refusal) {
    return (
      <>
        <ReplyBar conversationId={conversation.id} me={me} />
        <Composer conversation={conversation} me={me} />
      </>
    );
  }
  return (
    <div className="composer-blocked" data-testid="composer-blocked">
      <p role="status">{refusal}</p>
      {partner && blocked.some((u) => u.id === partner.id) && (
        <button type="button" className="button button-small" disabled={unblock.pending} onClick={() => void unblock.run()}>
          Unblock {partner.displayName}
        </button>
      )}
      <FormError message={unblock.error?.detail} />
    </div>
  );
}
