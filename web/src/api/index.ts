export { ApiError, errorFromResponse, isErrorBody } from "./api-error";
export { createApiClient, type ApiClient, type ApiClientOptions, type OrderEventsOptions } from "./client";
export type * from "./types";
export { ROLES } from "./types";
