import { describe, expect, it } from "vitest";
import { DdnnfSpace } from "./ddnnf.js";

// (x1 ∧ x2) ∨ (¬x1 ∧ x3) over 4 variables; x4 unmentioned. Non-smooth: the OR's children
// mention {1,2} and {1,3}.
const NNF = "nnf 7 6 4\nL 1\nL 2\nL -1\nL 3\nA 2 0 1\nA 2 2 3\nO 1 2 4 5";

describe("d-DNNF space", () => {
  it("counts and finds valid literals exactly (brute force)", () => {
    const s = DdnnfSpace.parse(NNF);
    const f = (m: number[]) => (m[0] && m[1]) || (!m[0] && m[2]);
    for (let mask = 0; mask < 81; mask++) {
      const a = new Int8Array(4);
      let r = mask;
      for (let v = 0; v < 4; v++) {
        a[v] = (r % 3) - 1;
        r = Math.floor(r / 3);
      }
      const models: number[][] = [];
      for (let m = 0; m < 16; m++) {
        const bits = [0, 1, 2, 3].map((v) => (m >> v) & 1);
        if (f(bits) && bits.every((b, v) => a[v] === -1 || a[v] === b)) models.push(bits);
      }
      expect(s.count(a)).toBe(BigInt(models.length));
      const lits = s.validLiterals(a);
      if (models.length === 0) expect(lits).toBeNull();
      else
        for (let v = 0; v < 4; v++) {
          expect(lits!.can0[v]).toBe(models.some((m) => m[v] === 0) ? 1 : 0);
          expect(lits!.can1[v]).toBe(models.some((m) => m[v] === 1) ? 1 : 0);
        }
    }
  });
});
