import { describe, expect, it } from "vitest";
import { contrast, swatchFor } from "./paint";

describe("paint swatches", () => {
  it("maps paint names and their variants to swatches", () => {
    expect(swatchFor("red").fill).toBe(swatchFor("Signal red").fill);
    expect(swatchFor("white").fill).not.toBe(swatchFor("black").fill);
    expect(swatchFor("#123456").fill).toBe("#123456");
  });

  it("gives unknown codes a stable colour from the palette", () => {
    expect(swatchFor("c7")).toEqual(swatchFor("c7"));
    expect(swatchFor("c7").fill).toMatch(/^#[0-9a-f]{6}$/);
  });

  it("always picks an ink with at least 4.5:1 contrast on the fill", () => {
    for (const name of ["white", "black", "silver", "grey", "red", "orange", "yellow", "green", "blue", "purple", "brown", "beige", "pink", "c1", "c2", "c3", "c4", "c5", "c6"]) {
      const s = swatchFor(name);
      expect(contrast(s.fill, s.ink), name).toBeGreaterThanOrEqual(4.5);
    }
  });
});
