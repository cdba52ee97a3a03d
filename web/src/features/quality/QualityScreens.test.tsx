import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { Inspection, QualityDefect, ReviewItem } from "../../api";
import { me } from "../../test-support/demo-site";
import { offlineApi } from "../../test-support/offline-api";
import { initialState } from "../../app/store";
import { StoreProvider } from "../../app/store-context";
import { DefectTable } from "./DefectList";
import { InspectionCard } from "./InspectionView";
import { classesOf, ReviewItemForm, ReviewQueue } from "./ReviewQueue";

const defect = (id: string, state: QualityDefect["state"], severity: string, heldAt: string | null = null): QualityDefect => ({
  id,
  unit: "unit_a1",
  station: "P01",
  code: "PNT",
  severity,
  location: "door-fl",
  state,
  at: "2026-03-02T06:10:00Z",
  note: "scratch (score 0.970) by paint@1",
  heldAt,
});

const inspection: Inspection = {
  id: "insp_1",
  unit: "unit_a1",
  station: "P01",
  image: "ab12",
  at: "2026-03-02T06:10:00Z",
  live: { model: "paint@1", verdict: { label: "scratch", score: 0.62, scores: { ok: 0.38, scratch: 0.62, dent: 0 } } },
  shadow: { model: "paint@2", verdict: { label: "ok", score: 0.91, scores: { ok: 0.91, scratch: 0.09, dent: 0 } } },
  defect: "dfc_9",
  review: ["low_confidence", "shadow_disagreement"],
};
const item: ReviewItem = { record: inspection, reasons: ["low_confidence", "shadow_disagreement"], state: "pending" };

describe("quality screens", () => {
  it("lists defects with severity and state, a closed one set apart, a held unit named", () => {
    const html = renderToString(<DefectTable caption="1 open of 2 defects recorded" defects={[defect("dfc_1", "open", "critical", "end-of-line"), defect("dfc_2", "verified", "minor")]} />);
    expect(html).toContain("<caption>1 open of 2 defects recorded</caption>");
    expect(html.match(/<th scope="col">/g)).toHaveLength(7);
    expect(html).toMatch(/data-defect="dfc_1" data-state="open" class="open"/);
    expect(html).toMatch(/data-defect="dfc_2" data-state="verified" class="closed"/);
    expect(html).toContain('<span class="badge sev-critical">critical</span>');
    expect(html).toMatch(/unit held at (<!-- -->)?end-of-line/);
    expect(html).toContain("closed (verified)");
    expect(renderToString(<DefectTable caption="x" defects={[]} />)).toContain("No defects match.");
  });

  it("shows an inspected image with a descriptive alt text, the live verdict and the disagreeing shadow's", () => {
    const html = renderToString(<InspectionCard inspection={inspection} imageUrl="blob:x" />);
    expect(html).toMatch(/<img src="blob:x" alt="P01 camera image of unit_a1, judged scratch"/);
    expect(html).toMatch(/<dt>Live (<!-- -->)?paint@1<\/dt><dd data-verdict="live"><strong>scratch<\/strong> (<!-- -->)?62.0 %/);
    expect(html).toMatch(/<dd data-verdict="shadow" class="disagree"><strong>ok<\/strong> (<!-- -->)?91.0 %/);
    expect(html).toContain("disagrees");
    expect(html).toMatch(/defect (<!-- -->)?dfc_9(<!-- -->)? opened/);
    expect(html.replaceAll("<!-- -->", "")).toContain("to review: low confidence, shadow model disagrees");
    const loading = renderToString(<InspectionCard inspection={{ ...inspection, shadow: undefined } as Inspection} imageUrl={null} />);
    expect(loading).toMatch(/role="img" aria-label="loading the image of unit_a1"/);
    expect(loading).not.toContain("Shadow");
  });

  it("review: confirm and correct are native, labelled controls; the correction defaults to the shadow's label", () => {
    expect(classesOf(item)).toEqual(["ok", "scratch", "dent"]);
    const html = renderToString(<ReviewItemForm item={item} imageUrl={null} canDecide onDecide={() => undefined} />);
    expect(html).toMatch(/<form class="review-actions" aria-label="Review of unit_a1 at P01">/);
    expect(html).toMatch(/<button type="button" aria-describedby="rv-insp_1-hint">Confirm (<!-- -->)?scratch<\/button>/);
    expect(html).toMatch(/<label for="rv-insp_1-label">Correct to<\/label><select id="rv-insp_1-label">/);
    // The live label is not offered as a correction; the shadow's (ok) is preselected.
    expect(html).toMatch(/<option value="ok" selected="">ok<\/option><option value="dent">dent<\/option><\/select>/);
    expect(html).toMatch(/<button type="submit">Save correction<\/button>/);
    expect(html).toMatch(/id="rv-insp_1-hint" class="visually-hidden">The live model said (<!-- -->)?scratch/);
    expect(html.replaceAll("<!-- -->", "")).toContain("Queued for: low confidence, shadow model disagrees");
  });

  it("review: busy disables the controls, an error is announced, and a reader without the quality role cannot decide", () => {
    const busy = renderToString(<ReviewItemForm item={item} imageUrl={null} canDecide busy error="review item insp_1 was already confirmed" onDecide={() => undefined} />);
    expect(busy.match(/disabled=""/g)).toHaveLength(3);
    expect(busy).toMatch(/role="alert" class="error">review item insp_1 was already confirmed/);
    const reader = renderToString(<ReviewItemForm item={item} imageUrl={null} canDecide={false} onDecide={() => undefined} />);
    expect(reader).not.toContain("<form");
    expect(reader).toContain("Only a quality engineer decides.");
  });

  it("renders the queue section with its heading and a status region while loading", () => {
    const html = renderToString(
      <StoreProvider initial={{ ...initialState(null, "quality"), session: { status: "signed-in", token: "t", me: me("quality") } }} api={offlineApi()}>
        <ReviewQueue />
      </StoreProvider>,
    );
    expect(html).toMatch(/<section class="card" aria-labelledby="h-review"><h2 id="h-review">Review queue<\/h2><p role="status"/);
    expect(html).toContain("Loading the review queue…");
  });
});
