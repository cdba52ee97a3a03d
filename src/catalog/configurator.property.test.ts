import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../kernel/index.js";
import { evalExpr, parseExpr } from "./expr.js";
import { compileProduct } from "./product.js";
import { SCHEMA_VERSION, type ProductModel } from "./schema.js";

// Random small product models, checked against brute-force enumeration of every configuration.
const FAMS = ["a", "b", "c", "d"];
const VALUES = ["x", "y", "z"];

const arbAtom = (nf: number, nv: number[]) =>
  fc.integer({ min: 0, max: nf - 1 }).chain((f) =>
    fc.subarray(VALUES.slice(0, nv[f]!), { minLength: 1 }).map((vs) => (vs.length === 1 ? `${FAMS[f]}=${vs[0]}` : `${FAMS[f]} in {${vs.join(", ")}}`)),
  );

const arbModel = fc
  .record({ nf: fc.integer({ min: 2, max: 4 }), nv: fc.array(fc.integer({ min: 2, max: 3 }), { minLength: 4, maxLength: 4 }) })
  .chain(({ nf, nv }) =>
    fc.record({
      nf: fc.constant(nf),
      nv: fc.constant(nv),
      rules: fc.array(
        fc.oneof(
          fc.record({ kind: fc.constant("requires" as const), if: arbAtom(nf, nv), then: arbAtom(nf, nv) }),
          fc.record({ kind: fc.constant("excludes" as const), if: arbAtom(nf, nv), then: arbAtom(nf, nv) }),
          fc.tuple(arbAtom(nf, nv), arbAtom(nf, nv), arbAtom(nf, nv)).map(([p, q, r]) => ({ kind: "constraint" as const, expr: `${p} and not ${q} -> ${r}` })),
          fc.array(fc.tuple(fc.constantFrom(...VALUES.slice(0, nv[0]!), "*"), fc.constantFrom(...VALUES.slice(0, nv[1]!), "*")), { minLength: 1, maxLength: 4 }).map((rows) => ({ kind: "table" as const, families: ["a", "b"], rows: rows.map((r) => [...r]) })),
        ),
        { maxLength: 5 },
      ),
      prices: fc.array(fc.integer({ min: -50, max: 100 }), { minLength: 12, maxLength: 12 }),
    }),
  );

type Gen = { nf: number; nv: number[]; rules: ({ kind: "requires" | "excludes"; if: string; then: string } | { kind: "constraint"; expr: string } | { kind: "table"; families: string[]; rows: string[][] })[]; prices: number[] };

function toModel(g: Gen): ProductModel {
  return {
    schemaVersion: SCHEMA_VERSION,
    id: "m",
    name: "m",
    version: "1",
    currency: "EUR",
    basePrice: 0,
    families: FAMS.slice(0, g.nf).map((f, i) => ({ id: f, label: f, values: VALUES.slice(0, g.nv[i]!).map((v, j) => ({ id: v, label: v, price: g.prices[i * 3 + j]! })), default: VALUES[g.nv[i]! - 1]! })),
    rules: g.rules.map((r, i) => ({ id: `r${i}`, ...r })) as ProductModel["rules"],
    surcharges: [],
    bom: [],
    work: [],
  };
}

function allConfigs(g: Gen): Record<string, string>[] {
  let out: Record<string, string>[] = [{}];
  for (let i = 0; i < g.nf; i++) out = out.flatMap((c) => VALUES.slice(0, g.nv[i]!).map((v) => ({ ...c, [FAMS[i]!]: v })));
  return out;
}

function holds(r: Gen["rules"][number], c: Record<string, string>): boolean {
  const sel = (f: string) => c[f];
  switch (r.kind) {
    case "requires":
      return !evalExpr(parseExpr(r.if), sel) || evalExpr(parseExpr(r.then), sel);
    case "excludes":
      return !evalExpr(parseExpr(r.if), sel) || !evalExpr(parseExpr(r.then), sel);
    case "constraint":
      return evalExpr(parseExpr(r.expr), sel);
    case "table":
      return r.rows.some((row) => row.every((cell, j) => cell === "*" || cell.split("|").includes(c[r.families[j]!]!)));
  }
}

const extends_ = (partial: Record<string, string>, c: Record<string, string>) => Object.entries(partial).every(([f, v]) => c[f] === v);

describe("configurator against brute force", () => {
  it("counts, valid values, completions and explanations are exact", () => {
    fc.assert(
      fc.property(arbModel, fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 3 }), (g, picks) => {
        const valid = allConfigs(g).filter((c) => g.rules.every((r) => holds(r, c)));
        let p;
        try {
          p = compileProduct(toModel(g));
        } catch (e) {
          expect(e).toBeInstanceOf(ValidationError);
          expect(valid.length).toBe(0);
          return;
        }
        const cfg = p.configurator;
        expect(cfg.count()).toBe(BigInt(valid.length));
        // A random partial selection (possibly inconsistent).
        const sel: Record<string, string> = {};
        for (const [fi, vi] of picks) {
          const f = fi % g.nf;
          sel[FAMS[f]!] = VALUES[vi % g.nv[f]!]!;
        }
        const ext = valid.filter((c) => extends_(sel, c));
        expect(cfg.count(sel)).toBe(BigInt(ext.length));
        const vv = cfg.validValues(sel);
        for (let i = 0; i < g.nf; i++) {
          const f = FAMS[i]!;
          const expected = VALUES.slice(0, g.nv[i]!).filter((v) => ext.some((c) => c[f] === v));
          expect(vv[f]).toEqual(expected);
        }
        if (ext.length > 0) {
          const full = cfg.complete(sel);
          expect(valid.some((c) => extends_(full, c) && extends_(c, full))).toBe(true);
          expect(cfg.validate(full).valid).toBe(true);
          const cost = (f: string, v: string) => g.prices[FAMS.indexOf(f) * 3 + VALUES.indexOf(v)]!;
          const cheap = cfg.complete(sel, cost);
          const total = (c: Record<string, string>) => Object.entries(c).reduce((s, [f, v]) => s + cost(f, v), 0);
          expect(total(cheap)).toBe(Math.min(...ext.map(total)));
          expect(extends_(sel, cheap)).toBe(true);
        }
        // Explanations: blocked iff no valid configuration has it with the other choices; minimal.
        for (let i = 0; i < g.nf; i++) {
          const f = FAMS[i]!;
          for (const v of VALUES.slice(0, g.nv[i]!)) {
            const others = { ...sel };
            delete others[f];
            const possible = valid.some((c) => extends_({ ...others, [f]: v }, c));
            const ex = cfg.explain(sel, f, v);
            expect(ex === null).toBe(possible);
            if (!ex) continue;
            expect(valid.some((c) => extends_({ ...ex.choices, [f]: v }, c))).toBe(false);
            for (const k of Object.keys(ex.choices)) {
              const fewer = { ...ex.choices };
              delete fewer[k];
              expect(valid.some((c) => extends_({ ...fewer, [f]: v }, c))).toBe(true);
            }
            expect(ex.sentence).toContain(`${f}=${v}`);
          }
        }
        // Validation of every full configuration names exactly the violated rules.
        for (const c of allConfigs(g)) {
          const res = cfg.validate(c);
          const broken = g.rules.map((r, i) => (holds(r, c) ? null : `r${i}`)).filter((x) => x !== null);
          expect(res.violated.map((r) => r.id)).toEqual(broken);
          expect(res.valid).toBe(broken.length === 0);
        }
      }),
      { numRuns: 150, seed: 42 },
    );
  });
});
