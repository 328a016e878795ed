import "../../styles/moderation.css";
import { useEffect, useState } from "react";
import { categoryLabel } from "../../state/moderation";
import { deleteReportedMessage, dismissReport, resolveReport } from "../../state/moderationApi";
import { applyReport, loadReports, reportsStore } from "../../state/reports";
import { failureSentence } from "../../state/problem";
import type { Report, UserSummary } from "../../types";
import { FormError } from "../common/Field";
import { useAction } from "../common/useAction";
import { useStore } from "../common/useStore";
import { MemberModerationDialog, type MemberModeration } from "./MemberModerationDialogs";

/**
 * Open reports, newest first: of one room (its owner and admins) or of every conversation (null: a server
 * administrator's). Each shows the message as it was reported, and what may be done about it.
 */
export function ReportsQueue({ conversationId }: { conversationId: number | null }) {
  const state = useStore(reportsStore);
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    loadReports().catch((error: unknown) => setLoadError(failureSentence(error, "The reports could not be loaded.")));
  }, []);
  const reports = conversationId === null ? state.open : state.open.filter((r) => r.conversationId === conversationId);
  return (
    <div className="reports-queue">
      <FormError message={loadError} />
      {state.loaded && reports.length === 0 && <p className="muted">No open reports. Reports people make appear here as they come in.</p>}
      <ul className="reports-list" aria-label="Open reports">
        {reports.map((report) => (
          <ReportRow key={report.id} report={report} showPlace={conversationId === null} />
        ))}
      </ul>
    </div>
  );
}

function ReportRow({ report, showPlace }: { report: Report; showPlace: boolean }) {
  const [moderating, setModerating] = useState<MemberModeration | null>(null);
  const decide = useAction(async (decision: () => Promise<Report>) => applyReport(await decision()));
  const author: UserSummary = { id: report.authorId, username: "", displayName: report.authorName, avatarUrl: null };
  return (
    <li className="report-row" data-testid="report">
      <p className="report-meta">
        <strong>{categoryLabel(report.category)}</strong>
        {showPlace && <> · {report.roomName === null ? "a direct conversation (you are not shown anything else of it)" : `#${report.roomName}`}</>} · reported by{" "}
        {report.reporter.displayName} · {new Date(report.createdAt).toLocaleString()}
      </p>
      <blockquote className="report-quote">
        <strong>{report.authorName}</strong>: {report.text}
        {report.messageDeleted && <span className="muted"> (deleted since)</span>}
      </blockquote>
      {report.comment && <p className="report-comment">“{report.comment}”</p>}
      <FormError message={decide.error?.detail} />
      <div className="report-actions">
        {!report.messageDeleted && (
          <button type="button" className="button button-small button-danger" disabled={decide.pending} onClick={() => void decide.run(() => deleteReportedMessage(report.id))}>
            Delete message
          </button>
        )}
        {report.canModerateRoom && (
          <>
            <button type="button" className="button button-small" onClick={() => setModerating("timeout")}>
              Time out author
            </button>
            <button type="button" className="button button-small button-danger" onClick={() => setModerating("ban")}>
              Ban author
            </button>
          </>
        )}
        <button type="button" className="button button-small" disabled={decide.pending} onClick={() => void decide.run(() => resolveReport(report.id))}>
          Resolve
        </button>
        <button type="button" className="button button-small" disabled={decide.pending} onClick={() => void decide.run(() => dismissReport(report.id))}>
          Dismiss
        </button>
      </div>
      {moderating && <MemberModerationDialog roomId={report.conversationId} user={author} action={moderating} onClose={() => setModerating(null)} />}
    </li>
  );
}
