import { swatchFor, type Swatch } from "./paint";

/** What the picture of a vehicle shows, read from a configuration's choices. */
export interface VehicleLook {
  readonly paint: Swatch | null;
  /** Rim diameter in inches (15–23), 17 when unknown. */
  readonly wheelInches: number;
  readonly wheelStyle: "steel" | "alloy" | "sport";
  readonly roof: "body" | "glass" | "sunroof";
  /** A contrast roof colour, or null for a body-coloured roof. */
  readonly roofColour: Swatch | null;
  readonly roofRails: boolean;
  readonly towHitch: boolean;
  readonly spoiler: boolean;
  /** One sentence for screen readers. */
  readonly description: string;
}

/** A choice as the picture reads it: the family id and the chosen value's id and (when known) name. */
export interface Choice {
  readonly family: string;
  readonly value: string;
  readonly name?: string;
}

const has = (re: RegExp, ...texts: (string | undefined)[]): boolean => texts.some((t) => t !== undefined && re.test(t.toLowerCase()));

/** Picks the families by their ids (colour/paint, wheels/rims, roof/sunroof, …) and reads the chosen values. */
export function vehicleLook(choices: readonly Choice[]): VehicleLook {
  const find = (re: RegExp): Choice | undefined => choices.find((c) => re.test(c.family.toLowerCase()));
  const paintChoice = find(/colou?r|paint|lack|exterior/);
  const wheelChoice = find(/wheel|rim|tyre|tire/);
  const roofChoice = choices.find((c) => /roof|top/.test(c.family.toLowerCase()) && !/rail|colou?r/.test(c.family.toLowerCase()));
  const roofColourChoice = choices.find((c) => /roof.*colou?r|colou?r.*roof/.test(c.family.toLowerCase()));
  const text = (c: Choice | undefined): string => (c ? `${c.value} ${c.name ?? ""}` : "");
  const inches = /(\d{2})/.exec(text(wheelChoice))?.[1];
  const wheelInches = inches && +inches >= 14 && +inches <= 24 ? +inches : 17;
  const wheelStyle = has(/sport|aero|turbine/, text(wheelChoice)) ? "sport" : has(/steel|basic|standard/, text(wheelChoice)) ? "steel" : wheelInches >= 18 || has(/alloy/, text(wheelChoice)) ? "alloy" : "steel";
  // A family named for the option itself ("sunroof": yes/no) counts when it is not declined.
  const declined = roofChoice !== undefined && has(/^(no|none|without|off|false)\b/, roofChoice.value, roofChoice.name);
  const roofText = roofChoice && !declined ? `${roofChoice.family} ${text(roofChoice)}` : "";
  const roof = has(/pano|glass/, roofText) ? "glass" : has(/sun|slid|tilt|open/, roofText) ? "sunroof" : "body";
  const contrastText = roofColourChoice && !has(/^body\b|^same|^none/, roofColourChoice.value, roofColourChoice.name) ? text(roofColourChoice) : has(/black|contrast/, roofText) ? "black" : "";
  const roofColour = contrastText ? swatchFor(has(/silver/, contrastText) ? "silver" : has(/white/, contrastText) ? "white" : "black") : null;
  const anyChoice = (re: RegExp): boolean => choices.some((c) => has(re, c.family) && !has(/^(no|none|without|off)\b|^false$/, c.value, c.name));
  const paint = paintChoice ? swatchFor(paintChoice.name ?? paintChoice.value) : null;
  const look = {
    paint,
    wheelInches,
    wheelStyle,
    roof,
    roofColour,
    roofRails: anyChoice(/rail/),
    towHitch: anyChoice(/tow|hitch/),
    spoiler: anyChoice(/spoiler|wing/),
  } as const;
  const parts = [
    paint ? `${paint.label} paint` : "paint not chosen yet",
    `${wheelInches}-inch ${wheelStyle} wheels`,
    roof === "glass" ? "panoramic glass roof" : roof === "sunroof" ? "sunroof" : "closed roof",
    roofColour ? `${roofColour.label} roof` : "roof in body colour",
    ...(look.roofRails ? ["roof rails"] : []),
    ...(look.towHitch ? ["tow hitch"] : []),
    ...(look.spoiler ? ["rear spoiler"] : []),
  ];
  return { ...look, description: `The vehicle: ${parts.join(", ")}.` };
}

/** Choices of an order's selections (value ids only). */
export function choicesOf(selections: Readonly<Record<string, string>>): Choice[] {
  return Object.entries(selections).map(([family, value]) => ({ family, value }));
}
