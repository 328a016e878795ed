import { formatSize } from "./attachments";
import { ApiError, failureSentence } from "./problem";
import { createStore } from "./store";
import { deleteUpload, getFileUsage, uploadFile } from "./upload";
import type { Attachment, FileUsage } from "../types";

// The files being attached to the next message, per conversation (like drafts: switching away and back keeps them).
// Each starts uploading as soon as it is added; the message itself goes out later, naming the finished uploads.
// The file contents and the means to abort stay beside the store: the store holds only what the tray shows.

export type UploadStatus = "uploading" | "done" | "failed";

export interface PendingUpload {
  /** This client's own key for the entry (an upload has no server id until it finishes). */
  key: string;
  name: string;
  size: number;
  /** The type the browser claims, only to pick an icon while it uploads; the server decides the real one. */
  type: string;
  status: UploadStatus;
  /** Bytes sent so far. */
  sent: number;
  /** What the server stored, once done. */
  attachment: Attachment | null;
  /** Why it failed, as the server said it (or the check before uploading). */
  error: string | null;
  errorCode: string | null;
}

type Queues = ReadonlyMap<number, readonly PendingUpload[]>;

export const uploadsStore = createStore<Queues>(new Map());

const contents = new Map<string, { blob: Blob; controller: AbortController | null }>();
let nextKey = 1;
let limits: Pick<FileUsage, "maxFileBytes" | "maxAttachmentsPerMessage"> | null = null;
let limitsRequest: Promise<void> | null = null;

const none: readonly PendingUpload[] = [];

export const uploadsOf = (queues: Queues, conversationId: number): readonly PendingUpload[] => queues.get(conversationId) ?? none;

/** The file on this device behind an entry, for a preview while it uploads. */
export const uploadPreview = (key: string): Blob | null => contents.get(key)?.blob ?? null;

/** Asks the server for its limits once, for checks that answer before an upload starts; without them, it decides alone. */
export function loadUploadLimits(): Promise<void> {
  limitsRequest ??= getFileUsage().then(
    (usage) => {
      limits = { maxFileBytes: usage.maxFileBytes, maxAttachmentsPerMessage: usage.maxAttachmentsPerMessage };
    },
    () => {
      limitsRequest = null;
    },
  );
  return limitsRequest;
}

export function addUploads(conversationId: number, files: readonly { blob: Blob; name: string }[]): void {
  for (const { blob, name } of files) {
    const key = `upload-${nextKey++}`;
    contents.set(key, { blob, controller: null });
    const entry: PendingUpload = { key, name, size: blob.size, type: blob.type, status: "uploading", sent: 0, attachment: null, error: null, errorCode: null };
    const refusal = refusalBeforeUpload(uploadsOf(uploadsStore.get(), conversationId), blob.size);
    update(conversationId, (queue) => [...queue, refusal ? { ...entry, status: "failed", ...refusal } : entry]);
    if (!refusal) void run(conversationId, key);
  }
}

export function retryUpload(conversationId: number, key: string): void {
  const queue = uploadsOf(uploadsStore.get(), conversationId);
  const entry = queue.find((u) => u.key === key);
  if (!entry || entry.status !== "failed") return;
  const refusal = refusalBeforeUpload(
    queue.filter((u) => u.key !== key),
    entry.size,
  );
  if (refusal) {
    patch(conversationId, key, refusal);
    return;
  }
  patch(conversationId, key, { status: "uploading", sent: 0, error: null, errorCode: null });
  void run(conversationId, key);
}

/** The × on a file: stops its upload, or removes the stored upload (the server's sweep catches one that cannot be removed now). */
export function cancelUpload(conversationId: number, key: string): void {
  const entry = uploadsOf(uploadsStore.get(), conversationId).find((u) => u.key === key);
  if (!entry) return;
  contents.get(key)?.controller?.abort();
  contents.delete(key);
  update(conversationId, (queue) => queue.filter((u) => u.key !== key));
  if (entry.attachment) void deleteUpload(entry.attachment.id).catch(() => undefined);
}

/**
 * Whether the message can go: some text or a finished file, and nothing still uploading — as in Slack, the message
 * waits for its files rather than leaving without them. Failed files neither block it nor go with it.
 */
export function sendState(queue: readonly PendingUpload[], text: string): { canSend: boolean; waiting: boolean } {
  const waiting = queue.some((u) => u.status === "uploading");
  const ready = queue.some((u) => u.status === "done");
  return { canSend: !waiting && (text.trim().length > 0 || ready), waiting };
}

/** Takes the finished uploads out of the tray, in the order they were added, to go with the message being sent. */
export function takeFinishedUploads(conversationId: number): Attachment[] {
  const queue = uploadsOf(uploadsStore.get(), conversationId);
  const finished = queue.filter((u) => u.status === "done" && u.attachment);
  for (const upload of finished) contents.delete(upload.key);
  if (finished.length > 0) update(conversationId, (q) => q.filter((u) => u.status !== "done"));
  return finished.map((u) => u.attachment!);
}

/** On sign-out: stops every upload and forgets them (the server removes unsent ones after a while). */
export function resetUploads(): void {
  for (const held of contents.values()) held.controller?.abort();
  contents.clear();
  uploadsStore.set(new Map());
}

function refusalBeforeUpload(others: readonly PendingUpload[], size: number): Pick<PendingUpload, "error" | "errorCode"> | null {
  if (!limits) return null;
  if (size > limits.maxFileBytes) {
    return { errorCode: "file_too_large", error: `The file is ${formatSize(size)}; files can be at most ${formatSize(limits.maxFileBytes)}.` };
  }
  const counted = others.filter((u) => u.status !== "failed").length;
  if (counted >= limits.maxAttachmentsPerMessage) {
    return {
      errorCode: "too_many_attachments",
      error: `A message can carry at most ${limits.maxAttachmentsPerMessage} files. Send these first, then retry.`,
    };
  }
  return null;
}

async function run(conversationId: number, key: string): Promise<void> {
  const held = contents.get(key);
  const entry = uploadsOf(uploadsStore.get(), conversationId).find((u) => u.key === key);
  if (!held || !entry) return;
  const controller = new AbortController();
  held.controller = controller;
  try {
    const attachment = await uploadFile(conversationId, held.blob, entry.name, {}, (sent) => patch(conversationId, key, { sent }), controller.signal);
    if (!contents.has(key)) {
      // Cancelled as it finished: the server has it, so remove it there too.
      void deleteUpload(attachment.id).catch(() => undefined);
      return;
    }
    held.controller = null;
    patch(conversationId, key, { status: "done", sent: entry.size, attachment });
  } catch (error) {
    if (controller.signal.aborted || !contents.has(key)) return;
    held.controller = null;
    patch(conversationId, key, {
      status: "failed",
      error: failureSentence(error, "The upload failed."),
      errorCode: error instanceof ApiError ? error.code : "upload_failed",
    });
  }
}

function patch(conversationId: number, key: string, change: Partial<PendingUpload>): void {
  update(conversationId, (queue) => queue.map((u) => (u.key === key ? { ...u, ...change } : u)));
}

function update(conversationId: number, change: (queue: readonly PendingUpload[]) => readonly PendingUpload[]): void {
  uploadsStore.update((queues) => {
    const before = uploadsOf(queues, conversationId);
    const after = change(before);
    if (after === before) return queues;
    const next = new Map(queues);
    if (after.length > 0) next.set(conversationId, after);
    else next.delete(conversationId);
    return next;
  });
}
