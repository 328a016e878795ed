import { useEffect, useState } from "react";
import {
  deactivateUser,
  fetchUser,
  forcePasswordReset,
  reactivateUser,
  searchUsers,
  setAdministrator,
  signOutEverywhere,
} from "../../state/adminApi";
import { failureSentence } from "../../state/problem";
import { sessionStore } from "../../state/session";
import type { AdminUserDetail, AdminUserRow } from "../../types";
import { useStoreSlice } from "../common/useStore";
import { ConfirmButton } from "./ConfirmButton";
import { Pager } from "./Pager";
import { SearchForm, useSearchablePage } from "./SearchablePage";

const PageSize = 25;

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "—");

/** Finding accounts by name or address, and what an administrator does to one. */
export function UsersTab() {
  const { page, error, search, goTo, reload } = useSearchablePage((q, offset) => searchUsers(q, offset, PageSize), "The accounts could not be loaded.");
  const [selected, setSelected] = useState<number | null>(null);

  return (
    <div className="admin-split">
      <div className="admin-list">
        <SearchForm id="admin-user-search" label="Search accounts" placeholder="Username, name or email" maxLength={256} onSearch={search} />
        {error && <p role="alert">{error}</p>}
        {page && (
          <>
            <table className="admin-table admin-users">
              <thead>
                <tr>
                  <th scope="col">Account</th>
                  <th scope="col" className="admin-wide-only">
                    Email
                  </th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((user) => (
                  <tr key={user.id} aria-selected={user.id === selected}>
                    <td>
                      <button type="button" className="link-button" onClick={() => setSelected(user.id)}>
                        {user.displayName} <span className="muted">@{user.username}</span>
                      </button>
                    </td>
                    <td className="admin-wide-only">{user.email ?? "—"}</td>
                    <td>
                      <UserBadges user={user} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {page.items.length === 0 && <p className="muted">No account matches.</p>}
            <Pager page={page} onOffset={goTo} />
          </>
        )}
      </div>
      {selected !== null && (
        <UserDetail
          key={selected}
          userId={selected}
          onChanged={reload}
          onClose={() => setSelected(null)}
        />
      )}
    </div>
  );
}

function UserBadges({ user }: { user: AdminUserRow }) {
  return (
    <span className="admin-badges">
      {user.deactivatedAt ? <span className="admin-badge admin-badge-danger">Deactivated</span> : user.online ? <span className="admin-badge admin-badge-online">Online</span> : null}
      {user.isAdmin && <span className="admin-badge">Admin</span>}
    </span>
  );
}

function UserDetail({ userId, onChanged, onClose }: { userId: number; onChanged: () => void; onClose: () => void }) {
  const meId = useStoreSlice(sessionStore, (s) => (s.status === "signedIn" ? s.me.id : null));
  const [user, setUser] = useState<AdminUserDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    fetchUser(userId).then(setUser, (e: unknown) => setError(failureSentence(e, "The account could not be loaded.")));
  }, [userId]);

  if (!user) return <aside className="admin-detail">{error ? <p role="alert">{error}</p> : <p aria-busy="true">Loading…</p>}</aside>;

  const act = (action: () => Promise<AdminUserDetail>, done: string) => async () => {
    setUser(await action());
    setNotice(done);
    onChanged();
  };
  const self = user.id === meId;
  const facts: [string, string][] = [
    ["Email", `${user.email ?? "—"}${user.email && !user.emailConfirmed ? " (not verified)" : ""}`],
    ["Created", when(user.createdAt)],
    ["Last seen", user.online ? "Online now" : when(user.lastSeenAt)],
    ["Active sessions", String(user.activeSessions)],
    ["Rooms", String(user.rooms)],
    ["Messages", String(user.messages)],
    ["Two-factor sign-in", user.twoFactorEnabled ? "On" : "Off"],
    ["Administrator", user.isAdmin ? "Yes" : "No"],
    ["Deactivated", user.deactivatedAt ? when(user.deactivatedAt) : "No"],
  ];
  return (
    <aside className="admin-detail" aria-labelledby="admin-user-title">
      <header className="admin-detail-header">
        <h2 id="admin-user-title">
          {user.displayName} <span className="muted">@{user.username}</span>
        </h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label="Close the account">
          ×
        </button>
      </header>
      <dl className="admin-facts">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <p role="status" className="admin-notice">
        {notice}
      </p>
      <div className="admin-actions">
        {user.deactivatedAt ? (
          <ConfirmButton
            label="Reactivate"
            question={<>Let @{user.username} sign in again?</>}
            confirm="Reactivate"
            onConfirm={act(() => reactivateUser(user.id), "The account can sign in again.")}
          />
        ) : (
          <ConfirmButton
            label="Deactivate"
            danger
            disabled={self}
            question={<>Deactivate @{user.username}? They are signed out everywhere at once and cannot sign in until reactivated.</>}
            confirm="Deactivate"
            onConfirm={act(() => deactivateUser(user.id), "Deactivated and signed out everywhere.")}
          />
        )}
        <ConfirmButton
          label="Sign out everywhere"
          question={<>End every session of @{user.username}, on every device and access token?</>}
          confirm="Sign out everywhere"
          onConfirm={async () => {
            const { sessionsEnded } = await signOutEverywhere(user.id);
            setUser({ ...user, activeSessions: 0, online: false });
            setNotice(`${sessionsEnded} session${sessionsEnded === 1 ? "" : "s"} ended.`);
            onChanged();
          }}
        />
        <ConfirmButton
          label="Force password reset"
          danger
          disabled={!user.email}
          question={<>Stop @{user.username}'s password from working, sign them out everywhere and mail them a link to choose a new one?</>}
          confirm="Force reset"
          onConfirm={act(() => forcePasswordReset(user.id), "Password reset: a link is on its way to their address.")}
        />
        <ConfirmButton
          label={user.isAdmin ? "Revoke admin" : "Make admin"}
          danger={user.isAdmin}
          question={
            user.isAdmin ? (
              <>Take the administrator role from @{user.username}? They lose the admin console at once.</>
            ) : (
              <>Make @{user.username} an administrator? They can then do everything this console does.</>
            )
          }
          confirm={user.isAdmin ? "Revoke" : "Make admin"}
          onConfirm={act(() => setAdministrator(user.id, !user.isAdmin), user.isAdmin ? "No longer an administrator." : "Now an administrator.")}
        />
      </div>
      {self && <p className="muted">You cannot deactivate your own account.</p>}
    </aside>
  );
}
