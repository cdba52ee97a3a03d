import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { ChoiceFamily } from "../../api";
import { VehiclePicture } from "../vehicle/VehiclePicture";
import { FamilyGroup } from "./ConfigurePage";

const eur = (amount: number) => ({ amount, currency: "EUR" });
const roof: ChoiceFamily = {
  id: "roof",
  name: "Roof",
  selected: "STD",
  values: [
    { id: "STD", name: "steel roof", price: eur(0), valid: true, blockedBy: null },
    { id: "PANO", name: "panoramic glass roof", price: eur(160000), valid: false, blockedBy: { choices: { trim: "BASE" }, reason: "Roof panoramic glass roof is not available with Trim Velo." } },
  ],
};

describe("configurator", () => {
  const html = renderToString(<FamilyGroup family={roof} userChose dispatch={() => {}} />);

  it("shows a family as a labelled group of radio choices with prices", () => {
    expect(html).toMatch(/<fieldset class="family" data-family="roof"><legend>Roof/);
    expect(html.match(/type="radio"/g)).toHaveLength(2);
    expect(html).toMatch(/id="v-roof-STD"[^>]*checked=""/);
    expect(html).toMatch(/<label for="v-roof-PANO">panoramic glass roof/);
    expect(html).toContain("+€1,600.00");
  });

  it("keeps a blocked value focusable, greyed, with its one-sentence reason as its description", () => {
    expect(html).toMatch(/class="choice blocked" data-value="PANO" data-valid="false"/);
    expect(html).toMatch(/id="v-roof-PANO"[^>]*aria-disabled="true"[^>]*aria-describedby="v-roof-PANO-why"/);
    expect(html).not.toMatch(/id="v-roof-PANO"[^>]*disabled=""/);
    expect(html).toMatch(/<span id="v-roof-PANO-why" class="reason" role="tooltip">Roof panoramic glass roof is not available with Trim Velo.<\/span>/);
  });

  it("draws the vehicle from the choices, described for screen readers", () => {
    const car = renderToString(
      <VehiclePicture
        choices={[
          { family: "paint", value: "RED", name: "Kings Red metallic" },
          { family: "wheels", value: "W20D", name: '20" diamond-cut' },
          { family: "roof", value: "SUNROOF", name: "tilt-slide sunroof" },
        ]}
      />,
    );
    expect(car).toMatch(/<svg[^>]*role="img"/);
    expect(car).toContain("Kings Red metallic paint, 20-inch alloy wheels, sunroof");
    expect(car).toContain('data-wheels="20"');
    expect(car).toContain('data-roof="sunroof"');
    expect(car).toContain('fill="#c62828"');
  });
});
