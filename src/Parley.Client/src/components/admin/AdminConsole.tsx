import type { ComponentType } from "react";
import { adminPath, type AdminTab } from "../../state/routes";
import { Link } from "../common/Link";
import { AuditTab } from "./AuditTab";
import { DashboardTab } from "./DashboardTab";
import { InvitesTab } from "./InvitesTab";
import { ReportsTab } from "./ReportsTab";
import { RoomsTab } from "./RoomsTab";
import { SettingsTab } from "./SettingsTab";
import { UsersTab } from "./UsersTab";
import "../../styles/admin.css";

/** The console's pages in the order of the tab bar; a page not listed here is "not found". */
const tabs: { tab: AdminTab; label: string; Component: ComponentType }[] = [
  { tab: "dashboard", label: "Dashboard", Component: DashboardTab },
  { tab: "users", label: "Users", Component: UsersTab },
  { tab: "rooms", label: "Rooms", Component: RoomsTab },
  { tab: "reports", label: "Reports", Component: ReportsTab },
  { tab: "audit", label: "Audit log", Component: AuditTab },
  { tab: "settings", label: "Settings", Component: SettingsTab },
  { tab: "invites", label: "Invites", Component: InvitesTab },
];

/**
 * The admin console at /admin/{tab}, loaded on demand (its charts are a package of their own). The tabs are
 * links, so each page has its address and back and forward move between them.
 */
export default function AdminConsole({ tab }: { tab: AdminTab }) {
  const current = tabs.find((t) => t.tab === tab);
  return (
    <div className="admin">
      <header className="admin-header">
        <Link href="/" className="icon-button admin-back" aria-label="Back to your conversations" title="Back to your conversations">
          ←
        </Link>
        <h1>Admin console</h1>
      </header>
      <nav className="admin-tabs" aria-label="Admin console">
        {tabs.map((t) => (
          <Link key={t.tab} href={adminPath(t.tab)} className="admin-tab" aria-current={t.tab === tab ? "page" : undefined}>
            {t.label}
          </Link>
        ))}
      </nav>
      <section className="admin-page" aria-label={current?.label ?? "Not found"}>
        {current ? (
          <current.Component />
        ) : (
          <div className="main-message">
            <h2>Page not found</h2>
          </div>
        )}
      </section>
    </div>
  );
}
