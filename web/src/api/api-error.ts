import type { ErrorBody, FieldIssue } from "./types";

/** Kinds the server sends, plus two the client adds: `network` (no response) and `bad_response` (unreadable body). */
export type ApiErrorKind = string;

/** Every failed API call rejects with this, never with a raw fetch error. */
export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    /** HTTP status, 0 when the request never got a response. */
    readonly status: number,
    readonly issues: readonly FieldIssue[] = [],
  ) {
    super(message);
  }

  get unauthorized(): boolean {
    return this.status === 401;
  }
}

export function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.error === "string" && typeof v.message === "string";
}

/** Builds the ApiError for a non-2xx response from its (possibly missing or non-JSON) body. */
export function errorFromResponse(status: number, body: unknown): ApiError {
  if (isErrorBody(body)) {
    const issues = Array.isArray(body.issues) ? body.issues : [];
    return new ApiError(body.error, body.message, status, issues);
  }
  return new ApiError(status === 401 ? "unauthorized" : "http_error", `The server answered ${status}.`, status);
}
