import { describe, expect, it } from "vitest";
import type { Configuration } from "../../api";
import { formatCount, initialConfigurator, reduceConfigurator, selectionKey } from "./configurator-model";

const eur = (amount: number) => ({ amount, currency: "EUR" });
const view = (selected: { paint?: string; roof?: string } = {}): Configuration => ({
  productId: "velo",
  modelVersion: "1",
  complete: Boolean(selected.paint && selected.roof),
  count: "4",
  families: [
    {
      id: "paint",
      name: "Paint",
      selected: selected.paint ?? null,
      values: [
        { id: "RED", name: "Red", price: eur(0), valid: true, blockedBy: null },
        { id: "BLUE", name: "Blue", price: eur(50), valid: true, blockedBy: null },
      ],
    },
    {
      id: "roof",
      name: "Roof",
      selected: selected.roof ?? null,
      values: [
        { id: "STD", name: "Steel", price: eur(0), valid: true, blockedBy: null },
        { id: "PANO", name: "Glass", price: eur(100), valid: false, blockedBy: { choices: { paint: "RED" }, reason: "The glass roof is not available with red paint." } },
      ],
    },
  ],
  price: { total: eur(100), lines: [] },
});

describe("configurator state", () => {
  const start = reduceConfigurator(initialConfigurator, { type: "product", productId: "velo" });

  it("chooses valid values and refuses a blocked one with its reason", () => {
    let s = reduceConfigurator(start, { type: "view", view: view(), key: selectionKey("velo", {}) });
    s = reduceConfigurator(s, { type: "choose", family: "paint", value: "RED" });
    expect(s.selections).toEqual({ paint: "RED" });
    s = reduceConfigurator(s, { type: "view", view: view({ paint: "RED" }), key: selectionKey("velo", { paint: "RED" }) });
    s = reduceConfigurator(s, { type: "choose", family: "roof", value: "PANO" });
    expect(s.selections).toEqual({ paint: "RED" });
    expect(s.blockedNotice).toBe("The glass roof is not available with red paint.");
  });

  it("drops a late answer for selections that changed since", () => {
    let s = reduceConfigurator(start, { type: "choose", family: "paint", value: "BLUE" });
    s = reduceConfigurator(s, { type: "view", view: view(), key: selectionKey("velo", {}) });
    expect(s.view).toBeNull();
  });

  it("adopts the selections of a completion, and clears and resets", () => {
    let s = reduceConfigurator(start, { type: "view", view: view({ paint: "BLUE", roof: "STD" }), key: "", adopt: true });
    expect(s.selections).toEqual({ paint: "BLUE", roof: "STD" });
    expect(s.viewKey).toBe(selectionKey("velo", { paint: "BLUE", roof: "STD" }));
    s = reduceConfigurator(s, { type: "clear", family: "roof" });
    expect(s.selections).toEqual({ paint: "BLUE" });
    s = reduceConfigurator(s, { type: "reset" });
    expect(s).toEqual({ ...initialConfigurator, productId: "velo" });
  });

  it("keys selections independently of their order and groups big counts", () => {
    expect(selectionKey("p", { b: "1", a: "2" })).toBe(selectionKey("p", { a: "2", b: "1" }));
    expect(formatCount("39114240")).toBe("39,114,240");
    expect(formatCount("123456789012345678901234567890")).toBe("123,456,789,012,345,678,901,234,567,890");
  });
});
