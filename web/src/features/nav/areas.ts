import type { Role } from "../../api";

export type AreaId = "configure" | "orders" | "plan" | "line" | "station" | "quality" | "devices" | "service" | "admin";

export interface AreaDef {
  readonly id: AreaId;
  readonly label: string;
  readonly roles: readonly Role[];
  /** One sentence on what lands in this area (shown on its placeholder page). */
  readonly summary: string;
}

/** The areas of the app in the order of the flow (configure → order → plan → line → quality → service), with the roles that see each. */
export const AREAS: readonly AreaDef[] = [
  {
    id: "configure",
    label: "Configure",
    roles: ["customer"],
    summary: "The configurator: live valid choices, blocked choices with their reason, price, and a picture of your vehicle.",
  },
  {
    id: "orders",
    label: "My orders",
    roles: ["customer"],
    summary: "Your orders and their live position on the line, stage and expected completion.",
  },
  {
    id: "plan",
    label: "Plan & sequence",
    roles: ["planner"],
    summary: "The day's plan, the sequence strip coloured by paint with ratio violations marked, and the optimizer's progress.",
  },
  {
    id: "line",
    label: "Line",
    roles: ["planner", "engineer", "operator", "admin"],
    summary: "The live line map: stations coloured by state, units moving, the andon board, OEE gauges and trends.",
  },
  {
    id: "station",
    label: "Station",
    roles: ["operator"],
    summary: "The station screen: the current unit, its work instructions, the parts to scan and the andon button.",
  },
  {
    id: "quality",
    label: "Quality",
    roles: ["quality", "engineer"],
    summary: "Control charts with rule violations, the defect list, inspection images with the model's verdict and the review queue.",
  },
  {
    id: "devices",
    label: "Devices",
    roles: ["engineer", "operator"],
    summary: "The device edge: MQTT and OPC UA connections, message counters and ingest lag, Sparkplug nodes, stale tags and the dead letters.",
  },
  {
    id: "service",
    label: "Service",
    roles: ["service"],
    summary: "The installed base, telemetry alerts, predicted maintenance and service orders.",
  },
  {
    id: "admin",
    label: "Admin",
    roles: ["admin"],
    summary: "Tokens, roles and the platform's health; the API reference.",
  },
];

/** The areas a role may open, in navigation order. The admin sees every area (the API admits admin everywhere), its own first. */
export function areasFor(role: Role): AreaDef[] {
  if (role === "admin") return [...AREAS.filter((a) => a.id === "admin"), ...AREAS.filter((a) => a.id !== "admin")];
  return AREAS.filter((a) => a.roles.includes(role));
}

export function findArea(id: string): AreaDef | undefined {
  return AREAS.find((a) => a.id === id);
}
