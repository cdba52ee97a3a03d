import type { SimStation, StationSignal } from "../../execution/index.js";
import type { DeviceVariable } from "./device-server.js";
import type { TagMapFile } from "./tag-map.js";

/** The resource path of the simulator's OPC UA server. */
export const SIM_OPCUA_PATH = "/takt-sim";
/** The andon reason the simulator's stations report (and the tag map names for Boolean andons). */
export const SIM_ANDON_REASON = "help requested";

/** Which simulated stations are served over OPC UA: those with a torque tool, all, or named ones. */
export function opcuaStationsOf(stations: readonly SimStation[], which: string): SimStation[] {
  if (which === "torque") return stations.filter((s) => s.torque);
  if (which === "all") return [...stations];
  const codes = which.split(",").map((s) => s.trim()).filter(Boolean);
  const unknown = codes.filter((c) => !stations.some((s) => s.code === c));
  if (unknown.length > 0) throw new RangeError(`unknown station${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} (expected torque, all or station codes)`);
  return stations.filter((s) => codes.includes(s.code));
}

const vid = (line: string, station: string, name: string) => `${line}.${station}.${name}`;

/**
 * The variables a simulated OPC UA station exposes, as a nut runner or a PLC would:
 * `<line>.<station>.Unit` (the unit in the station, "" when empty), `Andon` (Boolean), `Fault`
 * (the fault code, "" when none), and by the station's work `Torque` (N·m) or `PartSerial` and
 * `PartLot`. And the tag map that tells Takt what they mean.
 */
export function simulatedOpcuaStations(line: string, stations: readonly SimStation[], endpoint: string): { variables: DeviceVariable[]; tagMap: TagMapFile } {
  const variables: DeviceVariable[] = [];
  const tags: TagMapFile["tags"] = [];
  const add = (station: string, name: string, dataType: DeviceVariable["dataType"], initial: string | number | boolean, tag: Omit<TagMapFile["tags"][number], "nodeId" | "station" | "name">) => {
    const id = vid(line, station, name);
    variables.push({ id, dataType, initial });
    tags.push({ nodeId: `ns=1;s=${id}`, name: `${station}.${name}`, station, ...tag });
  };
  for (const s of stations) {
    add(s.code, "Unit", "String", "", { meaning: "current_unit" });
    if (s.partNumber) {
      add(s.code, "PartLot", "String", "", { meaning: "part_lot", partNumber: s.partNumber });
      add(s.code, "PartSerial", "String", "", { meaning: "part_serial", partNumber: s.partNumber });
    }
    if (s.torque) add(s.code, "Torque", "Double", 0, { meaning: "operation_value", characteristic: "torque", operation: "tighten", uom: "N·m", min: s.torque.min, max: s.torque.max });
    add(s.code, "Andon", "Boolean", false, { meaning: "andon", reason: SIM_ANDON_REASON });
    add(s.code, "Fault", "String", "", { meaning: "fault" });
  }
  return { variables, tagMap: { endpoint, line, defaults: { samplingMs: 0, publishingMs: 50, staleAfterMs: 0 }, tags } };
}

/** The variable writes that report a station signal over OPC UA (source time = the signal's time). */
export function opcuaWritesOf(s: StationSignal): { id: string; value: string | number | boolean; at: number }[] {
  const v = (name: string) => vid(s.line, s.station, name);
  switch (s.kind) {
    case "unit_entered":
      return [{ id: v("Unit"), value: s.unit, at: s.at }];
    case "unit_left":
      return [{ id: v("Unit"), value: "", at: s.at }];
    case "part_installed":
      // The lot first (a state), then the serial (the event that reads it).
      return [
        { id: v("PartLot"), value: s.lot, at: s.at - 1 },
        { id: v("PartSerial"), value: s.serial, at: s.at },
      ];
    case "operation_done":
      return s.values.filter((m) => m.name === "torque").map((m) => ({ id: v("Torque"), value: m.value, at: s.at }));
    case "andon_raised":
      return [{ id: v("Andon"), value: true, at: s.at }];
    case "andon_cleared":
      return [{ id: v("Andon"), value: false, at: s.at }];
    case "fault_raised":
      return [{ id: v("Fault"), value: s.code, at: s.at }];
    case "fault_cleared":
      return [{ id: v("Fault"), value: "", at: s.at }];
    case "state_reported":
      return [];
  }
}
