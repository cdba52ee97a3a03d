import { describe, expect, it } from "vitest";
import { parseCatalog, parseRenault } from "../parse-catalog.js";

// The same small feature model in three formats: root R with mandatory A, optional B,
// an alternative group under A (A1 | A2), an or-group under B (B1, B2), and B1 => A2.
// Valid: A1 or A2 (A1 only without B1) × B absent or B with a non-empty subset of {B1, B2}.
const XML = `<?xml version="1.0" encoding="UTF-8"?>
<featureModel><struct>
  <and abstract="true" mandatory="true" name="R">
    <alt mandatory="true" name="A"><description>x &lt; y</description><feature name="A1"/><feature name="A2"/></alt>
    <or name="B"><feature name="B1"/><feature name="B2"/></or>
  </and>
</struct>
<constraints><rule><imp><var>B1</var><var>A2</var></imp></rule></constraints>
</featureModel>`;

const UVL = `namespace R

features
\tR {abstract true}
\t\tmandatory
\t\t\tA
\t\t\t\talternative
\t\t\t\t\tA1
\t\t\t\t\tA2
\t\toptional
\t\t\tB
\t\t\t\tor
\t\t\t\t\tB1
\t\t\t\t\t"B2"

constraints
\tB1 => A2
`;

const DIMACS = "c 1 R\r\nc 2 A\r\nc 3 A1\r\nc 4 A2\r\nc 5 B\r\nc 6 B1\r\nc 7 B2\r\np cnf 7 13\r\n1 0\r\n-2 1 0\r\n-1 2 0\r\n-3 2 0\r\n-4 2 0\r\n-2 3 4 0\r\n-3 -4 0\r\n-5 1 0\r\n-6 5 0\r\n-7 5 0\r\n-5 6 7 0\r\n-6 4\r\n0\r\n-1 1 0";

// Brute force: A1 with B ∈ {absent, {B2}} = 2; A2 with B ∈ {absent, {B1}, {B2}, {B1,B2}} = 4.
describe("importers", () => {
  for (const [name, text, hint] of [["FeatureIDE XML", XML, "m.xml"], ["UVL", UVL, "m.uvl"], ["DIMACS", DIMACS, "m.dimacs"]] as const) {
    it(`${name}: counts and valid values`, () => {
      const { configurator: c, deadValues } = parseCatalog(text, hint);
      expect(c.count()).toBe(6n);
      expect(c.count({ B1: "true" })).toBe(2n);
      expect(c.validValues({ A1: "true" })["B1"]).toEqual(["false"]);
      expect(c.explain({ A1: "true" }, "B1", "true")?.choices).toEqual({ A1: "true" });
      expect(deadValues).toEqual(["R=false", "A=false"]);
    });
  }
  it("detects formats from content", () => {
    expect(parseCatalog(UVL).format).toBe("uvl");
    expect(parseCatalog(XML).format).toBe("featureide");
    expect(parseCatalog(DIMACS).format).toBe("dimacs");
  });

  it("Renault rule tables: nested or-blocks group lines, unmentioned variables are free", () => {
    const domains = "# comment\nVar1\t3\tA,B,C\nVar2\t2\tX,Y\nVar3\t2\tP,Q";
    const rules = [
      { name: "renault_rule001.pm", text: "or(\nVar1 = A  and Var2 = X\nor(\nVar1 = B  and Var2 = Y\nor)\nVar1 = C\nor)" },
      { name: "renault_rule002.pm", text: "or(\nVar2 = X  and Var3 = P\nVar2 = Y\nor)" },
    ];
    const { configurator: c } = parseRenault({ domains, rules });
    // (A,X,P) (B,Y,P) (B,Y,Q) (C,X,P) (C,Y,P) (C,Y,Q)
    expect(c.count()).toBe(6n);
    expect(c.validValues({ Var1: "A" })).toEqual({ Var1: ["A"], Var2: ["X"], Var3: ["P"] });
    expect(c.explain({ Var1: "A" }, "Var3", "Q")?.rules.map((r) => r.id).sort()).toEqual(["renault_rule001", "renault_rule002"]);
  });
});
