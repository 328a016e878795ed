import { useCallback, useEffect, useState } from "react";
import { describeSession, listSessions, revokeOtherSessions, revokeSession, type SessionInfo } from "../../state/sessions";
import { FormError } from "../common/Field";
import { useAction } from "../common/useAction";

const moment = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const when = (iso: string) => moment.format(new Date(iso));

/** Where the account is signed in, with a way to end any of it: a lost phone, a shared computer, an old script. */
export function SessionsSection() {
  const [sessions, setSessions] = useState<SessionInfo[] | null>(null);
  const reload = useCallback(async () => setSessions(await listSessions()), []);
  const load = useAction(reload);
  const revoke = useAction(async (id: string) => {
    await revokeSession(id);
    await reload();
  });
  const revokeOthers = useAction(async () => {
    await revokeOtherSessions();
    await reload();
  });

  useEffect(() => {
    void load.run();
  }, []);

  const others = sessions?.filter((s) => !s.current) ?? [];
  return (
    <section className="settings-section" aria-labelledby="preferences-sessions">
      <h3 id="preferences-sessions">Sessions</h3>
      {!sessions ? (
        <p className="muted">Loading your sessions…</p>
      ) : (
        <ul className="session-list" aria-label="Sessions">
          {sessions.map((session) => (
            <li key={session.id} className="manage-row session-row" data-testid="session">
              <span className="session-details">
                <span className="session-name">
                  {describeSession(session)}
                  {session.current && <span className="session-current"> · This device</span>}
                </span>
                <span className="muted session-meta">
                  {session.ipAddress ?? "Unknown address"} · signed in {when(session.createdAt)} · last active{" "}
                  {when(session.lastActiveAt)}
                </span>
              </span>
              {!session.current && (
                <span className="manage-actions">
                  <button
                    type="button"
                    className="button button-small"
                    disabled={revoke.pending}
                    onClick={() => void revoke.run(session.id)}
                    aria-label={`Sign out ${describeSession(session)}`}
                  >
                    Sign out
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {others.length > 0 && (
        <div>
          <button type="button" className="button" disabled={revokeOthers.pending} onClick={() => void revokeOthers.run()}>
            Sign out everywhere else
          </button>
        </div>
      )}
      <FormError message={load.error?.detail ?? revoke.error?.detail ?? revokeOthers.error?.detail} />
    </section>
  );
}
