import { Type } from "typebox";

/** Shared response schemas. */
export const ErrorBody = Type.Object(
  {
    error: Type.String(),
    message: Type.String(),
    requestId: Type.Optional(Type.String()),
    issues: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { $id: "ErrorBody", description: "Every error: kind, message, the offending fields for bad input" },
);

/** Standard error responses for a route that requires auth. */
export const authErrors = {
  400: Type.Ref("ErrorBody"),
  401: Type.Ref("ErrorBody"),
  403: Type.Ref("ErrorBody"),
};
export const errorResponses = { ...authErrors, 404: Type.Ref("ErrorBody"), 409: Type.Ref("ErrorBody"), 413: Type.Ref("ErrorBody") };

export const Event = Type.Object({
  specversion: Type.Literal("1.0"),
  id: Type.String(),
  type: Type.String(),
  source: Type.String(),
  subject: Type.String(),
  time: Type.String(),
  datacontenttype: Type.String(),
  data: Type.Unknown(),
  stream: Type.String(),
  version: Type.Integer(),
  position: Type.Integer(),
});

export const Id = (prefix: string) => Type.String({ pattern: `^${prefix}_[0-9a-z_-]{1,64}$`, description: `${prefix}_… id` });
