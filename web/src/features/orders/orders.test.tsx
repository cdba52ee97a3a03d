import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { headlineChoices } from "./OrdersPage";
import { StageStepper } from "./StageStepper";
import { backoffMs } from "./use-order-stream";

const stages = ["placed", "scheduled", "in_production", "in_quality", "completed", "shipped", "delivered"] as const;

describe("StageStepper", () => {
  it("ticks the stages done and marks the current one for assistive tech", () => {
    const html = renderToString(<StageStepper tracking={{ orderId: "ord_1", status: "in_production", stageIndex: 2, stages: [...stages], currentStation: "C05", eta: null, etaBasis: "" }} />);
    expect(html.match(/class="step done"/g)).toHaveLength(2);
    expect(html).toMatch(/class="step current" aria-current="step"/);
    expect(html).toContain("In production");
    expect(html).toContain("(current)");
  });

  it("shows a held order as stopped at its stage", () => {
    const html = renderToString(<StageStepper tracking={{ orderId: "ord_1", status: "on_hold", stageIndex: 1, stages: [...stages], currentStation: null, eta: null, etaBasis: "on hold" }} />);
    expect(html).toMatch(/class="step stopped" aria-current="step"/);
    expect(html).toContain("(on hold)");
  });
});

describe("orders", () => {
  it("names an order by its headline choices", () => {
    expect(headlineChoices({ market: "EU", trim: "PREMIUM", paint: "RED", engine: "EV2", wheels: "W19S", roof: "PANO", hud: "yes" })).toEqual(["Trim PREMIUM", "Paint RED", "Engine EV2", "Wheels W19S", "Roof PANO"]);
    expect(headlineChoices({ a: "x", b: "y" })).toEqual(["A X", "B Y"]);
  });

  it("reconnects the live stream with a growing, capped delay", () => {
    expect([1, 2, 3, 4, 5, 10].map(backoffMs)).toEqual([1000, 2000, 4000, 8000, 15000, 15000]);
  });
});
