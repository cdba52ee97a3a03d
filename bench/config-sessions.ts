import type { Configurator } from "../src/catalog/index.js";

/** Deterministic xorshift32 in [0, 1) for the configurator benches (the sessions must repeat exactly). */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

/** Random customer sessions on a configurator: each step selects a still-valid value and asks for all valid values. */
export function sessionsOnConfigurator(c: Configurator, sessions: number, steps: number, rnd: () => number): number[] {
  const times: number[] = [];
  for (let s = 0; s < sessions; s++) {
    const sel: Record<string, string> = {};
    let valid = c.validValues(sel);
    for (let k = 0; k < steps; k++) {
      const open = c.families.filter((f) => sel[f.id] === undefined && valid[f.id]!.length > 0);
      if (open.length === 0) break;
      const f = open[Math.floor(rnd() * open.length)]!;
      const vs = valid[f.id]!;
      sel[f.id] = vs[Math.floor(rnd() * vs.length)]!;
      const t = performance.now();
      valid = c.validValues(sel);
      times.push(performance.now() - t);
      if (Object.values(valid).some((v) => v.length === 0)) throw new Error(`dead end after selecting ${f.id}: the engine offered a value that does not extend`);
    }
  }
  return times;
}
