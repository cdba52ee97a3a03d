import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { demoLine } from "../../test-support/demo-site";
import { LineDiagram } from "./LineDiagram";

describe("LineDiagram", () => {
  const line = demoLine();

  it("draws all 40 stations as options of one keyboard-reachable listbox, and the buffers", () => {
    const html = renderToString(<LineDiagram line={line} selectedId={null} onSelect={() => {}} />);
    expect(html.match(/data-station="/g)).toHaveLength(40);
    expect(html.match(/role="option"/g)).toHaveLength(40);
    expect(html).toMatch(/<svg[^>]*role="listbox"[^>]*tabindex="0"/);
    expect(html.match(/data-buffer-after="/g)).toHaveLength(3);
    for (const zone of ["Trim 1", "Chassis", "Final", "Test &amp;", "inspection"]) expect(html).toContain(zone);
  });

  it("marks the selected station for assistive tech", () => {
    const selected = line.stations[12]!;
    const html = renderToString(<LineDiagram line={line} selectedId={selected.id} onSelect={() => {}} />);
    expect(html).toContain(`aria-activedescendant="station-${selected.id}"`);
    expect(html).toMatch(new RegExp(`id="station-${selected.id}" role="option" aria-selected="true"`));
    expect(html.match(/aria-selected="true"/g)).toHaveLength(1);
  });
});

describe("LineDiagram with a tracked unit", () => {
  it("marks the station where the unit is, in the picture and its label", () => {
    const html = renderToString(<LineDiagram line={demoLine()} selectedId={null} onSelect={() => {}} unitAt="C05" />);
    expect(html).toContain('data-unit-at="C05"');
    expect(html.match(/your unit is here/g)).toHaveLength(1);
    expect(html).toMatch(/class="station unit-here"[^>]*data-station="C05"/);
  });
});

describe("LineDiagram with live states", () => {
  it("gives each station its state as a class and in its label", () => {
    const html = renderToString(
      <LineDiagram line={demoLine()} selectedId={null} onSelect={() => {}} stationState={(s) => (s.code === "T03" ? { className: "state-faulted andon", label: "faulted, andon: missing clip" } : { className: "state-idle", label: "idle" })} />,
    );
    expect(html).toMatch(/aria-label="T03, [^"]*, faulted, andon: missing clip" class="station state-faulted andon"/);
    expect(html.match(/class="station state-idle"/g)).toHaveLength(39);
  });
});

describe("OEE gauge", () => {
  it("says its value to screen readers and shows a dash when there is nothing to measure", async () => {
    const { Gauge } = await import("./OeeGauges");
    expect(renderToString(<Gauge label="OEE" value={0.734} />)).toMatch(/role="img" aria-label="OEE: 73 %"/);
    const none = renderToString(<Gauge label="Quality" value={null} />);
    expect(none).toContain('aria-label="Quality: –"');
    expect(none).not.toContain("gauge-value");
  });
});
