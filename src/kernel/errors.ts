/**
 * The one error taxonomy of Takt. Every layer throws these; the HTTP edge maps
 * them to status codes in one place (see server/error-mapper.ts).
 */
export type ErrorKind = "validation" | "not_found" | "conflict" | "forbidden" | "unauthorized" | "unavailable" | "too_large";

/** One problem with one input field; `path` is a JSON pointer such as `/lines/0/qty`. */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

export class TaktError extends Error {
  readonly kind: ErrorKind;
  readonly details: Readonly<Record<string, unknown>> | undefined;
  constructor(kind: ErrorKind, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = "TaktError";
    this.kind = kind;
    this.details = details;
  }
}

/** Bad input. `issues` name each offending field. */
export class ValidationError extends TaktError {
  readonly issues: readonly FieldIssue[];
  constructor(message: string, issues: readonly FieldIssue[] = []) {
    super("validation", message, { issues });
    this.name = "ValidationError";
    this.issues = issues;
  }
}

export class NotFoundError extends TaktError {
  constructor(what: string, id: string) {
    super("not_found", `${what} ${id} not found`, { what, id });
    this.name = "NotFoundError";
  }
}

/** A state conflict: optimistic concurrency, a transition not allowed now, a duplicate. */
export class ConflictError extends TaktError {
  constructor(message: string, details?: Record<string, unknown>) {
    super("conflict", message, details);
    this.name = "ConflictError";
  }
}

export class ForbiddenError extends TaktError {
  constructor(message = "forbidden") {
    super("forbidden", message);
    this.name = "ForbiddenError";
  }
}

export class UnauthorizedError extends TaktError {
  constructor(message = "missing or invalid token") {
    super("unauthorized", message);
    this.name = "UnauthorizedError";
  }
}

export class UnavailableError extends TaktError {
  constructor(message: string) {
    super("unavailable", message);
    this.name = "UnavailableError";
  }
}

export function isTaktError(e: unknown): e is TaktError {
  return e instanceof TaktError;
}

/** Throws a ValidationError naming `path` unless `cond` holds. */
export function require_(cond: unknown, path: string, message: string): asserts cond {
  if (!cond) throw new ValidationError(`${path}: ${message}`, [{ path, message }]);
}
