import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { DeadLetter, DeviceIngest, OpcuaClientView } from "../../api";
import { initialState } from "../../app/store";
import { StoreProvider } from "../../app/store-context";
import { me } from "../../test-support/demo-site";
import { offlineApi } from "../../test-support/offline-api";
import { AREAS, areasFor } from "../nav/areas";
import { DeadLetterItem, DeadLetterList, PAYLOAD_PREVIEW } from "./DeadLetterList";
import { DevicesPage, PollState } from "./DevicesPage";
import { MqttEdgeView, OpcuaView, SparkplugNodes } from "./EdgeViews";
import { RateChart } from "./RateChart";

const text = (html: string): string => html.replaceAll("<!-- -->", "");

const ingest = (over: Partial<DeviceIngest> = {}): DeviceIngest => ({
  mode: "embedded",
  url: "mqtt://127.0.0.1:1884",
  stats: {
    connected: true,
    received: 1200,
    stored: 1190,
    duplicates: 4,
    pending: 3,
    storeErrors: 0,
    lastLagMs: 6,
    maxLagMs: 1400,
    deadLetters: { malformed: 2, unknown_device: 1, unknown_alias: 0, duplicate: 0, out_of_order: 0, rejected: 0, not_born: 0 },
  },
  sparkplugNodes: [],
  telemetrySamples: 870,
  ...over,
});

const letter = (seq: number, payload: string, kind = "malformed"): DeadLetter => ({ seq, msgKey: null, at: "2026-03-02T06:10:04.000Z", source: "mqtt:takt/v1/A1/C04/unit-entered", kind, reason: "payload is not JSON", payload });

describe("the Devices area", () => {
  it("is open to engineers and operators (as the API), and to the admin", () => {
    expect(AREAS.find((a) => a.id === "devices")?.roles).toEqual(["engineer", "operator"]);
    expect(areasFor("engineer").map((a) => a.id)).toEqual(["line", "quality", "devices"]);
    expect(areasFor("operator").map((a) => a.id)).toEqual(["line", "station", "devices"]);
    expect(areasFor("admin").map((a) => a.id)).toContain("devices");
    expect(areasFor("planner").map((a) => a.id)).not.toContain("devices");
  });

  it("starts with the three panels loading", () => {
    const html = renderToString(
      <StoreProvider initial={{ ...initialState(null, "devices"), session: { status: "signed-in", token: "t", me: me("engineer") } }} api={offlineApi()}>
        <DevicesPage area={AREAS.find((a) => a.id === "devices")!} />
      </StoreProvider>,
    );
    expect(html).toContain('<h1 id="h-devices" tabindex="-1">Devices</h1>');
    for (const h of ["MQTT edge", "OPC UA client", "Dead letters"]) expect(html).toContain(`>${h}</h2>`);
    expect(text(html)).toContain('<p class="muted" role="status">Loading the MQTT edge…</p>');
    expect(text(html)).toContain("Loading the dead letters…");
  });

  it("says when a poll fails, keeping the last values with their age, and when the role may not read", () => {
    const failing = renderToString(<PollState polled={{ data: 1, error: "Cannot reach the Takt server.", denied: false, at: 10_000 }} what="the MQTT edge" nowMs={16_000} />);
    expect(text(failing)).toBe('<p role="alert" class="error">Not updating: Cannot reach the Takt server. The values below are 6 s old.</p>');
    const never = renderToString(<PollState polled={{ data: null, error: "boom", denied: false, at: null }} what="the MQTT edge" />);
    expect(text(never)).toContain("The MQTT edge could not be loaded: boom");
    const denied = renderToString(<PollState polled={{ data: null, error: "forbidden", denied: true, at: null }} what="the dead letters" deniedText="Not for you." />);
    expect(denied).toBe('<p class="notice">Not for you.</p>');
    expect(renderToString(<PollState polled={{ data: 1, error: null, denied: false, at: 1 }} what="x" />)).toBe("");
  });
});

describe("the MQTT edge", () => {
  it("shows mode, address, connection in words, the counters, dead letters by reason and the lag", () => {
    const html = text(renderToString(<MqttEdgeView ingest={ingest()} samples={[]} pollMs={2000} />));
    expect(html).toContain('<dd data-testid="mqtt-mode">Embedded broker</dd>');
    expect(html).toContain('<dd class="mono">mqtt://127.0.0.1:1884</dd>');
    expect(html).toMatch(/<span class="badge state-ok" data-ok="true"><span aria-hidden="true">● <\/span>connected<\/span>/);
    expect(html).toContain('<tr data-counter="received"><th scope="row">Received</th><td>1,200</td></tr>');
    expect(html).toContain('<tr data-counter="stored"><th scope="row">Stored</th><td>1,190</td></tr>');
    expect(html).toContain('<tr data-counter="dead"><th scope="row">Dead letters</th><td class="bad">3</td></tr>');
    expect(html).toContain('<tr data-counter="pending"><th scope="row">Pending (not yet stored)</th><td>3</td></tr>');
    expect(html).toContain("<td>6 ms / 1.4 s</td>");
    expect(html).toContain('<tr data-kind="unknown_device"><th scope="row">unknown device</th><td class="bad">1</td></tr>');
    expect(html).toContain('<tr data-kind="not_born"><th scope="row">not born</th><td>0</td></tr>');
    expect(html).toContain("3 messages dead-lettered since the start");
  });

  it("warns when not connected or off, and says so when nothing was dropped", () => {
    const down = text(renderToString(<MqttEdgeView ingest={ingest({ mode: "external", url: "mqtts://broker:8883", stats: { connected: false, received: 0, stored: 0 } })} samples={[]} pollMs={2000} />));
    expect(down).toContain("External broker");
    expect(down).toMatch(/○ <\/span>not connected/);
    expect(down).toContain("Not connected to the external broker");
    const off = text(renderToString(<MqttEdgeView ingest={ingest({ mode: "off", url: null, stats: null })} samples={[]} pollMs={2000} />));
    expect(off).toContain("MQTT ingest is off");
    expect(off).not.toContain("data-counter");
    const fine = text(renderToString(<MqttEdgeView ingest={ingest({ stats: { connected: true, received: 5, stored: 5, deadLetters: { malformed: 0 } } })} samples={[]} pollMs={2000} />));
    expect(fine).toContain("Nothing dropped");
  });

  it("draws received vs stored per second as two dashed-apart lines with the rates in words", () => {
    const html = text(
      renderToString(
        <RateChart
          samples={[
            { atMs: 0, received: 0, stored: 0 },
            { atMs: 2000, received: 100, stored: 60 },
            { atMs: 4000, received: 140, stored: 140 },
          ]}
          pollMs={2000}
        />,
      ),
    );
    expect(html).toContain('role="img" aria-label="Messages per second: Now 20/s received, 40/s stored (over the last 2 s); scale 0 to 50/s, 2 intervals between polls."');
    expect(html).toContain('<path class="rate-received" d="M0.0 0.0 L240.0 33.6"></path>');
    expect(html).toContain('<path class="rate-stored" d="M0.0 22.4 L240.0 11.2"></path>');
    // The latest values marked by shape as well: a circle for received, a square for stored.
    expect(html).toContain('<circle class="rate-received-now" cx="240" cy="33.6" r="3"></circle><rect class="rate-stored-now" x="237" y="8.2" width="6" height="6"></rect>');
    expect(text(renderToString(<RateChart samples={[]} pollMs={2000} />))).toContain("Rates appear after the second poll.");
  });

  it("lists Sparkplug edge nodes and their devices online or offline in words", () => {
    const html = text(
      renderToString(
        <SparkplugNodes
          nodes={[
            { group: "A1", edge: "gw-1", online: true, bdSeq: 3, devices: [{ device: "C04", online: true }, { device: "C05", online: false }] },
            { group: "A1", edge: "gw-2", online: false, bdSeq: null, devices: [] },
          ]}
        />,
      ),
    );
    expect(html).toContain("<caption>Sparkplug B edge nodes (1 of 2 online)</caption>");
    expect(html).toMatch(/<li>C04 <span class="badge state-ok" data-ok="true"><span aria-hidden="true">● <\/span>online<\/span><\/li>/);
    expect(html).toMatch(/<li>C05 <span class="badge state-bad" data-ok="false"><span aria-hidden="true">○ <\/span>offline<\/span><\/li>/);
    expect(html).toMatch(/<tr data-online="false"><td>A1<\/td><th scope="row">gw-2<\/th>/);
    expect(text(renderToString(<SparkplugNodes nodes={[]} />))).toContain("No Sparkplug B edge node has been born yet.");
  });
});

describe("the OPC UA client", () => {
  const view: OpcuaClientView = {
    configured: true,
    endpoint: "opc.tcp://plc:4840",
    stats: { connected: false, notifications: 41, badNotifications: 2, connectionLosses: 1, sessionRepairs: 1, lastError: "BadUserAccessDenied" },
    tags: [
      { name: "C04.Torque", nodeId: "ns=3;s=C04.Torque", line: "A1", station: "C04", meaning: "operation_value", stale: false, staleReason: null, staleSince: null, status: "Good", lastValue: "121.4", lastGoodAt: "2026-03-02T06:10:04.000Z", updates: 40 },
      { name: "plc_alive", nodeId: "ns=3;s=C04.Alive", line: "A1", station: "C04", meaning: "telemetry", stale: true, staleReason: "silent", staleSince: "2026-03-02T06:11:00.000Z", status: "BadNoCommunication", lastValue: null, lastGoodAt: null, updates: 1 },
    ],
    transitions: [],
  };

  it("shows the connection, its last error, and each tag fresh or stale with the reason in words", () => {
    const html = text(renderToString(<OpcuaView view={view} />));
    expect(html).toContain('<dd class="mono">opc.tcp://plc:4840</dd>');
    expect(html).toMatch(/○ <\/span>not connected/);
    expect(html).toContain("Last connection attempt failed: BadUserAccessDenied");
    expect(html).toContain('<dd class="bad">1 of 2</dd>');
    expect(html).toContain("<dt>Connection losses</dt><dd>1</dd>");
    expect(html).toMatch(/<tr data-tag="C04.Torque" data-stale="false">.*● <\/span>fresh<\/span>.*<td>Good<\/td><td class="mono">121.4<\/td>/);
    expect(html).toMatch(/<tr data-tag="plc_alive" data-stale="true" class="stale">.*○ <\/span>stale<\/span> no good value in time since .*<td class="bad">BadNoCommunication<\/td><td class="mono">–<\/td><td>never<\/td>/);
    expect(text(renderToString(<OpcuaView view={{ configured: false, endpoint: null, stats: null, tags: [], transitions: [] }} />))).toContain("no tag map: TAKT_OPCUA_TAGMAP");
  });
});

describe("dead letters", () => {
  it("lists them newest first as given, with kind, reason, source and time, and an older-page button", () => {
    const html = text(renderToString(<DeadLetterList window={{ items: [letter(9, "{oops"), letter(7, "x", "unknown_device")], hasOlder: true, skipped: false }} onOlder={() => {}} loadingOlder={false} />));
    expect(html).toContain('<ol class="dead-letters" aria-label="Dead letters, newest first">');
    expect(html.indexOf('data-seq="9"')).toBeLessThan(html.indexOf('data-seq="7"'));
    expect(html).toContain('<span class="badge">unknown device</span> <strong>payload is not JSON</strong>');
    expect(html).toContain('<dd class="mono">mqtt:takt/v1/A1/C04/unit-entered</dd>');
    expect(html).toMatch(/<time dateTime="2026-03-02T06:10:04.000Z" title="2026-03-02T06:10:04.000Z">/);
    expect(html).toContain('<button type="button" class="older">Show older dead letters</button>');
    expect(renderToString(<DeadLetterList window={{ items: [], hasOlder: false, skipped: false }} onOlder={() => {}} loadingOlder={false} />)).toContain("No dead letters");
  });

  it("shows a payload as escaped text, cut with a button that expands it", () => {
    const evil = `<img src=x onerror=alert(1)>\u0000${"A".repeat(400)}`;
    const html = text(renderToString(<DeadLetterItem d={letter(3, evil)} />));
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;\\x00AAA");
    const shown = /<pre class="payload" id="dl-payload-3" aria-label="Payload of dead letter 3, cut">([^<]*)<\/pre>/.exec(html)?.[1] ?? "";
    expect(shown.endsWith("A…")).toBe(true);
    expect(html).toContain('<button type="button" class="link-button" aria-expanded="false" aria-controls="dl-payload-3">Show all 432 characters</button>');
    expect(PAYLOAD_PREVIEW).toBe(160);
    expect(text(renderToString(<DeadLetterItem d={letter(4, "")} />))).toContain("Empty payload.");
    expect(text(renderToString(<DeadLetterItem d={letter(5, "short")} />))).not.toContain("<button");
  });
});
