import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { LineLiveState, StationLive } from "../../api";
import { initialState } from "../../app/store";
import { StoreProvider } from "../../app/store-context";
import { me } from "../../test-support/demo-site";
import { offlineApi } from "../../test-support/offline-api";
import type { LineLive } from "../line/use-line-live";
import { AndonPanel, splitScan } from "./StationPage";

const station = (over: Partial<StationLive> = {}): StationLive => ({ code: "T02", state: "executing", machineryState: "Executing", since: null, unit: "unit_1", andon: null, fault: null, online: null, ...over });
const ready = (s: StationLive): LineLive => {
  const state: LineLiveState = { line: "A1", completed: 0, stations: [s], units: [] };
  return { status: "ready", state, andons: [], stale: null, received: 1 };
};

function render(live: LineLive, here: StationLive | undefined): string {
  return renderToString(
    <StoreProvider initial={{ ...initialState(null, "station"), session: { status: "signed-in", token: "t", me: me("operator") } }} api={offlineApi()}>
      <AndonPanel line="A1" station="T02" live={live} here={here} />
    </StoreProvider>,
  );
}

describe("the andon button", () => {
  it("offers a labelled reason and the raise button when no andon is open", () => {
    const s = station();
    const html = render(ready(s), s);
    expect(html).toMatch(/<label for="andon-reason">Reason<\/label><input id="andon-reason" list="andon-reasons"/);
    expect(html).toMatch(/<button type="submit" class="andon-raise"[^>]*>Raise andon<\/button>/);
    expect(html).toContain('<option value="Material missing">');
    expect(html).not.toContain("Clear andon");
  });

  it("shows the open andon with its reason and time, and the clear button", () => {
    const s = station({ andon: { reason: "Torque tool broken", since: "2026-03-02T06:00:00.000Z", unit: "unit_1" } });
    const html = render(ready(s), s);
    expect(html).toContain("andon-panel andon-open");
    expect(html).toMatch(/Andon open<\/strong> at <!-- -->T02<!-- -->: <!-- -->Torque tool broken/);
    expect(html).toMatch(/<button type="button" class="andon-clear"[^>]*>Clear andon<\/button>/);
    expect(html).not.toContain("Raise andon");
  });

  it("waits for the live line before offering either", () => {
    const html = render({ status: "loading" }, undefined);
    expect(html).toContain("Connecting to the line");
    expect(html).not.toContain("<button");
  });
});

describe("splitScan", () => {
  it("reads a scanner's PART;SERIAL;LOT in one go", () => {
    expect(splitScan("P-100;SN-1;LOT-7")).toEqual({ partNumber: "P-100", serial: "SN-1", lot: "LOT-7" });
    expect(splitScan(" P-100 | SN-1 | LOT-7 ")).toEqual({ partNumber: "P-100", serial: "SN-1", lot: "LOT-7" });
  });
  it("leaves a typed part number alone", () => {
    expect(splitScan("P-100")).toBeNull();
    expect(splitScan("P-100;;LOT")).toBeNull();
  });
});
