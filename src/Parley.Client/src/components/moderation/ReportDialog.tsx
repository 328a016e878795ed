import "../../styles/moderation.css";
import { useState } from "react";
import { maxReportComment, reportCategories } from "../../state/moderation";
import { reportMessage } from "../../state/moderationApi";
import { showNotice } from "../../state/notices";
import type { Message, ReportCategory } from "../../types";
import { Dialog } from "../common/Dialog";
import { FormError } from "../common/Field";
import { useAction } from "../common/useAction";

/** Reports a message to the room's owner and admins and to the server's administrators (a direct conversation's: to the administrators). */
export function ReportDialog({ message, onClose }: { message: Message; onClose: () => void }) {
  const [category, setCategory] = useState<ReportCategory | null>(null);
  const [comment, setComment] = useState("");
  const { run, pending, error } = useAction(async () => {
    await reportMessage(message.roomId, message.id, category!, comment.trim() === "" ? null : comment.trim());
    showNotice("Reported. Thank you: the people who moderate here will look at it.");
    onClose();
  });
  return (
    <Dialog title="Report this message" onClose={onClose}>
      <form
        className="report-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (category) void run();
        }}
      >
        <blockquote className="delete-quote">
          <strong>{message.author.displayName}</strong>: {message.text.split("\n")[0]}
        </blockquote>
        <fieldset className="report-categories">
          <legend>What is wrong with it?</legend>
          {reportCategories.map((c) => (
            <label key={c.value} className="radio-row">
              <input type="radio" name="category" value={c.value} checked={category === c.value} onChange={() => setCategory(c.value)} />
              {c.label}
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span className="field-label">Anything to add (optional)</span>
          <textarea value={comment} maxLength={maxReportComment} rows={3} onChange={(e) => setComment(e.target.value)} />
        </label>
        <p className="muted">
          The room's owner and admins and the server's administrators see this report with a copy of the message; in a direct conversation only the
          server's administrators do. The author is not told who reported it.
        </p>
        <FormError message={error?.detail} />
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-danger" disabled={pending || category === null}>
            Report
          </button>
        </div>
      </form>
    </Dialog>
  );
}
