import { useEffect, useState } from "react";
import { previewInvite } from "../../state/api";
import { ApiError } from "../../state/problem";
import { acceptInvite } from "../../state/roomActions";
import { roomPath } from "../../state/routes";
import { navigate } from "../../state/router";
import type { InvitePreview } from "../../types";
import { FormError } from "../common/Field";
import { Link } from "../common/Link";
import { useAction } from "../common/useAction";

export function InvitePage({ code }: { code: string }) {
  const [preview, setPreview] = useState<InvitePreview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const accept = useAction(async () => {
    const room = await acceptInvite(code);
    navigate(roomPath(room.id), { replace: true });
  });

  useEffect(() => {
    previewInvite(code).then(setPreview, (error: unknown) =>
      setProblem(error instanceof ApiError ? error.detail : "This invite could not be loaded."),
    );
  }, [code]);

  return (
    <div className="main-message invite-card">
      {problem ? (
        <>
          <h1>Invite unavailable</h1>
          <p>{problem}</p>
          <Link href="/" className="button">
            Back to your conversations
          </Link>
        </>
      ) : !preview ? (
        <p>Loading invite…</p>
      ) : (
        <>
          <p className="muted">You are invited to join</p>
          <h1>{preview.roomName}</h1>
          {preview.topic && <p className="invite-topic">{preview.topic}</p>}
          <p className="muted">
            {preview.memberCount} {preview.memberCount === 1 ? "member" : "members"}
          </p>
          <FormError message={accept.error?.detail} />
          {preview.alreadyMember ? (
            <Link href={roomPath(preview.roomId)} className="button button-primary">
              You are a member — open the room
            </Link>
          ) : (
            <button type="button" className="button button-primary" disabled={accept.pending} onClick={() => void accept.run()}>
              {accept.pending ? "Joining…" : "Join room"}
            </button>
          )}
        </>
      )}
    </div>
  );
}
