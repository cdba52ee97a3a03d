/** The roles an API token can carry. Every route declares which it admits. */
export const ROLES = ["admin", "planner", "engineer", "operator", "quality", "service", "customer", "device"] as const;
export type Role = (typeof ROLES)[number];
export function isRole(s: unknown): s is Role {
  return typeof s === "string" && (ROLES as readonly string[]).includes(s);
}
