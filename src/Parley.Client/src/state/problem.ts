export type FieldErrors = Readonly<Record<string, readonly string[]>>;

/** Refusals that are about one field without being validation errors: shown at that field like one. */
const fieldOfCode: Readonly<Record<string, string>> = {
  room_name_taken: "name",
  invite_code_required: "inviteCode",
  invite_code_invalid: "inviteCode",
};

/**
 * A failed request as the server explained it (RFC 7807 problem details): branch on `code`, show `detail`,
 * put `fieldErrors` next to the matching inputs.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly fieldErrors: FieldErrors;
  /** The whole problem body, for the few refusals that carry more (two_factor_required's `ticket`). */
  readonly body: Readonly<Record<string, unknown>>;

  constructor(status: number, code: string, detail: string, fieldErrors: FieldErrors = {}, body: Readonly<Record<string, unknown>> = {}) {
    super(detail);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.fieldErrors = fieldErrors;
    this.body = body;
  }

  /** The messages for one field as one sentence, or undefined when the field is fine. */
  fieldError(field: string): string | undefined {
    if (fieldOfCode[this.code] === field) return this.detail;
    const messages = this.fieldErrors[field];
    return messages && messages.length > 0 ? messages.join(" ") : undefined;
  }

  /** The sentence for the form as a whole; null when the fields show what is wrong. */
  get formError(): string | null {
    return this.code === "validation_failed" || this.code in fieldOfCode ? null : this.detail;
  }
}

/** What to show for a failed request: the server's sentence (too fast, not allowed…), else `fallback`. */
export function failureSentence(error: unknown, fallback: string): string {
  return error instanceof ApiError ? error.detail : fallback;
}

export function networkError(): ApiError {
  return new ApiError(0, "network_error", "Could not reach the server. Check your connection and try again.");
}

/** Reads a problem body defensively: whatever the body is, the result has a code and a sentence to show. */
export function parseProblem(status: number, body: unknown): ApiError {
  const problem = isRecord(body) ? body : {};
  const code = nonEmptyString(problem.code) ?? fallbackCode(status);
  const detail = nonEmptyString(problem.detail) ?? nonEmptyString(problem.title) ?? fallbackDetail(status);
  return new ApiError(status, code, detail, parseFieldErrors(problem.errors), problem);
}

function parseFieldErrors(value: unknown): FieldErrors {
  if (!isRecord(value)) return {};
  const errors: Record<string, string[]> = {};
  for (const [field, messages] of Object.entries(value)) {
    if (!Array.isArray(messages)) continue;
    const texts = messages.filter((m): m is string => typeof m === "string" && m.length > 0);
    if (texts.length > 0) errors[field] = texts;
  }
  return errors;
}

function fallbackCode(status: number): string {
  if (status === 401) return "not_signed_in";
  if (status === 403) return "forbidden";
  if (status === 404) return "not_found";
  if (status === 429) return "rate_limited";
  return status >= 500 ? "server_error" : "bad_request";
}

function fallbackDetail(status: number): string {
  if (status === 401) return "Sign in to continue.";
  if (status === 429) return "Too many attempts. Wait a moment and try again.";
  return status >= 500
    ? "The server had a problem. Try again in a moment."
    : `The request failed (HTTP ${status}).`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}
