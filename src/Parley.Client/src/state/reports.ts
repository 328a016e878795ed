import * as moderationApi from "./moderationApi";
import { createStore } from "./store";
import type { Report } from "../types";

// The open reports this user handles (as a room's owner or admin, or as a server administrator): loaded once, then
// kept current by reportFiled and reportClosed. The header's badge and the queues render it.

export interface ReportsState {
  loaded: boolean;
  open: readonly Report[];
}

export const reportsStore = createStore<ReportsState>({ loaded: false, open: [] });

/** A report filed (or changed while open): newest first, each once. */
export function withReport(reports: readonly Report[], report: Report): readonly Report[] {
  if (report.status !== "open") return withoutReport(reports, report.id);
  const others = reports.filter((r) => r.id !== report.id);
  return [...others, report].sort((a, b) => b.id - a.id);
}

export function withoutReport(reports: readonly Report[], reportId: number): readonly Report[] {
  return reports.some((r) => r.id === reportId) ? reports.filter((r) => r.id !== reportId) : reports;
}

/** How many open reports concern one conversation (null: all of them). */
export function countOpen(reports: readonly Report[], conversationId: number | null): number {
  return conversationId === null ? reports.length : reports.filter((r) => r.conversationId === conversationId).length;
}

export async function loadReports(): Promise<void> {
  const open = await moderationApi.listReports("open");
  // Events that arrived during the fetch are in the list already or are newer: merged, not replaced.
  reportsStore.update((s) => ({ loaded: true, open: s.open.reduce(withReport, open) }));
}

export function applyReport(report: Report): void {
  reportsStore.update((s) => ({ ...s, open: withReport(s.open, report) }));
}
