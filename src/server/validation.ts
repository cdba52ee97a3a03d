import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import type { FastifySchemaCompiler } from "fastify";
import type { FieldIssue } from "../kernel/index.js";

// ajv-formats is CommonJS; its default export arrives wrapped under NodeNext.
const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

function makeAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    // Unknown fields are an error (schemas say additionalProperties: false), never silently dropped.
    removeAdditional: false,
    useDefaults: true,
    // Bodies are JSON and must carry the right types; only path and query strings are coerced.
    coerceTypes: coerce ? "array" : false,
    strict: false,
  });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  return ajv;
}

const strictAjv = makeAjv(false);
const coercingAjv = makeAjv(true);

/** Fastify validator compiler: strict for bodies, coercing for params, query and headers. */
export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === "body" ? strictAjv : coercingAjv;
  return ajv.compile(schema as object) as ValidateFunction;
};

/** Compiles a response schema for the response check. */
export function compileResponseCheck(schema: object): ValidateFunction {
  return strictAjv.compile(schema);
}

/** Turns ajv errors into field issues with JSON-pointer paths that name the field. */
export function toIssues(errors: readonly Partial<ErrorObject>[], prefix = ""): FieldIssue[] {
  return errors.map((e) => {
    const p = (e.params ?? {}) as Record<string, unknown>;
    let path = `${prefix}${e.instancePath ?? ""}`;
    let message = e.message ?? "invalid";
    if (typeof p["missingProperty"] === "string") {
      path += `/${p["missingProperty"]}`;
      message = "is required";
    } else if (typeof p["additionalProperty"] === "string") {
      path += `/${p["additionalProperty"]}`;
      message = "is not a known field";
    } else if (Array.isArray(p["allowedValues"])) {
      message = `must be one of ${(p["allowedValues"] as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    }
    return { path: path || "/", message };
  });
}
