import { useEffect, useState } from "react";
import { countOpen, loadReports, reportsStore } from "../../state/reports";
import { Dialog } from "../common/Dialog";
import { useStore } from "../common/useStore";
import { ReportsQueue } from "./ReportsQueue";

/** For a room's owner and admins: the room's open reports, counted on a badge, in a panel. */
export function ReportsButton({ roomId, roomName }: { roomId: number; roomName: string }) {
  const state = useStore(reportsStore);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!reportsStore.get().loaded) loadReports().catch(() => undefined);
  }, []);
  const count = countOpen(state.open, roomId);
  return (
    <>
      <button
        type="button"
        className="button button-small"
        onClick={() => setOpen(true)}
        aria-label={count > 0 ? `Reports, ${count} open` : "Reports"}
        title="Reported messages"
        data-testid="reports-button"
      >
        <span aria-hidden="true">⚑</span>
        <span className="button-label"> Reports</span>
        {count > 0 && (
          <span className="badge" data-testid="reports-badge">
            {count}
          </span>
        )}
      </button>
      {open && (
        <Dialog title={`Reports in ${roomName}`} onClose={() => setOpen(false)} wide>
          <ReportsQueue conversationId={roomId} />
        </Dialog>
      )}
    </>
  );
}
