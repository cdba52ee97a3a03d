import type { StationType } from "../../api";

/** Fill and label per station type. Fills are light so the dark station codes keep a contrast above 7:1. */
export const STATION_TYPES: Readonly<Record<StationType, { readonly label: string; readonly fill: string }>> = {
  manual: { label: "Manual", fill: "#dbe8f7" },
  automated: { label: "Automated", fill: "#d8f0de" },
  marriage: { label: "Marriage", fill: "#fde4bd" },
  test: { label: "Test", fill: "#e8dcf6" },
  inspection: { label: "Inspection", fill: "#f9d9d6" },
  buffer: { label: "Buffer", fill: "#ececec" },
};
