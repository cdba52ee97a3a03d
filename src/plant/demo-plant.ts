import { idFromSlug, seconds } from "../kernel/index.js";
import { validateSite, type Site, type Station, type StationType } from "./model.js";

/**
 * The demo plant: one mixed-model final-assembly line at a 90 s takt with 40 stations,
 * laid out the way a compact-SUV final assembly runs: trim 1 (doors off, harness, interior),
 * chassis (marriage of body and powertrain), trim 2, final, and test/inspection.
 * Station codes (T01…, C01…, F01…, Q01…) are the keys the catalog's work content,
 * device topics and the simulator use.
 */
const STATIONS: readonly [code: string, name: string, type: StationType, zone: string, work: string[], buffer?: number][] = [
  ["T01", "Doors off and body ID scan", "automated", "trim1", ["doors_off", "vin_scan"]],
  ["T02", "Wiring harness, cockpit side", "manual", "trim1", ["harness"]],
  ["T03", "Wiring harness, rear and roof", "manual", "trim1", ["harness", "roof_harness"]],
  ["T04", "Sunroof and panoramic roof", "manual", "trim1", ["sunroof"]],
  ["T05", "Headliner and roof trim", "manual", "trim1", ["headliner"]],
  ["T06", "Sound insulation and carpets", "manual", "trim1", ["insulation"]],
  ["T07", "Heat pump and HVAC module", "manual", "trim1", ["hvac", "heat_pump"]],
  ["T08", "Brake and fuel lines", "manual", "trim1", ["lines"]],
  ["T09", "Cockpit module install", "automated", "trim1", ["cockpit"]],
  ["T10", "Infotainment and head-up display", "manual", "trim1", ["infotainment", "hud"], 4],
  ["C01", "Powertrain preparation", "manual", "chassis", ["powertrain_prep"]],
  ["C02", "Battery pack / fuel tank install", "automated", "chassis", ["battery", "fuel_tank"]],
  ["C03", "Marriage: body and powertrain", "marriage", "chassis", ["marriage"]],
  ["C04", "Marriage bolt-up and torque", "automated", "chassis", ["torque"]],
  ["C05", "Rear axle and 4WD drive unit", "manual", "chassis", ["rear_axle", "awd"]],
  ["C06", "Exhaust or e-drive shielding", "manual", "chassis", ["exhaust", "shielding"]],
  ["C07", "Tow bar and underbody", "manual", "chassis", ["tow_bar", "underbody"]],
  ["C08", "Wheel alignment prep and suspension", "manual", "chassis", ["suspension", "air_suspension"]],
  ["C09", "Wheels mount", "automated", "chassis", ["wheels"]],
  ["C10", "Wheel nut runner", "automated", "chassis", ["wheels", "torque"], 4],
  ["F01", "Front-end module", "manual", "final", ["front_end"]],
  ["F02", "Headlamps and matrix LED", "manual", "final", ["lighting"]],
  ["F03", "Bumpers", "manual", "final", ["bumpers"]],
  ["F04", "Windshield and glazing", "automated", "final", ["glazing"]],
  ["F05", "Seats install", "automated", "final", ["seats"]],
  ["F06", "Seat heating, ventilation and massage", "manual", "final", ["seat_comfort"]],
  ["F07", "Door line: doors on", "manual", "final", ["doors_on"]],
  ["F08", "Door trim and mirrors", "manual", "final", ["door_trim"]],
  ["F09", "ADAS sensors and cameras", "manual", "final", ["adas"]],
  ["F10", "Fluids fill", "automated", "final", ["fluids"]],
  ["F11", "Steering wheel and airbags", "manual", "final", ["airbags"]],
  ["F12", "Roof rails and exterior trim", "manual", "final", ["roof_rails", "exterior_trim"]],
  ["F13", "Software flash and coding", "automated", "final", ["flash"]],
  ["F14", "Final trim and badges", "manual", "final", ["badges"], 6],
  ["Q01", "Wheel alignment and headlamp aim", "test", "test", ["alignment"]],
  ["Q02", "Roller test and brakes", "test", "test", ["roller"]],
  ["Q03", "Water test", "test", "test", ["water"]],
  ["Q04", "ADAS calibration", "test", "test", ["adas_calibration"]],
  ["Q05", "Visual paint and surface inspection", "inspection", "test", ["visual_inspection"]],
  ["Q06", "Final audit and quality gate", "inspection", "test", ["audit", "gate"]],
];

/** Builds the demo site: enterprise Takt Motors, site Leipzig, area assembly, line A1. */
export function demoPlant(): Site {
  const stations: Station[] = STATIONS.map(([code, name, type, zone, work, buffer], i) => ({
    id: idFromSlug("station", `a1-${code}`),
    code,
    name,
    type,
    position: i + 1,
    zone,
    bufferAfter: buffer ?? 0,
    work,
  }));
  return validateSite({
    id: idFromSlug("site", "leipzig"),
    name: "Leipzig vehicle plant",
    enterprise: "Takt Motors",
    timezone: "Europe/Berlin",
    areas: [
      {
        id: idFromSlug("area", "assembly"),
        name: "Final assembly",
        lines: [{ id: idFromSlug("line", "a1"), code: "A1", name: "Final assembly line A1 (mixed model)", takt: seconds(90), mixedModel: true, stations }],
      },
    ],
  });
}
