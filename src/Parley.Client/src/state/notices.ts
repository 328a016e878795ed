import { createStore } from "./store";

// Short messages about things that happened out of view ("#design was deleted"). One at a time: a newer one
// replaces the last, which would otherwise sit beside it and read as if it were about the same thing.

export interface Notice {
  id: number;
  text: string;
}

const NoticeMs = 8000;

export const noticesStore = createStore<readonly Notice[]>([]);
let nextId = 1;

export function showNotice(text: string): void {
  const notice = { id: nextId++, text };
  noticesStore.set([notice]);
  setTimeout(() => dismissNotice(notice.id), NoticeMs);
}

export function dismissNotice(id: number): void {
  noticesStore.update((notices) => (notices.some((n) => n.id === id) ? notices.filter((n) => n.id !== id) : notices));
}
