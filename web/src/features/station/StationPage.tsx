import { useEffect, useState, type FormEvent, type ReactNode } from "react";
import { ApiError, type Line, type WorkInstructions } from "../../api";
import { humanize } from "../../app/format";
import { useStore } from "../../app/store-context";
import { useApiErrors } from "../../app/use-remote";
import { PageHeading } from "../areas/PageHeading";
import { usePlant } from "../line/use-plant";
import type { AreaDef } from "../nav/areas";
import "./station.css";

type Current = { readonly status: "loading" } | { readonly status: "empty"; readonly message: string } | { readonly status: "ready"; readonly wi: WorkInstructions } | { readonly status: "error"; readonly message: string };

const POLL_MS = 2000;

/** The operator's station: the unit at the station now, its work instructions (tasks and standard times against takt) and the parts to scan. */
export function StationPage({ area }: { readonly area: AreaDef }): ReactNode {
  const plant = usePlant();
  const line = plant.status === "ready" ? (plant.data.areas[0]?.lines[0] ?? null) : null;
  return (
    <section className="page station-page" aria-labelledby="h-station">
      <PageHeading id="h-station">{area.label}</PageHeading>
      {plant.status === "error" && (
        <p role="alert" className="error">
          The plant could not be loaded: {plant.message}
        </p>
      )}
      {line ? <StationScreen line={line} /> : plant.status !== "error" && <p className="muted">Loading…</p>}
    </section>
  );
}

function StationScreen({ line }: { readonly line: Line }): ReactNode {
  const { api } = useStore();
  const onError = useApiErrors();
  const [code, setCode] = useState(() => sessionStorage.getItem("takt.station") ?? line.stations[0]?.code ?? "");
  const [current, setCurrent] = useState<Current>({ status: "loading" });
  useEffect(() => {
    sessionStorage.setItem("takt.station", code);
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    setCurrent({ status: "loading" });
    const tick = (): void => {
      api.instructions(line.code, code, abort.signal).then(
        (wi) => {
          if (abort.signal.aborted) return;
          setCurrent((prev) => (prev.status === "ready" && JSON.stringify(prev.wi) === JSON.stringify(wi) ? prev : { status: "ready", wi }));
          timer = setTimeout(tick, POLL_MS);
        },
        (err: unknown) => {
          if (abort.signal.aborted) return;
          if (err instanceof ApiError && err.status === 409) {
            setCurrent({ status: "empty", message: "No unit is at this station now. The screen updates when one arrives." });
            timer = setTimeout(tick, POLL_MS);
            return;
          }
          const message = onError(err);
          if (message !== null) setCurrent({ status: "error", message });
        },
      );
    };
    tick();
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [api, line.code, code, onError]);

  return (
    <>
      <div className="toolbar">
        <label htmlFor="st-code">Station</label>
        <select id="st-code" value={code} onChange={(e) => setCode(e.target.value)}>
          {line.stations.map((s) => (
            <option key={s.code} value={s.code}>
              {s.code} · {s.name}
            </option>
          ))}
        </select>
        <span className="muted">Line {line.code} · takt {line.takt} s</span>
      </div>
      <div aria-live="polite">
        {current.status === "loading" && <p className="muted">Loading…</p>}
        {current.status === "empty" && <p className="notice">{current.message}</p>}
        {current.status === "error" && (
          <p role="alert" className="error">
            {current.message}
          </p>
        )}
      </div>
      {current.status === "ready" && <Instructions key={current.wi.unitId} wi={current.wi} />}
      <p className="muted andon-note">
        Andon: the station&apos;s device raises andon calls (the API accepts them from device tokens only), so there is no andon button here yet.
      </p>
    </>
  );
}

function Instructions({ wi }: { readonly wi: WorkInstructions }): ReactNode {
  const [scanned, setScanned] = useState<ReadonlySet<string>>(new Set());
  const [scan, setScan] = useState("");
  const [scanMessage, setScanMessage] = useState<string | null>(null);
  const load = Math.round((wi.taskSeconds / wi.taktSeconds) * 100);
  const onScan = (event: FormEvent): void => {
    event.preventDefault();
    const code = scan.trim();
    const part = wi.parts.find((p) => p.partNumber.toLowerCase() === code.toLowerCase());
    setScanMessage(part ? `Scanned ${part.partNumber}: ${part.description}.` : `${code} is not a part of this unit at this station.`);
    if (part) setScanned((prev) => new Set(prev).add(part.partNumber));
    setScan("");
  };
  return (
    <div className="station-grid" data-unit={wi.unitId}>
      <article className="card" aria-labelledby="h-unit">
        <h2 id="h-unit">
          Unit <span className="order-id">{wi.unitId}</span>
        </h2>
        <p className="muted">
          Order {wi.orderId} · model {wi.modelVersion} · {wi.station} {wi.stationName}
        </p>
        <h3 className="sub">Work instructions</h3>
        <ol className="tasks">
          {wi.tasks.map((t, i) => (
            <li key={i} className={t.option ? "task option" : "task"}>
              <span>
                {t.label}
                {t.option && <span className="badge option-badge">option</span>}
              </span>
              <span className="task-time">{t.seconds} s</span>
            </li>
          ))}
        </ol>
        <p className={load > 100 ? "load over" : "load"}>
          {wi.taskSeconds} s of work in a takt of {wi.taktSeconds} s ({load} %)
        </p>
        <meter min={0} max={wi.taktSeconds} high={wi.taktSeconds * 0.95} optimum={wi.taktSeconds * 0.7} value={Math.min(wi.taskSeconds, wi.taktSeconds * 1.5)} aria-label="Work content against takt" />
        <details>
          <summary>The unit&apos;s configuration</summary>
          <p className="small">{Object.entries(wi.selections).map(([f, v]) => `${humanize(f)} ${v}`).join(" · ")}</p>
        </details>
      </article>
      <article className="card" aria-labelledby="h-parts">
        <h2 id="h-parts">
          Parts to scan ({scanned.size} of {wi.parts.length})
        </h2>
        <form className="scan" onSubmit={onScan}>
          <label htmlFor="scan">Scan or type a part number</label>
          <input id="scan" value={scan} onChange={(e) => setScan(e.target.value)} autoComplete="off" />
          <button type="submit">Check</button>
        </form>
        {scanMessage && (
          <p role="status" className="muted">
            {scanMessage}
          </p>
        )}
        {wi.parts.length === 0 ? (
          <p className="muted">No parts to fit at this station for this unit.</p>
        ) : (
          <ul className="parts">
            {wi.parts.map((p) => (
              <li key={p.partNumber} className={scanned.has(p.partNumber) ? "part done" : "part"}>
                <span aria-hidden="true">{scanned.has(p.partNumber) ? "✓" : "○"}</span> <code>{p.partNumber}</code> {p.description} × {p.quantity}
                {p.unit && p.unit !== "pc" ? ` ${p.unit}` : ""}
                <span className="visually-hidden">{scanned.has(p.partNumber) ? " (scanned)" : " (to scan)"}</span>
              </li>
            ))}
          </ul>
        )}
        <p className="muted small">Scans are checked here against the unit&apos;s 100% BOM; recording them is the station device&apos;s job (part-installed events).</p>
      </article>
    </div>
  );
}
