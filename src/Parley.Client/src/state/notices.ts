import { createStore } from "./store";

// Short messages about things that happened out of view ("This room was deleted").

export interface Notice {
  id: number;
  text: string;
}

const NoticeMs = 8000;

export const noticesStore = createStore<readonly Notice[]>([]);
let nextId = 1;

export function showNotice(text: string): void {
  const notice = { id: nextId++, text };
  noticesStore.update((notices) => [...notices, notice]);
  setTimeout(() => dismissNotice(notice.id), NoticeMs);
}

export function dismissNotice(id: number): void {
  noticesStore.update((notices) => (notices.some((n) => n.id === id) ? notices.filter((n) => n.id !== id) : notices));
}
