import type { Line, Me, Site, Station, StationType } from "../api";

// A stand-in for the server's demo plant (line A1: 40 stations in four zones, buffers after T10, C10 and F14),
// built here because web/ never imports src/.
const ZONES: readonly [prefix: string, zone: string, count: number, buffer: number][] = [
  ["T", "trim1", 10, 4],
  ["C", "chassis", 10, 4],
  ["F", "final", 14, 6],
  ["Q", "test", 6, 0],
];

export function demoLine(): Line {
  const stations: Station[] = [];
  for (const [prefix, zone, count, buffer] of ZONES) {
    for (let i = 1; i <= count; i++) {
      const code = `${prefix}${String(i).padStart(2, "0")}`;
      const type: StationType = code === "C03" ? "marriage" : prefix === "Q" ? (i > 4 ? "inspection" : "test") : i % 3 === 0 ? "automated" : "manual";
      stations.push({
        id: `stn_a1-${code.toLowerCase()}`,
        code,
        name: `Station ${code}`,
        type,
        position: stations.length + 1,
        zone,
        bufferAfter: i === count ? buffer : 0,
        work: [`work_${code.toLowerCase()}`],
      });
    }
  }
  return { id: "line_a1", code: "A1", name: "Final assembly line A1 (mixed model)", takt: 90, mixedModel: true, stations };
}

export function demoSite(): Site {
  return {
    id: "site_leipzig",
    name: "Leipzig vehicle plant",
    enterprise: "Takt Motors",
    timezone: "Europe/Berlin",
    areas: [{ id: "area_assembly", name: "Final assembly", lines: [demoLine()] }],
  };
}

export function me(role: Me["role"], customerId: string | null = null): Me {
  return { tokenId: `tok_${role}`, role, customerId, name: `Demo ${role}` };
}
