import type { StationSignal } from "./model.js";

type Without<T> = T extends unknown ? Omit<T, "id" | "line" | "at"> : never;

/** Builds signals for line A1 with ids `e1, e2, …` and times in seconds from 0 (tests only). */
export function signalMaker(line = "A1"): (atSeconds: number, s: Without<StationSignal>) => StationSignal {
  let n = 0;
  return (atSeconds, s) => ({ ...s, id: `e${++n}`, line, at: atSeconds * 1000 }) as StationSignal;
}
