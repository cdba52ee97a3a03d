import { useEffect, useState, type ReactNode } from "react";
import { PageHeading } from "../areas/PageHeading";
import type { AreaDef } from "../nav/areas";
import { DeadLetterList } from "./DeadLetterList";
import { MqttEdgeView, OpcuaView, SparkplugNodes } from "./EdgeViews";
import { agoSeconds } from "./time";
import { POLL_MS, useDeadLetters, useIngest, useOpcua, type Polled } from "./use-devices";
import "./devices.css";

/**
 * Devices: the device edge at a glance for whoever connects stations — the MQTT ingest (mode,
 * connection, counters, dead letters by reason, lag, a received-vs-stored rate chart), the Sparkplug
 * edge nodes, the OPC UA client's tags, and the latest dead letters. Polled every 2 s; a poll that
 * fails keeps the last values on screen and says so.
 */
export function DevicesPage({ area }: { readonly area: AreaDef }): ReactNode {
  const ingest = useIngest();
  const opcua = useOpcua();
  const dead = useDeadLetters();
  return (
    <section className="page devices-page" aria-labelledby="h-devices">
      <PageHeading id="h-devices">{area.label}</PageHeading>
      <section className="card" aria-labelledby="h-mqtt" data-testid="mqtt-edge">
        <h2 id="h-mqtt">MQTT edge</h2>
        <PollState polled={ingest} what="the MQTT edge" />
        {ingest.data && (
          <>
            <MqttEdgeView ingest={ingest.data} samples={ingest.samples} pollMs={POLL_MS} />
            {ingest.data.mode !== "off" && (
              <>
                <h3>Sparkplug B</h3>
                <SparkplugNodes nodes={ingest.data.sparkplugNodes} />
              </>
            )}
          </>
        )}
      </section>
      <section className="card" aria-labelledby="h-opcua" data-testid="opcua-edge">
        <h2 id="h-opcua">OPC UA client</h2>
        <PollState polled={opcua} what="the OPC UA client" />
        {opcua.data && <OpcuaView view={opcua.data} />}
      </section>
      <section className="card" aria-labelledby="h-dead" data-testid="dead-letters">
        <h2 id="h-dead">Dead letters</h2>
        <PollState polled={dead} what="the dead letters" deniedText="Your role may not read the dead letters (engineers and quality may); their counts by reason are above." />
        {dead.data && <DeadLetterList window={dead.data} onOlder={dead.loadOlder} loadingOlder={dead.loadingOlder} />}
      </section>
    </section>
  );
}

/** Loading, denied, failed (with the age of what is shown) or live, like the other screens say it. */
export function PollState<T>({ polled, what, deniedText, nowMs }: { readonly polled: Polled<T>; readonly what: string; readonly deniedText?: string; readonly nowMs?: number }): ReactNode {
  const now = useNow(polled.error !== null && polled.at !== null && nowMs === undefined);
  if (polled.denied) return <p className="notice">{deniedText ?? `Your role may not see ${what}.`}</p>;
  if (polled.error !== null) {
    return (
      <p role="alert" className="error">
        {polled.data === null || polled.at === null
          ? `${what.charAt(0).toUpperCase()}${what.slice(1)} could not be loaded: ${polled.error}`
          : `Not updating: ${polled.error} The values below are ${agoSeconds(polled.at, nowMs ?? now)} s old.`}
      </p>
    );
  }
  if (polled.data === null)
    return (
      <p className="muted" role="status">
        Loading {what}…
      </p>
    );
  return null;
}

/** The time, ticking every second while `on`. */
function useNow(on: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!on) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [on]);
  return now;
}
