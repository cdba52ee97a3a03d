import { ConflictError, NotFoundError, ValidationError } from "../kernel/index.js";
import type { Verdict } from "./inspection/model.js";
import type { ModelSpec } from "./ports.js";

/** One registered model version: what it is and how it measured, not the bytes (a store keeps those). */
export interface ModelVersion {
  readonly name: string;
  readonly version: number;
  readonly format: ModelSpec["format"];
  readonly classes: readonly string[];
  readonly registeredAt: string;
  /** Validation figures as measured when registered (e.g. accuracy, recall per class). */
  readonly metrics: Readonly<Record<string, number>>;
}

export const modelRef = (m: Pick<ModelVersion, "name" | "version">): string => `${m.name}@${m.version}`;

/** What runs at one station: the live model, and optionally a shadow model beside it. */
export interface StationDeployment {
  readonly station: string;
  readonly live: string;
  readonly shadow?: string;
}

export interface ModelRegistry {
  readonly versions: ReadonlyMap<string, ModelVersion>;
  readonly deployments: ReadonlyMap<string, StationDeployment>;
}

export const emptyRegistry = (): ModelRegistry => ({ versions: new Map(), deployments: new Map() });

/**
 * Registers the next version of model `name` (versions count up from 1).
 * @example registerModel(reg, { name: "casting", format: "takt-json", classes, metrics: { accuracy: 0.995 } }, at)
 */
export function registerModel(r: ModelRegistry, m: Omit<ModelVersion, "version" | "registeredAt">, at: string): { registry: ModelRegistry; model: ModelVersion } {
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(m.name)) throw new ValidationError(`model name ${m.name} must be lower-case letters, digits, - or _`, [{ path: "/name", message: "bad name" }]);
  if (m.classes.length < 2) throw new ValidationError("a model needs at least two classes", [{ path: "/classes", message: "fewer than two" }]);
  const version = 1 + Math.max(0, ...[...r.versions.values()].filter((v) => v.name === m.name).map((v) => v.version));
  const model: ModelVersion = { ...m, version, registeredAt: at };
  const versions = new Map(r.versions);
  versions.set(modelRef(model), model);
  return { registry: { ...r, versions }, model };
}

function get(r: ModelRegistry, ref: string): ModelVersion {
  const m = r.versions.get(ref);
  if (!m) throw new NotFoundError("model", ref);
  return m;
}

/** Makes `ref` the live model at `station` (keeps a shadow only if its classes still match). */
export function deployLive(r: ModelRegistry, station: string, ref: string): ModelRegistry {
  const m = get(r, ref);
  const cur = r.deployments.get(station);
  const deployments = new Map(r.deployments);
  const keepShadow = cur?.shadow && sameClasses(get(r, cur.shadow), m) && cur.shadow !== ref;
  deployments.set(station, { station, live: ref, ...(keepShadow ? { shadow: cur!.shadow } : {}) });
  return { ...r, deployments };
}

function sameClasses(a: ModelVersion, b: ModelVersion): boolean {
  return a.classes.length === b.classes.length && a.classes.every((c) => b.classes.includes(c));
}

/** Runs `ref` in shadow beside the live model at `station`: its verdicts are compared, never acted on. */
export function deployShadow(r: ModelRegistry, station: string, ref: string): ModelRegistry {
  const cur = r.deployments.get(station);
  if (!cur) throw new ConflictError(`station ${station} has no live model to shadow`);
  const m = get(r, ref);
  if (ref === cur.live) throw new ConflictError(`${ref} is already live at ${station}`);
  if (!sameClasses(m, get(r, cur.live))) throw new ConflictError(`${ref} has classes ${m.classes.join(",")}, the live model ${get(r, cur.live).classes.join(",")}`);
  const deployments = new Map(r.deployments);
  deployments.set(station, { ...cur, shadow: ref });
  return { ...r, deployments };
}

/** Promotes the shadow model to live (the old live model is retired from the station). */
export function promoteShadow(r: ModelRegistry, station: string): ModelRegistry {
  const cur = r.deployments.get(station);
  if (!cur?.shadow) throw new ConflictError(`station ${station} has no shadow model`);
  const deployments = new Map(r.deployments);
  deployments.set(station, { station, live: cur.shadow });
  return { ...r, deployments };
}

/** One inspected image at a station: the live verdict (acted on) and the shadow's, if any. */
export interface InspectionRecord {
  readonly id: string;
  readonly unit: string;
  readonly station: string;
  readonly image: string;
  readonly at: string;
  readonly live: { readonly model: string; readonly verdict: Verdict };
  readonly shadow?: { readonly model: string; readonly verdict: Verdict };
}

/** Shadow-mode report: agreement rate and every disagreement, for an engineer to look at. */
export function shadowReport(records: readonly InspectionRecord[], station?: string): { compared: number; agreement: number; disagreements: InspectionRecord[] } {
  const withShadow = records.filter((r) => r.shadow && (!station || r.station === station));
  const disagreements = withShadow.filter((r) => r.shadow!.verdict.label !== r.live.verdict.label);
  return { compared: withShadow.length, agreement: withShadow.length ? 1 - disagreements.length / withShadow.length : 1, disagreements };
}
