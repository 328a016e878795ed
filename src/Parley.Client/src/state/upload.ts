import { antiforgeryHeaders, noteSignedOut, refreshAntiforgery, request } from "./http";
import { ApiError, networkError, parseProblem } from "./problem";
import type { Attachment, FileUsage } from "../types";

// Uploads go through XMLHttpRequest rather than fetch: only it reports upload progress. The body is the raw file
// (the server decides the type from the bytes); everything else follows `request` in http.ts — the antiforgery
// header, one retry with a fresh token, failures as ApiError, a 401 ending the session.

export interface UploadOptions {
  /** A recorded voice message: the server checks it is audio and how long it is. */
  voice?: boolean;
  /** Voice: peaks 0–100 computed while recording. */
  waveform?: number[];
}

export type UploadProgress = (sent: number, total: number) => void;

export async function uploadFile(
  conversationId: number,
  file: Blob,
  name: string,
  options: UploadOptions,
  onProgress: UploadProgress,
  signal: AbortSignal,
): Promise<Attachment> {
  const url = uploadUrl(conversationId, name, options);
  try {
    return await post(url, file, onProgress, signal);
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== "antiforgery_failed") throw error;
    // The token was for another session (signed in or out in another tab): get a fresh one and try once more.
    await refreshAntiforgery();
    return await post(url, file, onProgress, signal);
  }
}

/** Removes an upload that was not sent (the × in the composer's tray). */
export const deleteUpload = (id: string) => request<void>("DELETE", `/api/files/${encodeURIComponent(id)}`);

export const getFileUsage = () => request<FileUsage>("GET", "/api/files/usage");

export function uploadUrl(conversationId: number, name: string, options: UploadOptions): string {
  const query = new URLSearchParams({ name });
  if (options.voice) query.set("voice", "true");
  if (options.waveform && options.waveform.length > 0) query.set("waveform", options.waveform.join(","));
  return `/api/conversations/${conversationId}/files?${query.toString()}`;
}

async function post(url: string, file: Blob, onProgress: UploadProgress, signal: AbortSignal): Promise<Attachment> {
  const headers = await antiforgeryHeaders();
  signal.throwIfAborted();
  return new Promise<Attachment>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.withCredentials = true;
    xhr.setRequestHeader("Accept", "application/json");
    for (const [header, value] of Object.entries(headers)) xhr.setRequestHeader(header, value);
    xhr.responseType = "text";
    const abort = () => xhr.abort();
    signal.addEventListener("abort", abort, { once: true });
    const settle = () => signal.removeEventListener("abort", abort);
    xhr.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    xhr.onload = () => {
      settle();
      const body = readJson(xhr);
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(file.size, file.size);
        resolve(body as Attachment);
        return;
      }
      const error = parseProblem(xhr.status, body);
      if (error.status === 401) noteSignedOut();
      reject(error);
    };
    xhr.onerror = () => {
      settle();
      reject(networkError());
    };
    xhr.onabort = () => {
      settle();
      reject(signal.reason instanceof Error ? signal.reason : new DOMException("The upload was cancelled.", "AbortError"));
    };
    onProgress(0, file.size);
    xhr.send(file);
  });
}

function readJson(xhr: XMLHttpRequest): unknown {
  const type = xhr.getResponseHeader("Content-Type") ?? "";
  if (!type.includes("json") || !xhr.responseText) return null;
  try {
    return JSON.parse(xhr.responseText);
  } catch {
    return null;
  }
}
