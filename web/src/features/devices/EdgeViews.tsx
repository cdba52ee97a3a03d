import type { ReactNode } from "react";
import type { DeviceIngest, OpcuaClientView, OpcuaTag, SparkplugNode } from "../../api";
import { edgeCounters, edgeWarnings, formatLag, kindLabel, type CounterSample } from "./devices-model";
import { RateChart } from "./RateChart";
import { timeOf } from "./time";

const n = (v: number): string => v.toLocaleString("en");

/** A state in words with a mark, so it does not rest on colour alone. */
function StateBadge({ ok, yes, no }: { readonly ok: boolean; readonly yes: string; readonly no: string }): ReactNode {
  return (
    <span className={`badge state-${ok ? "ok" : "bad"}`} data-ok={ok}>
      <span aria-hidden="true">{ok ? "● " : "○ "}</span>
      {ok ? yes : no}
    </span>
  );
}

const MODE: Record<DeviceIngest["mode"], string> = { embedded: "Embedded broker", external: "External broker", off: "Off" };

/** The MQTT edge: mode, where devices connect, connection, counters, dead letters by kind, lag, the rate chart. */
export function MqttEdgeView({ ingest, samples, pollMs }: { readonly ingest: DeviceIngest; readonly samples: readonly CounterSample[]; readonly pollMs: number }): ReactNode {
  const c = ingest.stats ? edgeCounters(ingest.stats) : null;
  const warnings = edgeWarnings(ingest.mode, c);
  return (
    <>
      <dl className="facts edge-facts">
        <div>
          <dt>Mode</dt>
          <dd data-testid="mqtt-mode">{MODE[ingest.mode]}</dd>
        </div>
        {ingest.url && (
          <div>
            <dt>Devices connect to</dt>
            <dd className="mono">{ingest.url}</dd>
          </div>
        )}
        {c && (
          <div>
            <dt>Connection</dt>
            <dd>
              <StateBadge ok={c.connected} yes="connected" no="not connected" />
            </dd>
          </div>
        )}
        <div>
          <dt>Telemetry samples stored</dt>
          <dd>{n(ingest.telemetrySamples)}</dd>
        </div>
      </dl>
      {warnings.length > 0 ? (
        <ul className="edge-warnings" aria-label="Needs a look">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : (
        c && <p className="edge-ok">Nothing dropped: every message received so far is stored, counted as a duplicate or pending.</p>
      )}
      {c && (
        <div className="edge-grid">
          <table className="data counters" data-testid="mqtt-counters">
            <caption>Messages since the start</caption>
            <tbody>
              {(
                [
                  ["Received", c.received],
                  ["Stored", c.stored],
                  ["Duplicates (applied once)", c.duplicates],
                  ["Dead letters", c.deadLettersTotal],
                  ["Pending (not yet stored)", c.pending],
                  ["Store errors", c.storeErrors],
                ] as const
              ).map(([label, v]) => (
                <tr key={label} data-counter={label.split(" ")[0]!.toLowerCase()}>
                  <th scope="row">{label}</th>
                  <td className={v > 0 && (label === "Store errors" || label === "Dead letters") ? "bad" : undefined}>{n(v)}</td>
                </tr>
              ))}
              <tr data-counter="lag">
                <th scope="row">Ingest lag (last batch / worst)</th>
                <td>
                  {formatLag(c.lastLagMs)} / {formatLag(c.maxLagMs)}
                </td>
              </tr>
            </tbody>
          </table>
          <table className="data counters" data-testid="dead-letter-kinds">
            <caption>Dead letters by reason</caption>
            <tbody>
              {Object.entries(c.deadLetters).map(([kind, v]) => (
                <tr key={kind} data-kind={kind}>
                  <th scope="row">{kindLabel(kind)}</th>
                  <td className={v > 0 ? "bad" : undefined}>{n(v)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <RateChart samples={samples} pollMs={pollMs} />
        </div>
      )}
    </>
  );
}

/** Sparkplug B edge nodes and their devices, online or offline (NBIRTH/NDEATH, DBIRTH/DDEATH). */
export function SparkplugNodes({ nodes }: { readonly nodes: readonly SparkplugNode[] }): ReactNode {
  if (nodes.length === 0) return <p className="muted">No Sparkplug B edge node has been born yet.</p>;
  return (
    <table className="data sparkplug" data-testid="sparkplug-nodes">
      <caption>Sparkplug B edge nodes ({nodes.filter((x) => x.online).length} of {nodes.length} online)</caption>
      <thead>
        <tr>
          <th scope="col">Group (line)</th>
          <th scope="col">Edge node</th>
          <th scope="col">State</th>
          <th scope="col">bdSeq</th>
          <th scope="col">Devices (stations)</th>
        </tr>
      </thead>
      <tbody>
        {nodes.map((node) => (
          <tr key={`${node.group}/${node.edge}`} data-online={node.online}>
            <td>{node.group}</td>
            <th scope="row">{node.edge}</th>
            <td>
              <StateBadge ok={node.online} yes="online" no="offline" />
            </td>
            <td>{node.bdSeq ?? "–"}</td>
            <td>
              {node.devices.length === 0 ? (
                <span className="muted">none</span>
              ) : (
                <ul className="device-list">
                  {node.devices.map((d) => (
                    <li key={d.device}>
                      {d.device} <StateBadge ok={d.online} yes="online" no="offline" />
                    </li>
                  ))}
                </ul>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const STALE_REASON: Record<string, string> = { silent: "no good value in time", bad_status: "bad status", disconnected: "disconnected" };

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** The OPC UA client: connection, its last error, counters, and every mapped tag with its freshness. */
export function OpcuaView({ view }: { readonly view: OpcuaClientView }): ReactNode {
  if (!view.configured) return <p className="muted">No OPC UA server is subscribed to (no tag map: TAKT_OPCUA_TAGMAP).</p>;
  const s = view.stats ?? {};
  const connected = s["connected"] === true;
  const lastError = typeof s["lastError"] === "string" ? s["lastError"] : null;
  const stale = view.tags.filter((t) => t.stale).length;
  const counters: [string, unknown][] = [
    ["Value changes", s["notifications"]],
    ["Bad values", s["badNotifications"]],
    ["Connection losses", s["connectionLosses"]],
    ["Sessions repaired", s["sessionRepairs"]],
  ];
  return (
    <>
      <dl className="facts edge-facts">
        <div>
          <dt>Server</dt>
          <dd className="mono">{view.endpoint}</dd>
        </div>
        <div>
          <dt>Connection</dt>
          <dd>
            <StateBadge ok={connected} yes="connected" no="not connected" />
          </dd>
        </div>
        <div>
          <dt>Stale tags</dt>
          <dd className={stale > 0 ? "bad" : undefined}>
            {stale} of {view.tags.length}
          </dd>
        </div>
        {counters.map(([label, v]) =>
          num(v) === null ? null : (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{n(num(v)!)}</dd>
            </div>
          ),
        )}
      </dl>
      {lastError && (
        <p className="error" role="status">
          Last connection attempt failed: {lastError}
        </p>
      )}
      <table className="data opcua-tags" data-testid="opcua-tags">
        <caption>Mapped tags</caption>
        <thead>
          <tr>
            <th scope="col">Tag</th>
            <th scope="col">Station</th>
            <th scope="col">Meaning</th>
            <th scope="col">Freshness</th>
            <th scope="col">Status</th>
            <th scope="col">Last value</th>
            <th scope="col">Last good value at</th>
            <th scope="col">Updates</th>
          </tr>
        </thead>
        <tbody>
          {view.tags.map((t) => (
            <TagRow key={t.nodeId} t={t} />
          ))}
        </tbody>
      </table>
    </>
  );
}

function TagRow({ t }: { readonly t: OpcuaTag }): ReactNode {
  return (
    <tr data-tag={t.name} data-stale={t.stale} className={t.stale ? "stale" : undefined}>
      <th scope="row">
        {t.name}
        {t.name !== t.nodeId && <div className="mono muted">{t.nodeId}</div>}
      </th>
      <td>
        {t.line} {t.station}
      </td>
      <td>{t.meaning.replace(/_/g, " ")}</td>
      <td>
        {t.stale ? (
          <>
            <StateBadge ok={false} yes="" no="stale" /> {STALE_REASON[t.staleReason ?? ""] ?? t.staleReason ?? ""}
            {t.staleSince && <> since {timeOf(t.staleSince)}</>}
          </>
        ) : (
          <StateBadge ok={true} yes="fresh" no="" />
        )}
      </td>
      <td className={/^Good/.test(t.status) ? undefined : "bad"}>{t.status}</td>
      <td className="mono">{t.lastValue ?? "–"}</td>
      <td>{t.lastGoodAt ? timeOf(t.lastGoodAt) : "never"}</td>
      <td>{n(t.updates)}</td>
    </tr>
  );
}
