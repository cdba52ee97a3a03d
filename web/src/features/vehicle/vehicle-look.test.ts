import { describe, expect, it } from "vitest";
import { vehicleLook } from "./vehicle-look";

describe("vehicle look", () => {
  it("reads paint, wheels and roof from the families by their ids", () => {
    const look = vehicleLook([
      { family: "colour", value: "red", name: "Signal red" },
      { family: "wheels", value: "w19", name: '19" alloy' },
      { family: "roof", value: "glass", name: "Panoramic glass roof" },
    ]);
    expect(look.paint?.label).toBe("Signal red");
    expect(look.wheelInches).toBe(19);
    expect(look.wheelStyle).toBe("alloy");
    expect(look.roof).toBe("glass");
    expect(look.description).toBe("The vehicle: Signal red paint, 19-inch alloy wheels, panoramic glass roof, roof in body colour.");
  });

  it("knows sunroofs, sport wheels, options and their absence", () => {
    const look = vehicleLook([
      { family: "paint", value: "c12" },
      { family: "rims", value: "sport21" },
      { family: "sunroof", value: "yes" },
      { family: "tow_hitch", value: "none" },
      { family: "roof_rails", value: "black" },
    ]);
    expect(look).toMatchObject({ wheelInches: 21, wheelStyle: "sport", roof: "sunroof", towHitch: false, roofRails: true });
  });

  it("tells the roof from the roof colour (the demo Velo's families)", () => {
    const look = vehicleLook([
      { family: "paint", value: "RED", name: "Kings Red metallic" },
      { family: "roof_colour", value: "BLACK", name: "contrast black" },
      { family: "roof", value: "PANO", name: "panoramic glass roof" },
      { family: "roof_rails", value: "NONE", name: "none" },
      { family: "wheels", value: "W21B", name: '21" forged black' },
      { family: "tow_bar", value: "ELECTRIC", name: "electric tow bar" },
    ]);
    expect(look).toMatchObject({ roof: "glass", roofRails: false, towHitch: true, wheelInches: 21 });
    expect(look.roofColour?.label).toBe("black");
  });

  it("draws a neutral car before anything is chosen", () => {
    const look = vehicleLook([]);
    expect(look).toMatchObject({ paint: null, wheelInches: 17, roof: "body", roofColour: null });
    expect(look.description).toContain("paint not chosen yet");
  });
});
