import { clearConversation } from "../../state/conversationActions";
import type { Conversation } from "../../types";
import { Dialog } from "../common/Dialog";
import { FormError } from "../common/Field";
import { useAction } from "../common/useAction";

export function ClearConversationDialog({ conversation, onClose }: { conversation: Conversation; onClose: () => void }) {
  const { run, pending, error } = useAction(async () => {
    await clearConversation(conversation.id);
    onClose();
  });
  return (
    <Dialog title="Clear this conversation?" onClose={onClose}>
      <p>
        The messages so far disappear from your view of <strong>{conversation.name}</strong>, on all your devices. The others keep
        theirs, and new messages still arrive.
      </p>
      <FormError message={error?.detail} />
      <div className="form-actions">
        <button type="button" className="button" onClick={onClose} data-autofocus>
          Keep messages
        </button>
        <button type="button" className="button button-danger" disabled={pending} onClick={() => void run()}>
          Clear conversation
        </button>
      </div>
    </Dialog>
  );
}
