export { ApiError, errorFromResponse, isErrorBody } from "./api-error";
export { createApiClient, type ApiClient, type ApiClientOptions } from "./client";
export type * from "./types";
export { ROLES } from "./types";
