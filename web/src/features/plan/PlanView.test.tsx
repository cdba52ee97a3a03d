import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { demoPlan } from "../../test-support/plan-fixture";
import { ProgressChart } from "./ProgressChart";
import { SequenceStrip } from "./SequenceStrip";

describe("ProgressChart", () => {
  it("draws the objective and its three parts as labelled images, with the lower bound", () => {
    const plan = demoPlan();
    const html = renderToString(<ProgressChart progress={plan.progress} budgetSeconds={2} bounds={plan.bounds} />);
    expect(html.match(/role="img"/g)).toHaveLength(4);
    for (const s of ["objective", "hprc", "lprc", "pcc"]) expect(html).toContain(`data-series="${s}"`);
    expect(html).toContain("lower bound 4000");
    expect(html).toMatch(/<path d="M[^"]+"[^>]*class="chart-line series-objective"/);
    expect(html).toContain("Best objective 6005 at the start, 4002 after 2.0 s");
  });

  it("says the optimizer is running before any progress arrives, and marks now", () => {
    const html = renderToString(<ProgressChart progress={[]} budgetSeconds={5} runningMs={1200} bounds={null} />);
    expect(html).toContain("Running for 1.2 s of 5.0 s");
    expect(html).toContain('class="chart-now"');
    expect(html).not.toContain("chart-line");
  });
});

describe("SequenceStrip", () => {
  const plan = demoPlan();

  it("draws one keyboard-reachable option per unit, coloured by paint", () => {
    const html = renderToString(<SequenceStrip plan={plan} selectedOrderId={null} onSelect={() => {}} />);
    expect(html).toMatch(/<svg[^>]*role="listbox"[^>]*tabindex="0"/);
    expect(html.match(/role="option"/g)).toHaveLength(10);
    expect(html).toContain('data-colour="red"');
    expect(html).toContain("Position 3, red, extra work at T04");
    expect(html).toContain("the first 2 are frozen");
  });

  it("marks the frozen horizon and the merged violations under the station's row", () => {
    const html = renderToString(<SequenceStrip plan={plan} selectedOrderId={null} onSelect={() => {}} />);
    expect(html).toContain('data-frozen="2"');
    expect(html).toMatch(/data-station-row="T04" data-violations="1"/);
    expect(html).toMatch(/class="violation" data-from="1" data-to="6"/);
    expect(html).toMatch(/>\+(<!-- -->)?2</);
    expect(html.match(/class="heavy-dot"/g)).toHaveLength(3);
  });

  it("marks the selected unit for assistive tech", () => {
    const html = renderToString(<SequenceStrip plan={plan} selectedOrderId="ord_4" onSelect={() => {}} />);
    expect(html).toContain('aria-activedescendant="cell-plan_1-ord_4"');
    expect(html.match(/aria-selected="true"/g)).toHaveLength(1);
  });
});
