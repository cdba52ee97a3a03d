import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { isTaktError, type ErrorKind, type FieldIssue } from "../kernel/index.js";
import { toIssues } from "./validation.js";

/** The one mapping of the error taxonomy to HTTP status codes. */
export const STATUS_OF: Record<ErrorKind | "internal" | "unsupported_media_type", number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_media_type: 415,
  unavailable: 503,
  internal: 500,
};

export interface ErrorBody {
  error: string;
  message: string;
  issues?: FieldIssue[];
  requestId?: string;
  details?: Record<string, unknown>;
}

function body(kind: keyof typeof STATUS_OF, message: string, req: FastifyRequest, extra: Partial<ErrorBody> = {}): ErrorBody {
  return { error: kind, message, requestId: String(req.id), ...extra };
}

/**
 * Fastify error handler: maps every error to `{ error, message, issues?, requestId }`.
 * Bad input is a 400 naming the field; an unknown error is a 500 that reveals nothing
 * (its detail goes to the log with the request id).
 */
export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  if (err.validation) {
    const part = err.validationContext ?? "body";
    const issues = toIssues(err.validation, part === "body" ? "" : `${part}:`);
    const first = issues[0]!;
    void reply.status(400).send(body("validation", `${part} ${first.path}: ${first.message}`, req, { issues }));
    return;
  }
  if (isTaktError(err)) {
    const status = STATUS_OF[err.kind];
    const issues = (err.details?.["issues"] as FieldIssue[] | undefined) ?? undefined;
    const details = err.details && !issues ? (err.details as Record<string, unknown>) : undefined;
    if (status >= 500) req.log.error({ err }, "unavailable");
    void reply.status(status).send(body(err.kind, err.message, req, { ...(issues ? { issues } : {}), ...(details ? { details } : {}) }));
    return;
  }
  switch (err.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      void reply.status(413).send(body("too_large", "request body is larger than the limit", req));
      return;
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      void reply.status(415).send(body("unsupported_media_type", "send application/json", req));
      return;
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      void reply.status(400).send(body("validation", "body: a JSON body is required", req, { issues: [{ path: "/", message: "is required" }] }));
      return;
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      void reply.status(400).send(body("validation", `body: malformed JSON (${err.message.replace(/^.*?: /, "")})`, req, { issues: [{ path: "/", message: "malformed JSON" }] }));
      return;
  }
  if (err instanceof SyntaxError || (err.statusCode === 400 && err.code?.startsWith("FST_"))) {
    void reply.status(400).send(body("validation", "body: malformed JSON", req, { issues: [{ path: "/", message: "malformed JSON" }] }));
    return;
  }
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500 && err.code?.startsWith("FST_")) {
    void reply.status(err.statusCode).send(body(err.statusCode === 404 ? "not_found" : "validation", err.message, req));
    return;
  }
  req.log.error({ err }, "unhandled error");
  void reply.status(500).send(body("internal", "internal error", req));
}
