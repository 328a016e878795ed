import { ReportsQueue } from "../moderation/ReportsQueue";

/** The admin console's reports: every open report on the server, rooms and direct conversations alike. */
export function ReportsTab() {
  return (
    <section className="admin-tab" aria-labelledby="admin-reports-title">
      <h2 id="admin-reports-title">Reports</h2>
      <p className="muted">
        Messages people reported, newest first. A report carries a copy of the message: for a conversation you are not in, it is the only part of
        it you see, and "Delete message" acts on that message only.
      </p>
      <ReportsQueue conversationId={null} />
    </section>
  );
}
