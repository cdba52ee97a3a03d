import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ControlChartView } from "./ControlChartView";

describe("ControlChartView", () => {
  it("draws the points, centre and limits, and marks and lists the points of a rule violation", () => {
    const html = renderToString(
      <ControlChartView
        title="I chart of C04 torque"
        uom="Nm"
        chart={{ kind: "i", points: [25, 25.2, 24.9, 27.5, 25.1], center: 25.1, ucl: [26.5, 26.5, 26.5, 26.5, 26.5], lcl: [23.7, 23.7, 23.7, 23.7, 23.7], violations: [{ rule: "nelson1", index: 3, points: [3], description: "one point beyond 3σ" }] }}
      />,
    );
    expect(html).toMatch(/role="img"/);
    expect(html.match(/class="cc-point/g)).toHaveLength(5);
    expect(html.match(/data-flagged="true"/g)).toHaveLength(1);
    expect(html.match(/class="cl-limit"/g)).toHaveLength(2);
    expect(html).toContain("5 points, centre 25.100, 1 points in 1 rule violations");
    expect(html).toMatch(/nelson1<\/strong> at point (<!-- -->)?4(<!-- -->)?: (<!-- -->)?one point beyond 3σ/);
  });
});
