import { useEffect, useMemo, useState } from "react";
import { fetchDashboard } from "../../state/adminApi";
import { formatBytes } from "../../state/adminFormat";
import { failureSentence } from "../../state/problem";
import type { Dashboard } from "../../types";
import { LineChart } from "./LineChart";

const number = new Intl.NumberFormat();

/** Messages and active people per day over the last 30 days, the server now, and its totals. */
export function DashboardTab() {
  const [dashboard, setDashboard] = useState<Dashboard | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = async () => {
    setLoading(true);
    try {
      setDashboard(await fetchDashboard());
      setError(null);
    } catch (e) {
      setError(failureSentence(e, "The dashboard could not be loaded."));
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    void load();
  }, []);

  const series = useMemo(() => {
    const days = dashboard?.days ?? [];
    return {
      days: days.map((d) => Date.parse(`${d.day}T00:00:00Z`) / 1000),
      messages: days.map((d) => d.messages),
      active: days.map((d) => d.activeUsers),
    };
  }, [dashboard]);

  if (!dashboard) {
    return error ? <p role="alert">{error}</p> : <p aria-busy="true">Loading the dashboard…</p>;
  }

  const { totals } = dashboard;
  const stats: [string, string][] = [
    ["Connections now", number.format(dashboard.connectionsNow)],
    ["People online", number.format(dashboard.onlineNow)],
    ["Storage used", formatBytes(dashboard.storageBytes)],
    ["Users", `${number.format(totals.users)}${totals.deactivatedUsers ? ` (${number.format(totals.deactivatedUsers)} deactivated)` : ""}`],
    ["Rooms", number.format(totals.rooms)],
    ["Messages", number.format(totals.messages)],
    ["Files", number.format(totals.files)],
  ];
  return (
    <div className="admin-dashboard">
      <div className="admin-toolbar">
        <p className="muted">As of {new Date(dashboard.at).toLocaleString()}</p>
        <button type="button" className="button button-small" onClick={() => void load()} disabled={loading}>
          Refresh
        </button>
      </div>
      {error && <p role="alert">{error}</p>}
      <dl className="admin-stats">
        {stats.map(([label, value]) => (
          <div key={label} className="admin-stat">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <div className="admin-charts">
        <LineChart label="Messages per day" days={series.days} values={series.messages} color="--accent" />
        <LineChart label="Active users per day" days={series.days} values={series.active} color="--online" />
      </div>
      <details className="admin-numbers">
        <summary>The numbers per day</summary>
        <table className="admin-table">
          <thead>
            <tr>
              <th scope="col">Day (UTC)</th>
              <th scope="col">Messages</th>
              <th scope="col">Active users</th>
            </tr>
          </thead>
          <tbody>
            {[...dashboard.days].reverse().map((d) => (
              <tr key={d.day}>
                <td>{d.day}</td>
                <td>{number.format(d.messages)}</td>
                <td>{number.format(d.activeUsers)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
