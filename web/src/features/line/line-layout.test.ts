import { describe, expect, it } from "vitest";
import { demoLine } from "../../test-support/demo-site";
import { GEOMETRY, layoutLine, stepStation, wrapLabel, zoneLabel, zonesOf } from "./line-layout";

describe("layoutLine", () => {
  const line = demoLine();
  const layout = layoutLine(line);

  it("places every station once, in flow order", () => {
    expect(layout.stations).toHaveLength(40);
    expect(layout.stations.map((b) => b.station.position)).toEqual(line.stations.map((s) => s.position));
  });

  it("gives each zone its own lane and marks every buffer", () => {
    expect(layout.zones.map((z) => [z.label, z.count])).toEqual([
      ["Trim 1", 10],
      ["Chassis", 10],
      ["Final", 14],
      ["Test & inspection", 6],
    ]);
    expect(layout.buffers.map((b) => [b.after.code, b.capacity])).toEqual([
      ["T10", 4],
      ["C10", 4],
      ["F14", 6],
    ]);
    expect(layout.returns).toHaveLength(3);
    expect(layout.links).toHaveLength(40 - 4);
  });

  it("keeps boxes apart and inside the drawing", () => {
    const boxes = layout.stations;
    for (const a of boxes) {
      expect(a.x).toBeGreaterThanOrEqual(0);
      expect(a.x + GEOMETRY.boxWidth).toBeLessThanOrEqual(layout.width);
      expect(a.y + GEOMETRY.boxHeight).toBeLessThanOrEqual(layout.height);
      for (const b of boxes) {
        if (a === b) continue;
        const apart = a.x + GEOMETRY.boxWidth <= b.x || b.x + GEOMETRY.boxWidth <= a.x || a.y + GEOMETRY.boxHeight <= b.y || b.y + GEOMETRY.boxHeight <= a.y;
        expect(apart, `${a.station.code} overlaps ${b.station.code}`).toBe(true);
      }
    }
  });

  it("wraps a zone longer than a row onto further rows of the same lane", () => {
    const long = { ...line, stations: line.stations.map((s) => ({ ...s, zone: "one" })) };
    const wrapped = layoutLine(long);
    expect(wrapped.zones).toHaveLength(1);
    expect(wrapped.zones[0]!.height).toBe(3 * GEOMETRY.rowHeight);
    expect(new Set(wrapped.stations.map((b) => b.y)).size).toBe(3);
  });
});

describe("helpers", () => {
  it("names zones", () => {
    expect(zoneLabel("trim1")).toBe("Trim 1");
    expect(zoneLabel("paint_shop2")).toBe("Paint shop 2");
    expect(wrapLabel("Test & inspection")).toEqual(["Test &", "inspection"]);
    expect(wrapLabel("Chassis")).toEqual(["Chassis"]);
  });

  it("groups consecutive stations by zone even if given out of order", () => {
    const stations = [...demoLine().stations].reverse();
    expect(zonesOf(stations).map((z) => z.zone)).toEqual(["trim1", "chassis", "final", "test"]);
  });

  it("steps through stations and clamps at the ends", () => {
    const stations = demoLine().stations;
    expect(stepStation(stations, null, 1)?.code).toBe("T01");
    expect(stepStation(stations, null, -1)?.code).toBe("Q06");
    expect(stepStation(stations, stations[9]!.id, 1)?.code).toBe("C01");
    expect(stepStation(stations, stations[39]!.id, 1)?.code).toBe("Q06");
    expect(stepStation(stations, stations[0]!.id, -1)?.code).toBe("T01");
  });
});
