import { useEffect, useState } from "react";
import { auditActions, readAudit } from "../../state/adminApi";
import { failureSentence } from "../../state/problem";
import type { AuditEntry, AuditFilter } from "../../types";

/** A date-time input's value (local time, no zone) as an ISO instant, or nothing. */
const instant = (local: string) => (local ? new Date(local).toISOString() : undefined);

/** The audit log: who did what, to whom, when and from where; filtered, newest first, more on demand. */
export function AuditTab() {
  const [actions, setActions] = useState<string[]>([]);
  const [form, setForm] = useState({ action: "", actor: "", target: "", q: "", from: "", to: "" });
  const [filter, setFilter] = useState<AuditFilter>({});
  const [lines, setLines] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    auditActions().then(setActions, () => setActions([]));
  }, []);

  const load = async (before?: number) => {
    setLoading(true);
    try {
      const page = await readAudit(filter, before);
      setLines((shown) => (before === undefined ? page.items : [...shown, ...page.items]));
      setNext(page.nextBefore);
      setError(null);
    } catch (e) {
      setError(failureSentence(e, "The audit log could not be loaded."));
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    void load();
  }, [filter]);

  const field = (name: keyof typeof form) => ({
    value: form[name],
    onChange: (event: { target: { value: string } }) => setForm((f) => ({ ...f, [name]: event.target.value })),
  });

  return (
    <div className="admin-list">
      <form
        className="admin-filters"
        aria-label="Filter the audit log"
        onSubmit={(event) => {
          event.preventDefault();
          setFilter({
            action: form.action || undefined,
            actor: form.actor.trim() || undefined,
            target: form.target.trim() || undefined,
            q: form.q.trim() || undefined,
            from: instant(form.from),
            to: instant(form.to),
          });
        }}
      >
        <label>
          Action
          <select className="admin-input" {...field("action")}>
            <option value="">Any</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label>
          Who
          <input className="admin-input" maxLength={128} placeholder="username" {...field("actor")} />
        </label>
        <label>
          To whom or what
          <input className="admin-input" maxLength={128} placeholder="username, room or id" {...field("target")} />
        </label>
        <label>
          Text
          <input className="admin-input" type="search" maxLength={128} {...field("q")} />
        </label>
        <label>
          From
          <input className="admin-input" type="datetime-local" {...field("from")} />
        </label>
        <label>
          Until
          <input className="admin-input" type="datetime-local" {...field("to")} />
        </label>
        <button type="submit" className="button">
          Filter
        </button>
      </form>
      {error && <p role="alert">{error}</p>}
      <table className="admin-table admin-audit">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Action</th>
            <th scope="col">Who</th>
            <th scope="col">To</th>
            <th scope="col" className="admin-wide-only">
              From
            </th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line.id}>
              <td>
                <time dateTime={line.at}>{new Date(line.at).toLocaleString()}</time>
              </td>
              <td>
                <code>{line.action}</code>
              </td>
              <td>{line.actorName ?? "(not signed in)"}</td>
              <td>{line.targetName ?? line.targetId ?? "—"}</td>
              <td className="admin-wide-only">{line.ipAddress ?? "—"}</td>
              <td>{line.details ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!loading && lines.length === 0 && <p className="muted">No line matches.</p>}
      {next !== null && (
        <button type="button" className="button admin-more" disabled={loading} onClick={() => void load(next)}>
          Older lines
        </button>
      )}
    </div>
  );
}
