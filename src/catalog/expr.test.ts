import { describe, expect, it } from "vitest";
import { ValidationError } from "../kernel/index.js";
import { evalExpr, parseExpr } from "./expr.js";

describe("rule expressions", () => {
  it("parses conditions with implication, sets and precedence", () => {
    const e = parseExpr("engine=EV2 and market=EU -> battery in {L, XL}");
    expect(e.k).toBe("implies");
    const sel = (m: Record<string, string>) => (f: string) => m[f];
    expect(evalExpr(e, sel({ engine: "EV2", market: "EU", battery: "M" }))).toBe(false);
    expect(evalExpr(e, sel({ engine: "EV2", market: "EU", battery: "XL" }))).toBe(true);
    expect(evalExpr(e, sel({ engine: "EV1", market: "EU", battery: "M" }))).toBe(true);
    expect(evalExpr(parseExpr("a=x or b=y and c=z"), sel({ a: "x" }))).toBe(true);
    expect(evalExpr(parseExpr("not a != x"), sel({ a: "x" }))).toBe(true);
    expect(evalExpr(parseExpr("a not in {x, y}"), sel({ a: "z" }))).toBe(true);
    expect(evalExpr(parseExpr("A => !B | C"), sel({ A: "true", B: "true" }))).toBe(false);
    expect(evalExpr(parseExpr('"Feature A" <=> B'), sel({ "Feature A": "false", B: "false" }))).toBe(true);
  });

  it("names the column and what was expected", () => {
    const bad = (s: string) => {
      try {
        parseExpr(s, "/rules/3/if");
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        return (e as ValidationError).issues[0]!;
      }
      throw new Error("no error");
    };
    expect(bad("engine = ")).toEqual({ path: "/rules/3/if", message: 'expected a value of engine after \'=\', found end of rule at column 10 in "engine = "' });
    expect(bad("a=x and and b=y").message).toContain("column 9");
    expect(bad("a in {x, y").message).toContain("expected '}'");
    expect(bad("(a=x").message).toContain("expected ')'");
    expect(bad("a=x b=y").message).toContain("expected an operator or end of rule");
    expect(bad("").message).toContain("empty rule");
  });
});
