/**
 * The source of the demo product "Takt Velo", a compact SUV: the catalog data written once as
 * tables (families, trim availability matrix, market rules, BOM and work content) and expanded into
 * the product model format. `velo.json` is this function's output, checked by `velo.test.ts`
 * (regenerate with `UPDATE_VELO=1 npx vitest run src/catalog/demo`).
 */
import { SCHEMA_VERSION, type ProductModel } from "../schema.js";

type V = [id: string, label: string, price: number];
type R = ProductModel["rules"][number];

const F: [id: string, label: string, group: string, def: string, values: V[]][] = [
  ["bodystyle", "Body style", "model", "SUV", [["SUV", "SUV", 0], ["COUPE", "Coupé SUV", 150000]]],
  ["market", "Market", "model", "EU", [["EU", "European Union", 0], ["UK", "United Kingdom", 0], ["CH", "Switzerland", 0], ["NO", "Norway", 0], ["US", "United States", 0], ["CN", "China", 0], ["JP", "Japan", 0], ["AU", "Australia", 0]]],
  ["trim", "Trim", "model", "BASE", [["BASE", "Velo", 0], ["COMFORT", "Velo Comfort", 320000], ["SPORT", "Velo Sport", 480000], ["PREMIUM", "Velo Premium", 690000], ["EDITION1", "Velo Edition One", 990000]]],
  ["engine", "Engine", "powertrain", "P1", [["P1", "1.5 TSI 110 kW petrol", 0], ["P2", "2.0 TSI 150 kW petrol", 260000], ["D1", "2.0 TDI 110 kW diesel", 210000], ["HEV", "1.6 full hybrid 141 kW", 340000], ["PH", "1.6 plug-in hybrid 180 kW", 690000], ["EV1", "Electric 150 kW rear motor", 890000], ["EV2", "Electric 250 kW dual motor", 1390000]]],
  ["battery", "Traction battery", "powertrain", "NONE", [["NONE", "none", 0], ["S", "19.7 kWh (plug-in)", 0], ["M", "59 kWh", 0], ["L", "77 kWh", 390000], ["XL", "86 kWh", 690000]]],
  ["gearbox", "Gearbox", "powertrain", "M6", [["M6", "6-speed manual", 0], ["DCT7", "7-speed dual clutch", 210000], ["AT8", "8-speed automatic", 260000], ["E1", "single-speed reduction", 0], ["ECVT", "e-CVT power split", 0]]],
  ["drive", "Drive", "powertrain", "FWD", [["FWD", "front-wheel drive", 0], ["RWD", "rear-wheel drive", 0], ["AWD", "all-wheel drive", 220000]]],
  ["emissions", "Emission standard", "powertrain", "EURO6E", [["EURO6E", "Euro 6e", 0], ["EURO7", "Euro 7", 0], ["US_T3", "US Tier 3 / LEV III", 0], ["CN6B", "China 6b", 0], ["JP25", "Japan 2025", 0], ["ZEV", "zero emission", 0]]],
  ["fuel_tank", "Fuel tank", "powertrain", "T50", [["NONE", "none", 0], ["T40", "40 l", 0], ["T50", "50 l", 0], ["T58", "58 l", 15000]]],
  ["charger", "On-board charger", "powertrain", "NONE", [["NONE", "none", 0], ["AC7", "7.4 kW AC", 0], ["AC11", "11 kW AC", 0], ["AC22", "22 kW AC", 95000]]],
  ["steering", "Steering side", "model", "LHD", [["LHD", "left-hand drive", 0], ["RHD", "right-hand drive", 0]]],
  ["paint", "Paint", "exterior", "WHITE", [["WHITE", "Glacier White", 0], ["BLACK", "Deep Black pearl", 85000], ["SILVER", "Reflex Silver metallic", 85000], ["GREY", "Moonstone Grey", 85000], ["BLUE", "Atlantic Blue metallic", 85000], ["RED", "Kings Red metallic", 110000], ["GREEN", "Forest Green metallic", 110000], ["SAND", "Desert Sand", 110000], ["ORANGE", "Sunset Orange", 140000], ["MATTE_GREY", "Graphite matte", 290000], ["TWO_TONE", "two-tone Black/Silver", 190000], ["YELLOW", "Edition Yellow", 0]]],
  ["roof_colour", "Roof colour", "exterior", "BODY", [["BODY", "body colour", 0], ["BLACK", "contrast black", 45000], ["SILVER", "contrast silver", 45000]]],
  ["roof", "Roof", "exterior", "STD", [["STD", "steel roof", 0], ["SUNROOF", "tilt-slide sunroof", 110000], ["PANO", "panoramic glass roof", 160000]]],
  ["roof_rails", "Roof rails", "exterior", "NONE", [["NONE", "none", 0], ["SILVER", "anodised silver", 35000], ["BLACK", "gloss black", 35000]]],
  ["wheels", "Wheels", "exterior", "W17S", [["W17S", "17\" steel with covers", 0], ["W17A", "17\" alloy Aero", 60000], ["W18A", "18\" alloy Lyon", 95000], ["W19S", "19\" alloy Sport", 150000], ["W20D", "20\" diamond-cut", 210000], ["W21B", "21\" forged black", 320000]]],
  ["tyres", "Tyres", "exterior", "SUMMER", [["SUMMER", "summer", 0], ["ALLSEASON", "all-season", 25000], ["WINTER", "winter", 45000]]],
  ["lighting", "Headlamps", "exterior", "HALOGEN", [["HALOGEN", "halogen", 0], ["LED", "LED", 90000], ["MATRIX", "matrix LED with dynamic light", 160000]]],
  ["glazing", "Glazing", "exterior", "STD", [["STD", "standard", 0], ["PRIVACY", "rear privacy glass", 32000], ["ACOUSTIC", "acoustic and privacy glass", 59000]]],
  ["mirrors", "Mirrors", "exterior", "MANUAL", [["MANUAL", "manually folding", 0], ["POWERFOLD", "power folding", 22000], ["POWERDIM", "power folding, auto-dimming", 38000]]],
  ["tow_bar", "Tow bar", "exterior", "NONE", [["NONE", "none", 0], ["FIXED", "fixed, 1,600 kg", 69000], ["ELECTRIC", "electrically swivelling", 99000]]],
  ["interior", "Upholstery", "interior", "CLOTH_GREY", [["CLOTH_GREY", "cloth Titan Grey", 0], ["CLOTH_BLACK", "cloth Black", 0], ["LEATHERETTE", "ArtVelours/leatherette", 95000], ["LEATHER_BLACK", "Nappa leather Black", 210000], ["LEATHER_COGNAC", "Nappa leather Cognac", 230000], ["ALCANTARA", "Alcantara/leather sport", 180000]]],
  ["seats", "Front seats", "interior", "MANUAL", [["MANUAL", "manual adjustment", 0], ["POWER", "power driver seat", 65000], ["POWER_MEM", "power seats with memory", 115000], ["SPORT", "sport bucket seats", 140000]]],
  ["seat_comfort", "Seat comfort", "interior", "NONE", [["NONE", "none", 0], ["HEAT", "heated front seats", 39000], ["HEAT_VENT", "heated and ventilated", 89000], ["MASSAGE", "heated, ventilated, massage", 149000]]],
  ["rear_seats", "Rear seats", "interior", "S6040", [["S6040", "60/40 split", 0], ["S402040", "40/20/40 split", 25000], ["HEATED", "40/20/40, heated outer seats", 55000]]],
  ["climate", "Climate control", "interior", "MANUAL", [["MANUAL", "manual air conditioning", 0], ["AUTO2", "2-zone automatic", 55000], ["AUTO3", "3-zone automatic", 89000]]],
  ["heat_pump", "Heat pump", "interior", "no", [["no", "no", 0], ["yes", "heat pump", 99000]]],
  ["infotainment", "Infotainment", "electronics", "RADIO8", [["RADIO8", "8\" radio", 0], ["NAV10", "10\" navigation", 95000], ["NAV13", "12.9\" navigation Pro", 175000]]],
  ["audio", "Audio", "electronics", "STD6", [["STD6", "6 speakers", 0], ["PREM10", "10 speakers premium", 59000], ["HIFI14", "14 speakers Harman Kardon", 119000]]],
  ["hud", "Head-up display", "electronics", "no", [["no", "no", 0], ["yes", "AR head-up display", 89000]]],
  ["assistance", "Driver assistance", "electronics", "BASIC", [["BASIC", "lane keep, AEB", 0], ["PLUS", "adaptive cruise, lane centring", 85000], ["PILOT", "Travel Assist Pilot, hands-on L2+", 210000]]],
  ["parking", "Parking", "electronics", "NONE", [["NONE", "none", 0], ["SENSORS", "front and rear sensors", 39000], ["CAM360", "360° cameras", 89000], ["PARK_ASSIST", "remote park assist", 139000]]],
  ["keyless", "Keyless entry", "electronics", "no", [["no", "no", 0], ["yes", "keyless entry and start", 42000]]],
  ["winter_pack", "Winter package", "packages", "no", [["no", "no", 0], ["yes", "heated windscreen, steering wheel, washer jets", 59000]]],
  ["tech_pack", "Technology package", "packages", "no", [["no", "no", 0], ["yes", "NAV13, HUD, wireless charging", 149000]]],
  ["sport_pack", "Sport package", "packages", "no", [["no", "no", 0], ["yes", "sport suspension, paddles, black trim", 119000]]],
  ["suspension", "Suspension", "chassis", "STD", [["STD", "standard", 0], ["SPORT", "sport, lowered 15 mm", 45000], ["ADAPTIVE", "adaptive dampers", 99000], ["AIR", "air suspension", 219000]]],
  ["warranty", "Warranty", "service", "W3", [["W3", "3 years", 0], ["W5", "5 years", 69000], ["W8", "8 years / 160,000 km battery", 0]]],
];

const TRIMS = ["BASE", "COMFORT", "SPORT", "PREMIUM", "EDITION1"];
/** Trim availability: per family, the lowest trim index each value needs (absent: all trims). "-" rows: not in those trims. */
const TRIM_MIN: Record<string, Record<string, number>> = {
  wheels: { W18A: 1, W19S: 2, W20D: 3, W21B: 4 },
  interior: { LEATHERETTE: 1, LEATHER_BLACK: 3, LEATHER_COGNAC: 3, ALCANTARA: 2 },
  seats: { POWER: 1, POWER_MEM: 3, SPORT: 2 },
  seat_comfort: { HEAT_VENT: 2, MASSAGE: 3 },
  rear_seats: { HEATED: 3 },
  climate: { AUTO3: 3 },
  infotainment: { NAV13: 2 },
  audio: { PREM10: 1, HIFI14: 3 },
  hud: { yes: 2 },
  assistance: { PILOT: 3 },
  parking: { CAM360: 2, PARK_ASSIST: 3 },
  lighting: { MATRIX: 2 },
  glazing: { ACOUSTIC: 3 },
  mirrors: { POWERDIM: 2 },
  roof: { PANO: 1 },
  suspension: { ADAPTIVE: 2, AIR: 3 },
  engine: { EV2: 2, P2: 1, PH: 1 },
  tow_bar: { ELECTRIC: 2 },
  paint: { MATTE_GREY: 3, TWO_TONE: 2 },
  bodystyle: { COUPE: 2 },
};
/** Trim standard equipment: at trim ≥ index the family must not take these lower values. */
const TRIM_STD: [family: string, fromTrim: number, notValues: string[]][] = [
  ["wheels", 1, ["W17S"]], ["wheels", 2, ["W17A"]], ["wheels", 3, ["W18A"]],
  ["lighting", 1, ["HALOGEN"]], ["lighting", 3, ["LED"]],
  ["climate", 1, ["MANUAL"]], ["infotainment", 1, ["RADIO8"]], ["infotainment", 4, ["NAV10"]],
  ["parking", 1, ["NONE"]], ["seats", 3, ["MANUAL"]], ["seat_comfort", 2, ["NONE"]], ["mirrors", 1, ["MANUAL"]],
  ["glazing", 2, ["STD"]], ["keyless", 2, ["no"]], ["interior", 1, ["CLOTH_GREY"]], ["interior", 3, ["CLOTH_BLACK", "LEATHERETTE"]],
  ["assistance", 2, ["BASIC"]], ["audio", 4, ["STD6"]], ["rear_seats", 2, ["S6040"]],
];
const MARKETS = ["EU", "UK", "CH", "NO", "US", "CN", "JP", "AU"];
const MARKET_ENGINES: Record<string, string[]> = {
  EU: ["P1", "P2", "D1", "HEV", "PH", "EV1", "EV2"], UK: ["P1", "P2", "D1", "HEV", "PH", "EV1", "EV2"], CH: ["P1", "P2", "D1", "HEV", "PH", "EV1", "EV2"],
  NO: ["EV1", "EV2"], US: ["P2", "HEV", "PH", "EV1", "EV2"], CN: ["P1", "P2", "HEV", "PH", "EV1", "EV2"], JP: ["P1", "HEV", "EV1"], AU: ["P1", "P2", "D1", "HEV", "EV1"],
};
const MARKET_EMISSIONS: Record<string, string> = { EU: "EURO7", UK: "EURO7", CH: "EURO6E", NO: "EURO7", US: "US_T3", CN: "CN6B", JP: "JP25", AU: "EURO6E" };
const RHD = ["UK", "JP", "AU"];
const ENGINES = ["P1", "P2", "D1", "HEV", "PH", "EV1", "EV2"];
const EVS = ["EV1", "EV2"];
/** engine: allowed gearboxes, drives, batteries, fuel tanks, chargers. */
const POWERTRAIN: Record<string, [string, string, string, string, string]> = {
  P1: ["M6|DCT7", "FWD", "NONE", "T40|T50", "NONE"],
  P2: ["DCT7|AT8", "FWD|AWD", "NONE", "T50|T58", "NONE"],
  D1: ["M6|DCT7|AT8", "FWD|AWD", "NONE", "T50|T58", "NONE"],
  HEV: ["ECVT", "FWD|AWD", "NONE", "T40|T50", "NONE"],
  PH: ["DCT7|AT8", "FWD|AWD", "S", "T40", "AC7|AC11"],
  EV1: ["E1", "RWD", "M|L", "NONE", "AC11|AC22"],
  EV2: ["E1", "AWD", "L|XL", "NONE", "AC11|AC22"],
};
/** Paint × upholstery pairs the colour studio does not release. */
const PAINT_INTERIOR_BANNED: [string, string][] = [
  ["ORANGE", "LEATHER_COGNAC"], ["RED", "LEATHER_COGNAC"], ["YELLOW", "LEATHER_COGNAC"], ["GREEN", "ALCANTARA"], ["SAND", "ALCANTARA"],
  ["ORANGE", "CLOTH_GREY"], ["YELLOW", "CLOTH_GREY"], ["MATTE_GREY", "CLOTH_GREY"], ["MATTE_GREY", "CLOTH_BLACK"], ["TWO_TONE", "CLOTH_GREY"],
  ["SAND", "LEATHER_BLACK"], ["GREEN", "CLOTH_BLACK"], ["RED", "CLOTH_GREY"], ["BLUE", "LEATHER_COGNAC"], ["YELLOW", "LEATHERETTE"],
];
/** Paint availability by market (a few colours are regional). */
const PAINT_MARKETS: Record<string, string[]> = { SAND: ["US", "AU", "CN", "JP"], GREEN: ["EU", "UK", "CH", "NO"], MATTE_GREY: ["EU", "CH", "CN", "US"], ORANGE: ["EU", "UK", "CH", "NO", "AU"] };

/** Builds the Takt Velo product model. */
export function buildVelo(): ProductModel {
  const rules: R[] = [];
  const add = (r: R): void => void rules.push(r);
  // Trim availability and standard equipment.
  for (const [fam, mins] of Object.entries(TRIM_MIN))
    for (const [value, min] of Object.entries(mins)) add({ id: `trim-${fam}-${value}`, kind: "requires", if: `${fam}=${value}`, then: `trim in {${TRIMS.slice(min).join(", ")}}`, message: `${fam} ${value} needs trim ${TRIMS[min]} or higher` });
  for (const [fam, from, not] of TRIM_STD)
    for (const t of TRIMS.slice(from)) add({ id: `std-${t}-${fam}-${not.join("-")}`, kind: "excludes", if: `trim=${t}`, then: `${fam} in {${not.join(", ")}}`, message: `trim ${t} has ${fam} better than ${not.join("/")} as standard` });
  // Edition One fixed content.
  add({ id: "ed1-paint", kind: "requires", if: "trim=EDITION1", then: "paint in {YELLOW, BLACK, MATTE_GREY, TWO_TONE}" });
  add({ id: "ed1-only-yellow", kind: "requires", if: "paint=YELLOW", then: "trim=EDITION1", message: "Edition Yellow is reserved to Edition One" });
  add({ id: "ed1-engine", kind: "requires", if: "trim=EDITION1", then: "engine in {P2, PH, EV2}" });
  add({ id: "ed1-roof", kind: "requires", if: "trim=EDITION1", then: "roof=PANO and roof_colour=BLACK" });
  // Markets: engines, emission standard, steering side.
  for (const m of MARKETS) {
    const no = ENGINES.filter((e) => !MARKET_ENGINES[m]!.includes(e));
    if (no.length) add({ id: `mkt-${m}-engines`, kind: "excludes", if: `market=${m}`, then: `engine in {${no.join(", ")}}`, message: `engines ${no.join(", ")} are not homologated for ${m}` });
    add({ id: `mkt-${m}-emissions`, kind: "requires", if: `market=${m} and not engine in {EV1, EV2}`, then: `emissions=${MARKET_EMISSIONS[m]}` });
    add({ id: `mkt-${m}-steering`, kind: "requires", if: `market=${m}`, then: `steering=${RHD.includes(m) ? "RHD" : "LHD"}` });
  }
  add({ id: "ev-zero-emission", kind: "constraint", expr: "engine in {EV1, EV2} <-> emissions=ZEV" });
  // Powertrain compatibility: one table over five families, plus per-engine rules.
  add({ id: "powertrain-table", kind: "table", families: ["engine", "gearbox", "drive", "battery", "fuel_tank", "charger"], rows: ENGINES.map((e) => [e, ...POWERTRAIN[e]!]), message: "released powertrain combinations" });
  add({ id: "ev2-eu-battery", kind: "requires", if: "engine=EV2 and market=EU", then: "battery in {L, XL}", message: "EV2 in the EU only with the long-range batteries" });
  add({ id: "ev2-no-xl-base", kind: "excludes", if: "engine=EV2 and trim=SPORT", then: "battery=XL" });
  add({ id: "ev1-m-no-ac22", kind: "excludes", if: "battery=M", then: "charger=AC22", message: "the 59 kWh battery charges at 11 kW AC at most" });
  add({ id: "us-ac11", kind: "excludes", if: "market in {US, JP}", then: "charger=AC22", message: "22 kW AC needs three-phase mains" });
  add({ id: "cn-no-manual", kind: "excludes", if: "market in {CN, US}", then: "gearbox=M6" });
  add({ id: "awd-heavy", kind: "excludes", if: "drive=AWD", then: "wheels in {W17S, W17A}", message: "AWD needs 18\" brakes and wheels" });
  add({ id: "suv-rails-std", kind: "requires", if: "bodystyle=SUV and not trim=BASE", then: "roof_rails in {SILVER, BLACK}", message: "roof rails are standard on the SUV from Comfort up" });
  for (const m of ["CN", "JP", "AU"]) add({ id: `ed1-market-${m}`, kind: "excludes", if: `market=${m}`, then: "trim=EDITION1", message: `Edition One is not offered in ${m}` });
  for (const m of ["US", "CN"]) add({ id: `mkt-${m}-keyless`, kind: "requires", if: `market=${m}`, then: "keyless=yes", message: `keyless entry is standard in ${m}` });
  for (const m of ["US", "CN", "JP"]) add({ id: `mkt-${m}-climate`, kind: "excludes", if: `market=${m}`, then: "climate=MANUAL" });
  for (const m of ["CN", "US"]) add({ id: `mkt-${m}-nav`, kind: "excludes", if: `market=${m}`, then: "infotainment=RADIO8" });
  for (const m of ["NO", "CH"]) add({ id: `mkt-${m}-heat`, kind: "excludes", if: `market=${m}`, then: "seat_comfort=NONE", message: `heated seats are standard in ${m}` });
  for (const m of ["UK", "JP", "AU"]) add({ id: `mkt-${m}-no-coupe-base`, kind: "excludes", if: `market=${m} and bodystyle=COUPE`, then: "engine in {P1, D1}" });
  for (const e of ["EV1", "EV2", "PH"]) add({ id: `hv-${e}-no-m6`, kind: "excludes", if: `engine=${e}`, then: "gearbox=M6" });
  for (const w of ["W20D", "W21B"]) add({ id: `wheel-${w}-no-steel-look`, kind: "excludes", if: `wheels=${w}`, then: "trim in {BASE, COMFORT}" });
  add({ id: "coupe-no-rails", kind: "excludes", if: "bodystyle=COUPE", then: "roof_rails in {SILVER, BLACK}" });
  add({ id: "coupe-no-pano-base", kind: "excludes", if: "bodystyle=COUPE", then: "roof=SUNROOF" });
  add({ id: "heat-pump-ev", kind: "requires", if: "heat_pump=yes", then: "engine in {PH, EV1, EV2}", message: "the heat pump is for electrified drives" });
  add({ id: "no-eu-ev-without-heatpump", kind: "requires", if: "engine in {EV1, EV2} and market in {NO, CH}", then: "heat_pump=yes", message: "cold-climate markets get the heat pump with EVs" });
  add({ id: "tow-ev1-m", kind: "excludes", if: "battery=M", then: "tow_bar in {FIXED, ELECTRIC}" });
  add({ id: "tow-coupe", kind: "excludes", if: "bodystyle=COUPE", then: "tow_bar=FIXED" });
  add({ id: "tow-air", kind: "excludes", if: "tow_bar in {FIXED, ELECTRIC}", then: "suspension=SPORT" });
  // Wheels, tyres, suspension.
  add({ id: "winter-wheels", kind: "excludes", if: "tyres=WINTER", then: "wheels in {W20D, W21B}", message: "no winter tyres above 19\"" });
  add({ id: "allseason-wheels", kind: "excludes", if: "tyres=ALLSEASON", then: "wheels=W21B" });
  add({ id: "au-no-winter", kind: "excludes", if: "market in {AU}", then: "tyres=WINTER" });
  add({ id: "no-winter-req", kind: "requires", if: "market=NO", then: "tyres in {WINTER, ALLSEASON}", message: "Norway delivers on winter-capable tyres" });
  add({ id: "air-awd", kind: "requires", if: "suspension=AIR", then: "drive=AWD and wheels in {W19S, W20D, W21B}" });
  add({ id: "sport-susp-wheels", kind: "excludes", if: "suspension=SPORT", then: "wheels in {W17S, W17A}" });
  add({ id: "w21-susp", kind: "requires", if: "wheels=W21B", then: "suspension in {SPORT, ADAPTIVE, AIR}" });
  // Paint, roof, upholstery.
  PAINT_INTERIOR_BANNED.forEach(([p, i]) => add({ id: `colour-${p}-${i}`, kind: "excludes", if: `paint=${p}`, then: `interior=${i}`, message: `${p} paint is not released with ${i} upholstery` }));
  for (const [p, ms] of Object.entries(PAINT_MARKETS)) add({ id: `paint-market-${p}`, kind: "requires", if: `paint=${p}`, then: `market in {${ms.join(", ")}}` });
  add({ id: "roof-black-paint", kind: "excludes", if: "roof_colour=BLACK", then: "paint in {BLACK, TWO_TONE}" });
  add({ id: "roof-silver-paint", kind: "excludes", if: "roof_colour=SILVER", then: "paint in {SILVER, WHITE, TWO_TONE}" });
  add({ id: "roof-contrast-trim", kind: "excludes", if: "trim=BASE", then: "roof_colour in {BLACK, SILVER}" });
  add({ id: "two-tone-roof", kind: "requires", if: "paint=TWO_TONE", then: "roof_colour=BODY" });
  add({ id: "pano-rails", kind: "excludes", if: "roof=PANO and bodystyle=SUV", then: "roof_rails=NONE", message: "the panoramic roof comes with rails on the SUV" });
  add({ id: "rails-black-sport", kind: "requires", if: "roof_rails=BLACK", then: "trim in {SPORT, EDITION1} or sport_pack=yes" });
  add({ id: "matte-no-rails-silver", kind: "excludes", if: "paint=MATTE_GREY", then: "roof_rails=SILVER" });
  // Seats and comfort.
  add({ id: "massage-power", kind: "requires", if: "seat_comfort=MASSAGE", then: "seats=POWER_MEM and interior in {LEATHER_BLACK, LEATHER_COGNAC}" });
  add({ id: "vent-leather", kind: "requires", if: "seat_comfort=HEAT_VENT", then: "interior in {LEATHERETTE, LEATHER_BLACK, LEATHER_COGNAC, ALCANTARA}", message: "ventilation needs perforated upholstery" });
  add({ id: "sport-seat-alc", kind: "requires", if: "seats=SPORT", then: "interior in {ALCANTARA, LEATHER_BLACK}" });
  add({ id: "sport-seat-no-massage", kind: "excludes", if: "seats=SPORT", then: "seat_comfort=MASSAGE" });
  add({ id: "heated-rear-front", kind: "requires", if: "rear_seats=HEATED", then: "seat_comfort in {HEAT, HEAT_VENT, MASSAGE}" });
  add({ id: "auto3-rear", kind: "requires", if: "climate=AUTO3", then: "rear_seats in {S402040, HEATED}" });
  // Packages.
  add({ id: "winter-pack", kind: "requires", if: "winter_pack=yes", then: "seat_comfort in {HEAT, HEAT_VENT, MASSAGE} and climate in {AUTO2, AUTO3}" });
  add({ id: "winter-pack-ev", kind: "requires", if: "winter_pack=yes and engine in {EV1, EV2}", then: "heat_pump=yes" });
  add({ id: "winter-pack-nordic", kind: "requires", if: "market=NO and trim in {COMFORT, SPORT, PREMIUM, EDITION1}", then: "winter_pack=yes" });
  add({ id: "tech-pack", kind: "requires", if: "tech_pack=yes", then: "infotainment=NAV13 and hud=yes" });
  add({ id: "tech-pack-trim", kind: "excludes", if: "tech_pack=yes", then: "trim in {BASE, EDITION1}", message: "Edition One includes the technology content" });
  add({ id: "hud-nav", kind: "requires", if: "hud=yes", then: "infotainment in {NAV10, NAV13}" });
  add({ id: "sport-pack", kind: "requires", if: "sport_pack=yes", then: "suspension in {SPORT, ADAPTIVE} and wheels in {W19S, W20D, W21B}" });
  add({ id: "sport-pack-trim", kind: "excludes", if: "sport_pack=yes", then: "trim in {BASE, PREMIUM}" });
  add({ id: "sport-pack-no-diesel", kind: "excludes", if: "sport_pack=yes", then: "engine in {D1, HEV}" });
  // Electronics and assistance.
  add({ id: "pilot-needs", kind: "requires", if: "assistance=PILOT", then: "lighting=MATRIX and parking in {CAM360, PARK_ASSIST} and infotainment in {NAV10, NAV13}" });
  add({ id: "pilot-auto", kind: "excludes", if: "assistance in {PLUS, PILOT}", then: "gearbox=M6", message: "adaptive cruise with stop&go needs an automatic gearbox" });
  add({ id: "park-assist", kind: "requires", if: "parking=PARK_ASSIST", then: "gearbox in {DCT7, AT8, E1, ECVT} and keyless=yes" });
  add({ id: "cam360-mirrors", kind: "requires", if: "parking in {CAM360, PARK_ASSIST}", then: "mirrors in {POWERFOLD, POWERDIM}" });
  add({ id: "hifi-nav", kind: "requires", if: "audio=HIFI14", then: "infotainment in {NAV10, NAV13}" });
  add({ id: "acoustic-hifi", kind: "requires", if: "glazing=ACOUSTIC", then: "audio in {PREM10, HIFI14}" });
  add({ id: "jp-no-pilot", kind: "excludes", if: "market in {CN, JP}", then: "assistance=PILOT", message: "Pilot is not yet type-approved there" });
  add({ id: "us-lighting", kind: "excludes", if: "market=US", then: "lighting=MATRIX", message: "adaptive matrix beams are not FMVSS 108 approved" });
  add({ id: "us-pilot-lighting", kind: "excludes", if: "market=US", then: "assistance=PILOT" });
  // Service.
  add({ id: "ev-warranty", kind: "constraint", expr: "warranty=W8 <-> engine in {PH, EV1, EV2}", message: "electrified drives carry the 8-year battery warranty" });
  add({ id: "w5-markets", kind: "excludes", if: "market in {US, CN}", then: "warranty=W5" });
  // Compatibility table over three families: wheels × tyres × market is released per region.
  add({ id: "wheel-tyre-region", kind: "table", families: ["market", "wheels", "tyres"], rows: [["EU|UK|CH|NO", "*", "*"], ["US|CN|JP|AU", "W17S|W17A|W18A|W19S", "*"], ["US|CN", "W20D|W21B", "SUMMER|ALLSEASON"], ["JP|AU", "W20D", "SUMMER"]], message: "wheel and tyre releases per region" });

  const families = F.map(([id, label, group, def, values]) => ({ id, label, group, default: def, values: values.map(([vid, vl, price]) => ({ id: vid, label: vl, price })) }));
  return { schemaVersion: SCHEMA_VERSION, id: "takt-velo", name: "Takt Velo compact SUV", version: "2026.1.0", currency: "EUR", basePrice: 3_249_000, families, rules, surcharges: surcharges(), bom: bom(), work: work() };
}

function surcharges(): ProductModel["surcharges"] {
  return [
    { id: "pano-black-roof", label: "panoramic roof with black contrast roof", when: "roof=PANO and roof_colour=BLACK", amount: 25000 },
    { id: "awd-towing", label: "AWD towing cooling kit", when: "drive=AWD and tow_bar in {FIXED, ELECTRIC}", amount: 18000 },
    { id: "no-import-duty", label: "Swiss import fee", when: "market=CH", amount: 40000 },
    { id: "uk-rhd", label: "UK registration pack", when: "market=UK", amount: 12000 },
    { id: "ev-eu-bonus", label: "manufacturer EV bonus", when: "engine in {EV1, EV2} and market in {EU, NO}", amount: -300000 },
    { id: "lux-tax-au", label: "Australian luxury car tax provision", when: "market=AU and trim in {PREMIUM, EDITION1}", amount: 250000 },
    { id: "matte-care", label: "matte paint care kit", when: "paint=MATTE_GREY", amount: 15000 },
    { id: "winter-tyre-storage", label: "summer set storage voucher", when: "tyres=WINTER and market in {EU, CH, NO}", amount: 9000 },
  ];
}

function bom(): ProductModel["bom"] {
  const lines: ProductModel["bom"] = [];
  let n = 0;
  const line = (part: string, label: string, qty: number, station: string, when?: string, unit?: string): void => {
    n++;
    lines.push({ id: `L${String(n).padStart(4, "0")}`, part, label, qty, station, ...(unit ? { unit } : {}), ...(when ? { when } : {}) });
  };
  // Common parts: every Velo has them.
  const common: [string, string, number, string, string?][] = [
    ["BIW-5D", "body in white, painted", 1, "T01"], ["DOOR-FL", "front left door assembly", 1, "F07"], ["DOOR-FR", "front right door assembly", 1, "F07"], ["DOOR-RL", "rear left door assembly", 1, "F07"], ["DOOR-RR", "rear right door assembly", 1, "F07"],
    ["CARPET-MAIN", "main carpet", 1, "T06"], ["INSUL-DASH", "dash insulator", 1, "T06"], ["INSUL-FLOOR", "floor insulation mats", 4, "T06"], ["HVAC-BOX", "HVAC module", 1, "T07"], ["BRAKE-LINES", "brake line set", 1, "T08"],
    ["AIRBAG-DRV", "driver airbag", 1, "F11"], ["AIRBAG-PAS", "passenger airbag", 1, "F11"], ["AIRBAG-CURT", "curtain airbags", 2, "F11"], ["AIRBAG-SIDE", "front side airbags", 2, "F05"], ["BELT-FRONT", "front seat belts", 2, "F05"], ["BELT-REAR", "rear seat belts", 3, "F05"],
    ["WSHIELD", "windscreen", 1, "F04"], ["BUMPER-F", "front bumper", 1, "F03"], ["BUMPER-R", "rear bumper", 1, "F03"], ["FEM", "front-end module", 1, "F01"], ["BATT-12V", "12 V battery", 1, "F01"], ["WIPER-F", "wiper system", 1, "F01"],
    ["COOLANT", "coolant", 7.5, "F10", "l"], ["BRAKE-FLUID", "brake fluid", 0.9, "F10", "l"], ["WASHER", "washer fluid", 4, "F10", "l"], ["REFRIG", "R1234yf refrigerant", 0.55, "F10", "kg"], ["BADGE-VELO", "Velo badge", 1, "F14"], ["BADGE-TAKT", "Takt logo", 2, "F14"],
    ["SPARE-KIT", "tyre repair kit", 1, "F14"], ["TRIANGLE", "warning triangle", 1, "F14"], ["MANUAL", "owner's manual", 1, "Q06"], ["STEER-COL", "steering column", 1, "T09"], ["PEDAL-BOX", "pedal box", 1, "T09"], ["CONSOLE", "centre console", 1, "T09"],
    ["HEADLINER", "headliner", 1, "T05"], ["SUNVISOR", "sun visors", 2, "T05"], ["GRAB-HANDLE", "grab handles", 3, "T05"], ["HARN-ENG", "engine bay harness", 1, "T02"], ["HARN-BODY", "body harness", 1, "T03"], ["ECU-BCM", "body control module", 1, "T02"],
    ["ECU-GW", "central gateway", 1, "T02"], ["TAIL-L", "tail lamp left", 1, "F03"], ["TAIL-R", "tail lamp right", 1, "F03"], ["SUSP-F", "front strut", 2, "C08"], ["SUSP-LINK", "rear links", 4, "C08"], ["SUBFRAME-F", "front subframe", 1, "C03"],
    ["BOLT-MARRIAGE", "marriage bolts M14", 8, "C04"], ["UNDERBODY", "underbody panels", 3, "C07"], ["NUT-WHEEL", "wheel nuts", 20, "C10"], ["HOOD", "bonnet", 1, "F01"], ["TAILGATE", "tailgate", 1, "F07"], ["SEAL-DOOR", "door seals", 4, "F08"],
  ];
  for (const [p, l, q, s, u] of common) line(p, l, q, s, undefined, u);
  // One or more lines per option value.
  for (const [fid, , , , values] of F)
    for (const [vid, vlabel] of values) {
      if (["no", "NONE"].includes(vid) || ["market", "warranty", "emissions", "trim"].includes(fid)) continue;
      const st = STATION_OF[fid] ?? "F14";
      line(`${fid.toUpperCase().replace(/_/g, "-")}-${vid}`, `${FAMILY_LABEL[fid] ?? fid}: ${vlabel}`, QTY_OF[fid] ?? 1, st, `${fid}=${vid}`);
    }
  // Combinations: harness variants, seat covers, tyres on rims, paint, localisation.
  for (const m of MARKETS) for (const st of ["LHD", "RHD"]) line(`HARN-CKP-${m}-${st}`, `cockpit harness ${m} ${st}`, 1, "T02", `market=${m} and steering=${st}`);
  for (const m of MARKETS) line(`LABELS-${m}`, `labels and manual language pack ${m}`, 1, "Q06", `market=${m}`);
  for (const w of ["W17S", "W17A", "W18A", "W19S", "W20D", "W21B"]) for (const t of ["SUMMER", "ALLSEASON", "WINTER"]) line(`TYRE-${w}-${t}`, `tyre ${t.toLowerCase()} for ${w}`, 4, "C09", `wheels=${w} and tyres=${t}`);
  for (const i of ["CLOTH_GREY", "CLOTH_BLACK", "LEATHERETTE", "LEATHER_BLACK", "LEATHER_COGNAC", "ALCANTARA"]) for (const s of ["MANUAL", "POWER", "POWER_MEM", "SPORT"]) line(`SEATCOVER-${i}-${s}`, `front seat covers ${i} for ${s}`, 2, "F05", `interior=${i} and seats=${s}`);
  for (const p of ["WHITE", "BLACK", "SILVER", "GREY", "BLUE", "RED", "GREEN", "SAND", "ORANGE", "MATTE_GREY", "TWO_TONE", "YELLOW"]) {
    line(`MIRRORCAP-${p}`, `mirror caps ${p}`, 2, "F08", `paint=${p} and not roof_colour=BLACK`);
    line(`TOUCHUP-${p}`, `touch-up pen ${p}`, 1, "F14", `paint=${p}`);
  }
  line("MIRRORCAP-BLACK-CONTRAST", "mirror caps contrast black", 2, "F08", "roof_colour=BLACK");
  for (const e of ENGINES) {
    const ev = EVS.includes(e);
    line(`ENGINE-MOUNT-${e}`, `powertrain mounts for ${e}`, 3, "C01", `engine=${e}`);
    line(`ECU-PT-${e}`, `powertrain control unit ${e}`, 1, "C01", `engine=${e}`);
    if (!ev) for (const d of ["FWD", "AWD"]) line(`EXHAUST-${e}-${d}`, `exhaust system ${e} ${d}`, 1, "C06", `engine=${e} and drive=${d}`);
    for (const d of ["FWD", "RWD", "AWD"]) line(`DRIVESHAFT-${e}-${d}`, `drive shafts ${e} ${d}`, d === "AWD" ? 4 : 2, "C05", `engine=${e} and drive=${d}`);
  }
  for (const e of ["P1", "P2", "D1", "HEV", "PH"]) line(`OIL-${e}`, `engine oil fill ${e}`, e === "D1" ? 5.2 : 4.3, "F10", `engine=${e}`, "l");
  line("FUEL-FIRST", "first fill fuel", 7, "F10", "not fuel_tank=NONE", "l");
  line("HV-SHIELD", "high-voltage underbody shielding", 1, "C06", "engine in {PH, EV1, EV2}");
  line("HV-HARNESS", "high-voltage harness", 1, "C02", "engine in {PH, EV1, EV2}");
  line("HV-LABELS", "HV warning labels", 6, "Q06", "engine in {PH, EV1, EV2}");
  line("CHARGE-CABLE-M3", "mode 3 charging cable", 1, "F14", "charger in {AC7, AC11, AC22}");
  line("CHARGE-CABLE-M2", "mode 2 portable charger", 1, "F14", "charger in {AC7, AC11, AC22} and market in {EU, CH, NO}");
  for (const t of ["T40", "T50", "T58"]) line(`FUELPUMP-${t}`, `fuel pump module ${t}`, 1, "C02", `fuel_tank=${t}`);
  for (const r of ["SUNROOF", "PANO"]) for (const c of ["BODY", "BLACK", "SILVER"]) line(`ROOFSEAL-${r}-${c}`, `roof glass seal ${r} ${c}`, 1, "T04", `roof=${r} and roof_colour=${c}`);
  for (const r of ["STD", "SUNROOF", "PANO"]) line(`HEADLINER-CUT-${r}`, `headliner cut-out ${r}`, 1, "T05", `roof=${r}`);
  for (const a of ["PLUS", "PILOT"]) for (const s of ["RADAR-F", "RADAR-C", "CAM-F"]) line(`ADAS-${s}-${a}`, `${s.toLowerCase()} for ${a}`, s === "RADAR-C" ? 4 : 1, "F09", `assistance=${a}`);
  line("ADAS-LIDAR", "front lidar", 1, "F09", "assistance=PILOT");
  line("CAM-360-SET", "surround cameras", 4, "F09", "parking in {CAM360, PARK_ASSIST}");
  line("USS-SENSORS", "ultrasonic sensors", 12, "F03", "not parking=NONE");
  for (const s of ["HEAT", "HEAT_VENT", "MASSAGE"]) line(`SEATMAT-${s}`, `seat heating mats (${s})`, 2, "F06", `seat_comfort=${s}`);
  line("VENT-FANS", "seat ventilation fans", 4, "F06", "seat_comfort in {HEAT_VENT, MASSAGE}");
  line("MASSAGE-BLADDERS", "massage bladders", 2, "F06", "seat_comfort=MASSAGE");
  line("HEATED-WS", "heated windscreen", 1, "F04", "winter_pack=yes");
  line("HEATED-WHEEL", "heated steering wheel", 1, "F11", "winter_pack=yes");
  line("WIRELESS-CHG", "wireless phone charger", 1, "T09", "tech_pack=yes or trim=EDITION1");
  line("PADDLES", "shift paddles", 1, "F11", "sport_pack=yes and not gearbox=M6");
  line("BLACK-TRIM", "gloss black exterior trim", 1, "F12", "sport_pack=yes or trim=EDITION1");
  line("ED1-PLAQUE", "Edition One numbered plaque", 1, "F14", "trim=EDITION1");
  line("WS-HUD", "HUD-ready windscreen wedge", 1, "F04", "hud=yes");
  line("AWD-REAR-UNIT", "rear drive unit", 1, "C05", "drive=AWD and not engine=EV2");
  line("EV2-REAR-MOTOR", "rear e-motor 150 kW", 1, "C05", "engine in {EV1, EV2}");
  line("EV2-FRONT-MOTOR", "front e-motor 100 kW", 1, "C01", "engine=EV2");
  line("TOW-SOCKET-13", "13-pin trailer socket", 1, "C07", "not tow_bar=NONE");
  line("TOW-ECU", "trailer module", 1, "C07", "not tow_bar=NONE");
  line("AIR-COMPRESSOR", "air suspension compressor", 1, "C08", "suspension=AIR");
  line("ADAPT-DAMPERS", "adaptive dampers", 4, "C08", "suspension in {ADAPTIVE, AIR}");
  for (const l of ["LED", "MATRIX"]) line(`DRL-${l}`, `daytime running light module ${l}`, 2, "F02", `lighting=${l}`);
  line("HEADLAMP-LEVEL", "automatic headlamp levelling", 1, "F02", "lighting in {LED, MATRIX}");
  line("SPEAKER-SUB", "subwoofer", 1, "T06", "audio=HIFI14");
  line("AMP-HK", "Harman Kardon amplifier", 1, "T06", "audio=HIFI14");
  line("PRIV-GLASS", "rear privacy glass set", 1, "F04", "glazing in {PRIVACY, ACOUSTIC}");
  line("ACOUSTIC-FRONT", "acoustic front side glass", 2, "F04", "glazing=ACOUSTIC");
  line("KEYLESS-ANT", "keyless antennas", 5, "T03", "keyless=yes");
  line("HANDLE-KEYLESS", "keyless door handles", 4, "F08", "keyless=yes");
  line("HANDLE-STD", "standard door handles", 4, "F08", "keyless=no");
  return lines;
}

const STATION_OF: Record<string, string> = {
  bodystyle: "T01", engine: "C01", battery: "C02", gearbox: "C01", drive: "C05", fuel_tank: "C02", charger: "T07", steering: "T09", paint: "Q05", roof_colour: "T04", roof: "T04", roof_rails: "F12",
  wheels: "C09", tyres: "C09", lighting: "F02", glazing: "F04", mirrors: "F08", tow_bar: "C07", interior: "F05", seats: "F05", seat_comfort: "F06", rear_seats: "F05", climate: "T07", heat_pump: "T07",
  infotainment: "T10", audio: "T10", hud: "T10", assistance: "F09", parking: "F09", keyless: "T03", winter_pack: "F04", tech_pack: "T10", sport_pack: "F12", suspension: "C08",
};
const QTY_OF: Record<string, number> = { wheels: 4, mirrors: 2, lighting: 2, roof_rails: 2 };
const FAMILY_LABEL: Record<string, string> = Object.fromEntries(F.map(([id, label]) => [id, label]));

function work(): ProductModel["work"] {
  const items: ProductModel["work"] = [];
  const w = (station: string, seconds: number, label: string, when?: string): void => void items.push({ id: `W${String(items.length + 1).padStart(3, "0")}`, station, label, seconds, ...(when ? { when } : {}) });
  const BASE: Record<string, number> = { T01: 55, T02: 62, T03: 58, T04: 20, T05: 60, T06: 64, T07: 48, T08: 60, T09: 70, T10: 45, C01: 60, C02: 40, C03: 75, C04: 70, C05: 35, C06: 40, C07: 45, C08: 60, C09: 70, C10: 65, F01: 66, F02: 50, F03: 68, F04: 72, F05: 70, F06: 20, F07: 75, F08: 62, F09: 30, F10: 70, F11: 60, F12: 40, F13: 65, F14: 50, Q01: 75, Q02: 80, Q03: 70, Q04: 30, Q05: 60, Q06: 75 };
  for (const [s, sec] of Object.entries(BASE)) w(s, sec, "base work");
  w("T03", 25, "roof harness for glass roof", "roof in {SUNROOF, PANO}");
  w("T04", 45, "sunroof cassette", "roof=SUNROOF");
  w("T04", 70, "panoramic roof glass", "roof=PANO");
  w("T05", 15, "headliner cut-out trim", "roof in {SUNROOF, PANO}");
  w("T06", 20, "subwoofer and amplifier", "audio=HIFI14");
  w("T06", 10, "extra insulation", "glazing=ACOUSTIC");
  w("T07", 40, "heat pump", "heat_pump=yes");
  w("T07", 15, "3-zone climate", "climate=AUTO3");
  w("T07", 18, "on-board charger", "charger in {AC7, AC11, AC22}");
  w("T08", 25, "fuel lines", "not fuel_tank=NONE");
  w("T09", 20, "RHD cockpit", "steering=RHD");
  w("T10", 30, "head-up display", "hud=yes");
  w("T10", 15, "large navigation screen", "infotainment=NAV13");
  w("C01", 25, "front e-motor", "engine=EV2");
  w("C01", 15, "hybrid module", "engine in {HEV, PH}");
  w("C02", 50, "HV battery pack", "engine in {EV1, EV2}");
  w("C02", 30, "plug-in battery", "engine=PH");
  w("C02", 20, "fuel tank", "not fuel_tank=NONE");
  w("C05", 45, "rear drive unit", "drive=AWD");
  w("C05", 30, "rear e-motor", "engine=EV1");
  w("C06", 35, "exhaust system", "engine in {P1, P2, D1, HEV, PH}");
  w("C06", 25, "e-drive shielding", "engine in {PH, EV1, EV2}");
  w("C07", 40, "tow bar", "tow_bar=FIXED");
  w("C07", 55, "electric tow bar", "tow_bar=ELECTRIC");
  w("C08", 50, "air suspension", "suspension=AIR");
  w("C08", 25, "adaptive dampers", "suspension=ADAPTIVE");
  w("C09", 10, "large wheels handling", "wheels in {W20D, W21B}");
  w("F02", 20, "matrix LED coding", "lighting=MATRIX");
  w("F04", 15, "heated windscreen connector", "winter_pack=yes");
  w("F05", 20, "power seat connectors", "seats in {POWER, POWER_MEM}");
  w("F06", 35, "seat heating", "seat_comfort=HEAT");
  w("F06", 55, "seat heating and ventilation", "seat_comfort=HEAT_VENT");
  w("F06", 75, "massage seats", "seat_comfort=MASSAGE");
  w("F06", 20, "heated rear seats", "rear_seats=HEATED");
  w("F08", 15, "power-fold mirrors", "mirrors in {POWERFOLD, POWERDIM}");
  w("F08", 10, "keyless handles", "keyless=yes");
  w("F09", 25, "radar and camera", "assistance=PLUS");
  w("F09", 50, "Pilot sensor set with lidar", "assistance=PILOT");
  w("F09", 35, "360° cameras", "parking in {CAM360, PARK_ASSIST}");
  w("F10", 10, "oil fill", "engine in {P1, P2, D1, HEV, PH}");
  w("F10", 12, "battery coolant fill", "engine in {EV1, EV2}");
  w("F12", 30, "roof rails", "roof_rails in {SILVER, BLACK}");
  w("F12", 20, "black exterior trim", "sport_pack=yes or trim=EDITION1");
  w("F13", 25, "ADAS and HV software", "assistance=PILOT or engine in {EV1, EV2}");
  w("F14", 15, "Edition One plaque", "trim=EDITION1");
  w("Q01", 20, "matrix LED aim", "lighting=MATRIX");
  w("Q02", 25, "AWD roller test", "drive=AWD");
  w("Q03", 15, "glass roof water test", "roof=PANO");
  w("Q04", 40, "ADAS calibration Plus", "assistance=PLUS");
  w("Q04", 70, "ADAS calibration Pilot", "assistance=PILOT");
  w("Q04", 30, "camera calibration", "parking in {CAM360, PARK_ASSIST}");
  w("Q05", 25, "matte paint inspection", "paint=MATTE_GREY");
  w("Q06", 20, "HV safety check", "engine in {PH, EV1, EV2}");
  return items;
}
