import { request } from "./http";
import type {
  AdminPage,
  AdminRoomRow,
  AdminUserDetail,
  AdminUserRow,
  AuditFilter,
  AuditPage,
  Dashboard,
  Member,
} from "../types";

// The admin console's calls (/api/admin/…). Every one is refused with 403 not_an_administrator for anyone else.

const query = (params: Record<string, string | number | undefined>) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
};

export const fetchDashboard = () => request<Dashboard>("GET", "/api/admin/dashboard");

export const searchUsers = (q: string, offset: number, limit: number) =>
  request<AdminPage<AdminUserRow>>("GET", `/api/admin/users${query({ q, offset, limit })}`);

export const fetchUser = (userId: number) => request<AdminUserDetail>("GET", `/api/admin/users/${userId}`);

export const deactivateUser = (userId: number) => request<AdminUserDetail>("POST", `/api/admin/users/${userId}/deactivate`);

export const reactivateUser = (userId: number) => request<AdminUserDetail>("POST", `/api/admin/users/${userId}/reactivate`);

export const forcePasswordReset = (userId: number) => request<AdminUserDetail>("POST", `/api/admin/users/${userId}/reset-password`);

export const signOutEverywhere = (userId: number) =>
  request<{ sessionsEnded: number }>("POST", `/api/admin/users/${userId}/sign-out`);

export const setAdministrator = (userId: number, isAdmin: boolean) =>
  request<AdminUserDetail>("PUT", `/api/admin/users/${userId}/admin`, { body: { isAdmin } });

export const listRooms = (q: string, offset: number, limit: number) =>
  request<AdminPage<AdminRoomRow>>("GET", `/api/admin/rooms${query({ q, offset, limit })}`);

export const roomMembers = (roomId: number) => request<Member[]>("GET", `/api/admin/rooms/${roomId}/members`);

export const deleteRoomAsAdmin = (roomId: number) => request<void>("DELETE", `/api/admin/rooms/${roomId}`);

export const transferOwnership = (roomId: number, userId: number) =>
  request<Member>("PUT", `/api/admin/rooms/${roomId}/owner`, { body: { userId } });

export const readAudit = (filter: AuditFilter, before?: number, limit = 50) =>
  request<AuditPage>("GET", `/api/admin/audit${query({ ...filter, before, limit })}`);

export const auditActions = () => request<string[]>("GET", "/api/admin/audit/actions");
