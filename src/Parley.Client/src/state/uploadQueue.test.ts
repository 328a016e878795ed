import { beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "./problem";
import type { Attachment } from "../types";

// The tray's state machine against a stand-in for the network: each upload waits until the test answers it.

interface Call {
  name: string;
  progress: (sent: number, total: number) => void;
  signal: AbortSignal;
  resolve: (attachment: Attachment) => void;
  reject: (error: unknown) => void;
}

const calls: Call[] = [];
const deleted: string[] = [];
const usage = { usedBytes: 0, quotaBytes: 1 << 30, maxFileBytes: 1000, maxAttachmentsPerMessage: 3, maxVoiceSeconds: 300 };

vi.mock("./upload", () => ({
  uploadFile: (_conversationId: number, _file: Blob, name: string, _options: unknown, progress: Call["progress"], signal: AbortSignal) =>
    new Promise<Attachment>((resolve, reject) => {
      signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
      calls.push({ name, progress, signal, resolve, reject });
    }),
  deleteUpload: (id: string) => {
    deleted.push(id);
    return Promise.resolve();
  },
  getFileUsage: () => Promise.resolve(usage),
}));

const { addUploads, cancelUpload, loadUploadLimits, resetUploads, retryUpload, sendState, takeFinishedUploads, uploadsOf, uploadsStore } = await import(
  "./uploadQueue"
);

const conversation = 7;
const queue = () => uploadsOf(uploadsStore.get(), conversation);
const file = (name: string, bytes = 100) => ({ blob: new Blob([new Uint8Array(bytes)], { type: "image/png" }), name });
const stored = (name: string): Attachment => ({
  id: `id-${name}`,
  kind: "image",
  name,
  contentType: "image/png",
  size: 100,
  url: `/api/files/id-${name}`,
  thumbnailUrl: null,
  width: 10,
  height: 10,
  durationMs: null,
  waveform: null,
  provider: null,
});
/** Waits (with vitest's deadline) until the queue has asked the network for <n> uploads in all. */
const started = (n: number) => vi.waitFor(() => expect(calls).toHaveLength(n));
/** Waits until the queue shows these statuses, in order. */
const statuses = (...expected: string[]) => vi.waitFor(() => expect(queue().map((u) => u.status)).toEqual(expected));

beforeEach(async () => {
  resetUploads();
  calls.length = 0;
  deleted.length = 0;
  await loadUploadLimits();
});

describe("upload queue", () => {
  it("shows each file uploading with its progress, then done with what the server stored", async () => {
    addUploads(conversation, [file("a.png"), file("b.png")]);
    expect(queue().map((u) => [u.name, u.status, u.sent])).toEqual([
      ["a.png", "uploading", 0],
      ["b.png", "uploading", 0],
    ]);
    await started(2);
    calls[0]!.progress(40, 100);
    expect(queue()[0]!.sent).toBe(40);
    calls[0]!.resolve(stored("a.png"));
    await statuses("done", "uploading");
    expect(queue()[0]).toMatchObject({ status: "done", sent: 100, attachment: { id: "id-a.png" } });
    expect(queue()[1]!.status).toBe("uploading");
  });

  it("keeps the message from going while a file uploads, and lets it go with only files and no text", async () => {
    expect(sendState(queue(), "")).toEqual({ canSend: false, waiting: false });
    expect(sendState(queue(), "hi")).toEqual({ canSend: true, waiting: false });
    addUploads(conversation, [file("a.png")]);
    expect(sendState(queue(), "hi")).toEqual({ canSend: false, waiting: true });
    await started(1);
    calls[0]!.resolve(stored("a.png"));
    await statuses("done");
    expect(sendState(queue(), "")).toEqual({ canSend: true, waiting: false });
  });

  it("cancels a running upload by aborting it and removing it from the tray", async () => {
    addUploads(conversation, [file("a.png")]);
    await started(1);
    cancelUpload(conversation, queue()[0]!.key);
    expect(calls[0]!.signal.aborted).toBe(true);
    expect(queue()).toEqual([]);
    // Barrier: the aborted upload's failure is handled before a later upload starts; it must not come back.
    addUploads(conversation, [file("z.png")]);
    await started(2);
    expect(queue().map((u) => u.name)).toEqual(["z.png"]);
    expect(deleted).toEqual([]);
  });

  it("removes a finished upload from the server when it is cancelled", async () => {
    addUploads(conversation, [file("a.png")]);
    await started(1);
    calls[0]!.resolve(stored("a.png"));
    await statuses("done");
    cancelUpload(conversation, queue()[0]!.key);
    expect(queue()).toEqual([]);
    expect(deleted).toEqual(["id-a.png"]);
  });

  it("shows the server's refusal and uploads again on retry", async () => {
    addUploads(conversation, [file("a.png")]);
    await started(1);
    calls[0]!.reject(new ApiError(409, "quota_exceeded", "You have used 1 GB of your 1 GB."));
    await statuses("failed");
    expect(queue()[0]).toMatchObject({ status: "failed", errorCode: "quota_exceeded", error: "You have used 1 GB of your 1 GB." });
    expect(sendState(queue(), "")).toEqual({ canSend: false, waiting: false });
    retryUpload(conversation, queue()[0]!.key);
    expect(queue()[0]).toMatchObject({ status: "uploading", error: null, errorCode: null, sent: 0 });
    await started(2);
    calls[1]!.resolve(stored("a.png"));
    await statuses("done");
  });

  it("refuses a file over the size limit or past the per-message count before uploading it", async () => {
    addUploads(conversation, [file("big.bin", 1001), file("a.png"), file("b.png"), file("c.png"), file("d.png")]);
    await started(3);
    expect(queue().map((u) => [u.name, u.status, u.errorCode])).toEqual([
      ["big.bin", "failed", "file_too_large"],
      ["a.png", "uploading", null],
      ["b.png", "uploading", null],
      ["c.png", "uploading", null],
      ["d.png", "failed", "too_many_attachments"],
    ]);
    expect(queue()[0]!.error).toBe("The file is larger than the 1000 bytes this server accepts.");
    expect(calls.map((c) => c.name)).toEqual(["a.png", "b.png", "c.png"]);
    cancelUpload(conversation, queue()[1]!.key);
    retryUpload(conversation, queue().find((u) => u.name === "d.png")!.key);
    expect(queue().find((u) => u.name === "d.png")!.status).toBe("uploading");
  });

  it("hands the finished uploads to the message in order and keeps failed ones in the tray", async () => {
    addUploads(conversation, [file("a.png"), file("b.png"), file("c.png")]);
    await started(3);
    calls[1]!.resolve(stored("b.png"));
    calls[0]!.resolve(stored("a.png"));
    calls[2]!.reject(new ApiError(415, "file_type_not_allowed", "This file type is not allowed."));
    await statuses("done", "done", "failed");
    expect(takeFinishedUploads(conversation).map((a) => a.id)).toEqual(["id-a.png", "id-b.png"]);
    expect(queue().map((u) => [u.name, u.status])).toEqual([["c.png", "failed"]]);
  });

  it("keeps each conversation's files apart", async () => {
    addUploads(conversation, [file("a.png")]);
    addUploads(8, [file("b.png")]);
    expect(queue().map((u) => u.name)).toEqual(["a.png"]);
    expect(uploadsOf(uploadsStore.get(), 8).map((u) => u.name)).toEqual(["b.png"]);
  });
});
