import { useState, type FormEvent } from "react";
import { startDirectConversation } from "../../state/conversationActions";
import { conversationPath } from "../../state/routes";
import { navigate } from "../../state/router";
import type { Me, UserSummary } from "../../types";
import { Dialog } from "../common/Dialog";
import { FormError } from "../common/Field";
import { useAction } from "../common/useAction";
import { UserPicker } from "./UserPicker";

/** The server's limit: ten people in a conversation, the one starting it included. */
const MaxOthers = 9;

/** Starting a direct conversation with one person or a small group; one that already exists simply opens. */
export function NewMessageDialog({ me, onClose }: { me: Me; onClose: () => void }) {
  const [picked, setPicked] = useState<UserSummary[]>([]);
  const { run, pending, error } = useAction(async () => {
    const conversation = await startDirectConversation(picked.map((u) => u.username));
    onClose();
    navigate(conversationPath(conversation));
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (picked.length > 0) void run();
  };

  return (
    <Dialog title="New message" onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <UserPicker meId={me.id} picked={picked} onChange={setPicked} max={MaxOthers} error={error?.fieldError("usernames")} />
        <FormError message={error && !error.fieldError("usernames") ? error.detail : null} />
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={picked.length === 0 || pending}>
            {pending ? "Opening…" : picked.length > 1 ? "Start group conversation" : "Start conversation"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
