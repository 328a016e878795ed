import { ApiError, networkError, parseProblem } from "./problem";
import type { AntiforgeryToken } from "../types";

// The one way the client talks HTTP: cookies ride along, every state-changing request carries the antiforgery
// token, failures become ApiError, and a 401 means the session is gone wherever it happens.

type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export interface RequestOptions {
  body?: unknown;
  /** Sent as it is (a file), instead of `body` as JSON. */
  rawBody?: Blob;
  signal?: AbortSignal;
  /** The request checks credentials itself (sign-in): its 401 is an answer, not a lost session. */
  checksCredentials?: boolean;
}

let antiforgery: AntiforgeryToken | null = null;
let antiforgeryRequest: Promise<void> | null = null;
let onSignedOut: () => void = () => {};

/** Called whenever the server says the caller is not signed in (expired, signed out elsewhere, revoked). */
export function setSignedOutHandler(handler: () => void): void {
  onSignedOut = handler;
}

/** Fetches a token for who is signed in now; the server binds it to the session, so call again after signing in or out. */
export function refreshAntiforgery(): Promise<void> {
  const pending = fetchJson("/api/auth/antiforgery").then((token) => {
    antiforgery = token as AntiforgeryToken;
  });
  antiforgeryRequest = pending;
  return pending.finally(() => {
    if (antiforgeryRequest === pending) antiforgeryRequest = null;
  });
}

export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  let response = await send(method, path, options);
  if (!response.ok) {
    let error = await readError(response);
    if (error.code === "antiforgery_failed") {
      // The token was for another session (signed in or out in another tab): get a fresh one and try once more.
      await refreshAntiforgery();
      response = await send(method, path, options);
      error = response.ok ? error : await readError(response);
    }
    if (!response.ok) {
      if (error.status === 401 && !options.checksCredentials) onSignedOut();
      throw error;
    }
  }
  return (await readBody(response)) as T;
}

/** The antiforgery header for a state-changing request made outside `request` (an upload through XMLHttpRequest). */
export async function antiforgeryHeaders(): Promise<Record<string, string>> {
  if (antiforgeryRequest) await antiforgeryRequest;
  if (!antiforgery) await refreshAntiforgery();
  return antiforgery ? { [antiforgery.headerName]: antiforgery.token } : {};
}

/** Tells the client a request outside `request` found the session gone. */
export function noteSignedOut(): void {
  onSignedOut();
}

async function send(method: Method, path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  if (options.rawBody !== undefined) headers["Content-Type"] = options.rawBody.type || "application/octet-stream";
  if (method !== "GET") Object.assign(headers, await antiforgeryHeaders());
  try {
    return await fetch(path, {
      method,
      headers,
      body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      credentials: "same-origin",
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw networkError();
  }
}

async function fetchJson(path: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { Accept: "application/json" }, credentials: "same-origin" });
  } catch {
    throw networkError();
  }
  if (!response.ok) throw await readError(response);
  return readBody(response);
}

async function readError(response: Response): Promise<ApiError> {
  return parseProblem(response.status, await readBody(response).catch(() => null));
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const type = response.headers.get("Content-Type") ?? "";
  return type.includes("json") ? response.json() : null;
}
