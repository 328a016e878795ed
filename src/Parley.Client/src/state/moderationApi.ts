import { request } from "./http";
import type { Ban, Member, Report, ReportCategory } from "../types";

// Reports, the reports queue, bans and timeouts (docs/api.md, "Moderation").

export const reportMessage = (conversationId: number, messageId: number, category: ReportCategory, comment: string | null) =>
  request<Report>("POST", `/api/conversations/${conversationId}/messages/${messageId}/report`, { body: { category, comment } });

/** Open reports (or handled ones) the caller handles: all for server administrators, their rooms' for room owners and admins. */
export const listReports = (status: "open" | "closed" = "open") => request<Report[]>("GET", `/api/reports?status=${status}`);

export const resolveReport = (reportId: number) => request<Report>("POST", `/api/reports/${reportId}/resolve`);

export const dismissReport = (reportId: number) => request<Report>("POST", `/api/reports/${reportId}/dismiss`);

export const deleteReportedMessage = (reportId: number) => request<Report>("POST", `/api/reports/${reportId}/delete-message`);

export const listBans = (roomId: number) => request<Ban[]>("GET", `/api/rooms/${roomId}/bans`);

export const banMember = (roomId: number, userId: number, reason: string | null) => request<Ban>("POST", `/api/rooms/${roomId}/bans`, { body: { userId, reason } });

export const unbanMember = (roomId: number, userId: number) => request<void>("DELETE", `/api/rooms/${roomId}/bans/${userId}`);

export const timeOutMember = (roomId: number, userId: number, minutes: number) =>
  request<Member>("PUT", `/api/rooms/${roomId}/members/${userId}/timeout`, { body: { minutes } });

export const liftTimeout = (roomId: number, userId: number) => request<Member>("DELETE", `/api/rooms/${roomId}/members/${userId}/timeout`);
