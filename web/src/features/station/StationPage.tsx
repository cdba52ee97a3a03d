import { useEffect, useState, type FormEvent, type ReactNode } from "react";
import type { EmptyStation, Line, StationLive, WorkInstructions } from "../../api";
import { humanize } from "../../app/format";
import { useStore } from "../../app/store-context";
import { useApiErrors } from "../../app/use-remote";
import { PageHeading } from "../areas/PageHeading";
import { useLineLive, type LineLive } from "../line/use-line-live";
import { usePlant } from "../line/use-plant";
import type { AreaDef } from "../nav/areas";
import "./station.css";

type Current =
  | { readonly status: "loading" }
  | { readonly status: "empty"; readonly station: EmptyStation }
  | { readonly status: "ready"; readonly wi: WorkInstructions }
  | { readonly status: "error"; readonly message: string };

/** Reasons offered for an andon call (any other text may be typed). */
export const ANDON_REASONS = ["Material missing", "Quality problem", "Tool or equipment fault", "Need help", "Safety"] as const;

/** The operator's station: the unit at the station now (live), its work instructions against takt, the parts to scan and the andon button. */
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
  const live = useLineLive(line.code);
  const here = live.status === "ready" ? live.state.stations.find((s) => s.code === code) : undefined;
  // The unit at the station, from the live line; the instructions are read again whenever it changes.
  const unitHere = live.status === "ready" ? (here?.unit ?? null) : undefined;
  useEffect(() => {
    sessionStorage.setItem("takt.station", code);
    if (unitHere === undefined) return;
    const abort = new AbortController();
    api.instructions(line.code, code, abort.signal).then(
      (r) => {
        if (abort.signal.aborted) return;
        setCurrent(r.unit === null ? { status: "empty", station: r } : { status: "ready", wi: r });
      },
      (err: unknown) => {
        if (abort.signal.aborted) return;
        const message = onError(err);
        if (message !== null) setCurrent({ status: "error", message });
      },
    );
    return () => abort.abort();
  }, [api, line.code, code, unitHere, onError]);

  return (
    <>
      <div className="toolbar">
        <label htmlFor="st-code">Station</label>
        <select
          id="st-code"
          value={code}
          onChange={(e) => {
            // A change event for the station already shown (a re-selection) must not blank the screen: the
            // instructions are only read again when the code changes.
            if (e.target.value === code) return;
            setCurrent({ status: "loading" });
            setCode(e.target.value);
          }}
        >
          {line.stations.map((s) => (
            <option key={s.code} value={s.code}>
              {s.code} · {s.name}
            </option>
          ))}
        </select>
        <span className="muted">
          Line {line.code} · takt {line.takt} s{here ? ` · station ${humanize(here.state)}` : ""}
        </span>
      </div>
      <AndonPanel key={code} line={line.code} station={code} live={live} here={here} />
      <div aria-live="polite">
        {(current.status === "loading" || unitHere === undefined) && live.status !== "unavailable" && <p className="muted">Loading…</p>}
        {live.status === "unavailable" && <p className="error">The live line is not available: {live.message}</p>}
        {current.status === "empty" && unitHere === null && (
          <p className="notice" data-testid="waiting">
            Waiting for the next unit: no unit is at {current.station.station} {current.station.stationName} now. This screen updates when one arrives.
          </p>
        )}
        {current.status === "error" && (
          <p role="alert" className="error">
            {current.message}
          </p>
        )}
      </div>
      {current.status === "ready" && current.wi.station === code && <Instructions key={current.wi.unitId} line={line.code} wi={current.wi} />}
    </>
  );
}

/** The andon button: raise with a reason (one of the usual ones or typed), clear when help has come. The state is the live line's. */
export function AndonPanel({ line, station, live, here }: { readonly line: string; readonly station: string; readonly live: LineLive; readonly here: StationLive | undefined }): ReactNode {
  const { api } = useStore();
  const onError = useApiErrors();
  const [reason, setReason] = useState<string>(ANDON_REASONS[0]);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ readonly kind: "status" | "alert"; readonly text: string } | null>(null);
  const open = here?.andon ?? null;
  const act = (f: () => Promise<unknown>, done: string): void => {
    setBusy(true);
    setMessage(null);
    f().then(
      () => {
        setBusy(false);
        setMessage({ kind: "status", text: done });
      },
      (err: unknown) => {
        setBusy(false);
        const text = onError(err);
        if (text !== null) setMessage({ kind: "alert", text });
      },
    );
  };
  const onRaise = (e: FormEvent): void => {
    e.preventDefault();
    const r = reason.trim();
    if (!r) {
      setMessage({ kind: "alert", text: "Say why you call andon (the reason)." });
      return;
    }
    act(() => api.raiseAndon(line, station, r), `Andon raised at ${station}: ${r}.`);
  };
  return (
    <section className={open ? "card andon-panel andon-open" : "card andon-panel"} aria-labelledby="h-andon-panel" data-testid="andon-panel">
      <h2 id="h-andon-panel">Andon</h2>
      {live.status !== "ready" ? (
        <p className="muted">Connecting to the line…</p>
      ) : open ? (
        <div className="andon-row">
          <p className="andon-state">
            <strong>Andon open</strong> at {station}: {open.reason}
            {open.unit ? ` · unit ${open.unit}` : ""} · since {new Date(open.since).toLocaleTimeString()}
          </p>
          <button type="button" className="andon-clear" disabled={busy} onClick={() => act(() => api.clearAndon(line, station), `Andon cleared at ${station}.`)}>
            Clear andon
          </button>
        </div>
      ) : (
        <form className="andon-row" onSubmit={onRaise}>
          <label htmlFor="andon-reason">Reason</label>
          <input id="andon-reason" list="andon-reasons" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} autoComplete="off" />
          <datalist id="andon-reasons">
            {ANDON_REASONS.map((r) => (
              <option key={r} value={r} />
            ))}
          </datalist>
          <button type="submit" className="andon-raise" disabled={busy}>
            Raise andon
          </button>
        </form>
      )}
      {message && (
        <p role={message.kind} className={message.kind === "alert" ? "error" : "muted"}>
          {message.text}
        </p>
      )}
    </section>
  );
}

/** A scanner may send "PART;SERIAL;LOT" in one go; typed scans fill the three fields. */
export function splitScan(code: string): { partNumber: string; serial: string; lot: string } | null {
  const parts = code.split(/[;|]/).map((s) => s.trim());
  return parts.length === 3 && parts.every((p) => p.length > 0) ? { partNumber: parts[0]!, serial: parts[1]!, lot: parts[2]! } : null;
}

function Instructions({ line, wi }: { readonly line: string; readonly wi: WorkInstructions }): ReactNode {
  const { api } = useStore();
  const onError = useApiErrors();
  const [scanned, setScanned] = useState<ReadonlyMap<string, string>>(new Map());
  const [partNumber, setPartNumber] = useState("");
  const [serial, setSerial] = useState("");
  const [lot, setLot] = useState("");
  const [busy, setBusy] = useState(false);
  const [scanMessage, setScanMessage] = useState<{ readonly kind: "status" | "alert"; readonly text: string } | null>(null);
  const load = Math.round((wi.taskSeconds / wi.taktSeconds) * 100);
  const onPartNumber = (value: string): void => {
    const all = splitScan(value);
    if (all) {
      setPartNumber(all.partNumber);
      setSerial(all.serial);
      setLot(all.lot);
    } else setPartNumber(value);
  };
  const onScan = (event: FormEvent): void => {
    event.preventDefault();
    const code = partNumber.trim();
    const part = wi.parts.find((p) => p.partNumber.toLowerCase() === code.toLowerCase());
    if (!part) {
      setScanMessage({ kind: "alert", text: `${code || "That"} is not a part of this unit at this station.` });
      return;
    }
    if (!serial.trim() || !lot.trim()) {
      setScanMessage({ kind: "alert", text: `Scan the serial and the lot of ${part.partNumber} too.` });
      return;
    }
    setBusy(true);
    api.scanPart(line, wi.station, { unit: wi.unitId, partNumber: part.partNumber, serial: serial.trim(), lot: lot.trim() }).then(
      (r) => {
        setBusy(false);
        setScanned((prev) => new Map(prev).set(part.partNumber, `${r.serial} / ${r.lot}`));
        setScanMessage({ kind: "status", text: `Recorded ${part.partNumber} (${part.description}), serial ${r.serial}, lot ${r.lot}.` });
        setPartNumber("");
        setSerial("");
        setLot("");
      },
      (err: unknown) => {
        setBusy(false);
        const text = onError(err);
        if (text !== null) setScanMessage({ kind: "alert", text });
      },
    );
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
        {wi.parts.length > 0 && (
          <form className="scan" onSubmit={onScan} aria-describedby="scan-help">
            <p id="scan-help" className="muted small">
              Scan the part label (part number, serial and lot; a scanner may send all three as PART;SERIAL;LOT). Each scan is recorded in the unit&apos;s genealogy.
            </p>
            <div className="scan-field">
              <label htmlFor="scan-part">Part number</label>
              <input id="scan-part" value={partNumber} onChange={(e) => onPartNumber(e.target.value)} autoComplete="off" />
            </div>
            <div className="scan-field">
              <label htmlFor="scan-serial">Serial</label>
              <input id="scan-serial" value={serial} onChange={(e) => setSerial(e.target.value)} autoComplete="off" />
            </div>
            <div className="scan-field">
              <label htmlFor="scan-lot">Lot</label>
              <input id="scan-lot" value={lot} onChange={(e) => setLot(e.target.value)} autoComplete="off" />
            </div>
            <button type="submit" disabled={busy}>
              Record scan
            </button>
          </form>
        )}
        {scanMessage && (
          <p role={scanMessage.kind} className={scanMessage.kind === "alert" ? "error" : "muted"}>
            {scanMessage.text}
          </p>
        )}
        {wi.parts.length === 0 ? (
          <p className="muted">No parts to fit at this station for this unit.</p>
        ) : (
          <ul className="parts">
            {wi.parts.map((p) => {
              const done = scanned.get(p.partNumber);
              return (
                <li key={p.partNumber} className={done ? "part done" : "part"}>
                  <span aria-hidden="true">{done ? "✓" : "○"}</span> <code>{p.partNumber}</code> {p.description} × {p.quantity}
                  {p.unit && p.unit !== "pc" ? ` ${p.unit}` : ""}
                  {done && <span className="small"> · {done}</span>}
                  <span className="visually-hidden">{done ? " (scanned)" : " (to scan)"}</span>
                </li>
              );
            })}
          </ul>
        )}
      </article>
    </div>
  );
}
