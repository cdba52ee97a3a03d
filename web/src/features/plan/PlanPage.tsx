import { useEffect, useState, type FormEvent, type ReactNode } from "react";
import type { Plan, PlanSummary } from "../../api";
import { useStore } from "../../app/store-context";
import { useApiErrors, useRemote } from "../../app/use-remote";
import { PageHeading } from "../areas/PageHeading";
import type { AreaDef } from "../nav/areas";
import { swatchFor } from "../vehicle/paint";
import { colourChanges, formatSeconds, gapPercent, PARTS } from "./plan-model";
import { ProgressChart } from "./ProgressChart";
import { describeUnit, SequenceStrip } from "./SequenceStrip";
import { usePlan } from "./use-plan";
import "./plan.css";

/** The planner's day: plans, sequencing the waiting orders with live optimizer progress, the sequence, release, pull-out/put-back. */
export function PlanPage({ area }: { readonly area: AreaDef }): ReactNode {
  const { api } = useStore();
  const onError = useApiErrors();
  const list = useRemote((signal) => api.plans(signal), [api]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [seconds, setSeconds] = useState("5");
  const [frozen, setFrozen] = useState("");
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);
  const plans = list.remote.status === "ready" ? list.remote.data.plans : [];
  const currentId = selectedId ?? plans[0]?.id ?? null;
  const { state, replace } = usePlan(currentId);

  // Refresh the list when the open plan changes status (optimizing → proposed → released).
  const openStatus = state.status === "ready" ? state.plan.status : null;
  const { reload } = list;
  useEffect(() => {
    if (openStatus) reload();
  }, [openStatus, reload]);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const s = Number(seconds);
    if (!(s > 0 && s <= 600)) {
      setStartError("Give the optimizer between 0.1 and 600 seconds.");
      return;
    }
    const f = frozen.trim() === "" ? undefined : Number(frozen);
    if (f !== undefined && !(Number.isInteger(f) && f >= 0)) {
      setStartError("The frozen horizon is a whole number of units (or empty for the line's default).");
      return;
    }
    setStarting(true);
    setStartError(null);
    api.proposePlan({ seconds: s, ...(f !== undefined ? { frozenCount: f } : {}) }).then(
      (plan) => {
        setStarting(false);
        setSelectedId(plan.id);
        replace(plan);
        list.reload();
      },
      (err: unknown) => {
        setStarting(false);
        setStartError(onError(err));
      },
    );
  };

  return (
    <section className="page plan-page" aria-labelledby="h-plan">
      <PageHeading id="h-plan">{area.label}</PageHeading>
      <form className="toolbar" onSubmit={submit} aria-label="Sequence the waiting orders">
        <label htmlFor="plan-seconds">Optimizer time (seconds)</label>
        <input id="plan-seconds" type="number" min={0.1} max={600} step={0.1} value={seconds} onChange={(e) => setSeconds(e.target.value)} aria-describedby="plan-seconds-hint" />
        <label htmlFor="plan-frozen">Frozen horizon (units)</label>
        <input id="plan-frozen" type="number" min={0} step={1} value={frozen} placeholder="line" onChange={(e) => setFrozen(e.target.value)} />
        <button type="submit" disabled={starting}>
          {starting ? "Starting…" : "Sequence waiting orders"}
        </button>
        <span id="plan-seconds-hint" className="muted">
          Orders placed and not yet planned are sequenced into a new proposed plan.
        </span>
      </form>
      {startError && (
        <p role="alert" className="error">
          {startError}
        </p>
      )}
      <div className="plan-layout">
        <PlanList remote={list.remote} currentId={currentId} onOpen={setSelectedId} />
        <div className="plan-main">
          {state.status === "ready" ? (
            <PlanView plan={state.plan} onChanged={replace} />
          ) : state.status === "error" ? (
            <p role="alert" className="error">
              The plan could not be loaded: {state.message}
            </p>
          ) : state.status === "loading" ? (
            <p className="muted" role="status">
              Loading the plan…
            </p>
          ) : list.remote.status === "ready" ? (
            <p className="notice">No plans yet. Sequence the waiting orders to make the first one.</p>
          ) : null}
        </div>
      </div>
    </section>
  );
}

const STATUS_LABEL: Record<string, string> = { optimizing: "Optimizing", proposed: "Proposed", released: "Released", superseded: "Superseded" };

function PlanList({ remote, currentId, onOpen }: { readonly remote: ReturnType<typeof useRemote<{ plans: PlanSummary[] }>>["remote"]; readonly currentId: string | null; readonly onOpen: (id: string) => void }): ReactNode {
  return (
    <nav className="plan-list" aria-labelledby="h-plans">
      <h2 id="h-plans">Plans</h2>
      {remote.status === "loading" && <p className="muted">Loading…</p>}
      {remote.status === "error" && (
        <p role="alert" className="error">
          {remote.message}
        </p>
      )}
      {remote.status === "ready" && remote.data.plans.length === 0 && <p className="muted">None yet.</p>}
      {remote.status === "ready" && (
        <ul>
          {remote.data.plans.map((p) => (
            <li key={p.id}>
              <button type="button" className="plan-item" aria-current={p.id === currentId ? "true" : undefined} onClick={() => onOpen(p.id)} data-plan-id={p.id}>
                <span className={`badge status-${p.status}`}>{STATUS_LABEL[p.status] ?? p.status}</span>
                <span className="plan-item-time">{formatTime(p.createdAt)}</span>
                <span className="muted">
                  {p.units} units{p.value ? ` · objective ${p.value.objective}` : ""}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}

function PlanView({ plan, onChanged }: { readonly plan: Plan; readonly onChanged: (plan: Plan) => void }): ReactNode {
  const { api } = useStore();
  const onError = useApiErrors();
  const [selectedOrder, setSelectedOrder] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ kind: "error" | "status"; text: string } | null>(null);
  const optimizing = plan.status === "optimizing";
  const elapsed = useElapsed(optimizing ? plan.createdAt : null);
  const selected = plan.sequence.find((u) => u.orderId === selectedOrder) ?? null;

  const run = (label: string, call: () => Promise<Plan>, done: (p: Plan) => string): void => {
    setBusy(label);
    setMessage(null);
    call().then(
      (p) => {
        setBusy(null);
        onChanged(p);
        setMessage({ kind: "status", text: done(p) });
      },
      (err: unknown) => {
        setBusy(null);
        const text = onError(err);
        if (text) setMessage({ kind: "error", text });
      },
    );
  };

  return (
    <article className="plan-view" aria-labelledby="h-plan-view" data-plan-status={plan.status}>
      <header className="plan-head">
        <h2 id="h-plan-view">
          Plan <span className="muted plan-id">{plan.id}</span> <span className={`badge status-${plan.status}`}>{STATUS_LABEL[plan.status] ?? plan.status}</span>
        </h2>
        {plan.status === "proposed" && (
          <button type="button" onClick={() => run("release", () => api.releasePlan(plan.id), () => "Plan released: its orders are scheduled and the horizon is frozen.")} disabled={busy !== null}>
            {busy === "release" ? "Releasing…" : "Release plan"}
          </button>
        )}
      </header>
      <dl className="facts">
        <Fact label="Starts">{formatTime(plan.startsAt)}</Fact>
        <Fact label="Units">{plan.status === "optimizing" ? plan.units.length : plan.sequence.length}</Fact>
        <Fact label="Takt">{plan.takt} s</Fact>
        <Fact label="Frozen horizon">{plan.frozenCount} units</Fact>
        <Fact label="Paint batch limit">{plan.paintBatchLimit}</Fact>
        <Fact label="Colour changes">{colourChanges(plan.sequence.map((u) => u.colour))}</Fact>
        <Fact label="Optimizer budget">{formatSeconds(plan.secondsBudget * 1000)}</Fact>
      </dl>
      <div aria-live="polite" className="live-line">
        {optimizing ? (
          <p role="status">
            Optimizing {plan.units.length} units… {plan.progress.length > 0 ? `best objective so far ${plan.progress.at(-1)!.objective}` : "no improvement reported yet"}
          </p>
        ) : null}
        {optimizing && elapsed !== undefined && (
          <progress className="budget" max={plan.secondsBudget * 1000} value={Math.min(elapsed, plan.secondsBudget * 1000)} aria-label="Optimizer time used" />
        )}
        {message?.kind === "status" && <p role="status">{message.text}</p>}
      </div>
      {message?.kind === "error" && (
        <p role="alert" className="error">
          {message.text}
        </p>
      )}

      <section aria-labelledby="h-progress" className="plan-section">
        <h3 id="h-progress">Optimizer progress</h3>
        <ProgressChart progress={plan.progress} budgetSeconds={plan.secondsBudget} runningMs={elapsed} bounds={plan.bounds} />
      </section>

      <section aria-labelledby="h-sequence" className="plan-section">
        <h3 id="h-sequence">Sequence</h3>
        <ColourLegend colours={plan.sequence.map((u) => u.colour)} />
        {optimizing ? <p className="muted">The sequence appears when the optimizer finishes.</p> : <SequenceStrip plan={plan} selectedOrderId={selectedOrder} onSelect={setSelectedOrder} />}
        <p className="muted strip-help">
          Cells are units in build order, coloured by paint; a number in a cell counts its stations with extra work. Under the strip, one row per ratio rule: dots are units with extra work
          there, red bands the windows where the rule is exceeded (+ excess).
        </p>
        <div className="unit-panel" aria-live="polite">
          {selected ? (
            <>
              <p>
                <strong>{describeUnit(selected)}</strong> · order <code>{selected.orderId}</code> · planned start {formatTime(selected.plannedStart)}
              </p>
              {plan.status === "released" ? (
                <button type="button" className="secondary" disabled={busy !== null} onClick={() => run("pull", () => api.pullOut(plan.id, selected.orderId), () => `Order ${selected.orderId} pulled out; the rest was re-sequenced after the frozen horizon.`)}>
                  {busy === "pull" ? "Pulling out…" : "Pull out this unit"}
                </button>
              ) : (
                <p className="muted">Units can be pulled out of a released plan.</p>
              )}
            </>
          ) : (
            <p className="muted">Select a cell (click, or focus the strip and use the arrow keys) to see its unit{plan.status === "released" ? " and pull it out" : ""}.</p>
          )}
        </div>
        {plan.pulledOut.length > 0 && (
          <div className="pulled-out">
            <h4>Pulled out</h4>
            <ul>
              {plan.pulledOut.map((orderId) => (
                <li key={orderId}>
                  <code>{orderId}</code>{" "}
                  <button type="button" className="secondary" disabled={busy !== null} onClick={() => run("put", () => api.putBack(plan.id, orderId), () => `Order ${orderId} put back at its best place after the frozen horizon.`)}>
                    Put back
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
      </section>

      <div className="plan-columns">
        <section aria-labelledby="h-value" className="plan-section">
          <h3 id="h-value">Value and lower bounds</h3>
          <ValueTable plan={plan} />
        </section>
        <section aria-labelledby="h-rules" className="plan-section">
          <h3 id="h-rules">Ratio rules</h3>
          <RulesTable plan={plan} />
        </section>
      </div>
    </article>
  );
}

function ValueTable({ plan }: { readonly plan: Plan }): ReactNode {
  const rows = [{ key: "objective", label: "Objective", short: "" } as const, ...PARTS];
  return (
    <table className="data" data-testid="value-table">
      <thead>
        <tr>
          <th scope="col">Measure</th>
          <th scope="col">Start</th>
          <th scope="col">Plan</th>
          <th scope="col">Lower bound</th>
          <th scope="col">Gap</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const value = plan.value?.[r.key];
          const bound = plan.bounds?.[r.key];
          const gap = value !== undefined && bound !== undefined ? gapPercent(value, bound) : null;
          return (
            <tr key={r.key}>
              <th scope="row">
                {r.label}
                {r.short ? <span className="muted"> ({r.short})</span> : null}
              </th>
              <td>{plan.start?.[r.key] ?? "–"}</td>
              <td>
                <strong>{value ?? "–"}</strong>
              </td>
              <td>{bound ?? "–"}</td>
              <td>{gap === null ? (value !== undefined && bound !== undefined ? `+${value - bound}` : "–") : gap === 0 ? "optimal" : gap < 0 ? <span title="The bound was computed for the plan's units before a pull-out">below the bound*</span> : `${gap.toFixed(1)} %`}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function RulesTable({ plan }: { readonly plan: Plan }): ReactNode {
  if (plan.rules.length === 0) return <p className="muted">No ratio rules: no option adds enough work at a station to need spacing.</p>;
  return (
    <table className="data" data-testid="rules-table">
      <thead>
        <tr>
          <th scope="col">Station</th>
          <th scope="col">
            <abbr title="at most N heavy units in any P consecutive units">N/P</abbr>
          </th>
          <th scope="col">Priority</th>
          <th scope="col">Violations</th>
          <th scope="col">Basis</th>
        </tr>
      </thead>
      <tbody>
        {plan.rules.map((r) => {
          const excess = plan.violations.filter((v) => v.station === r.station).reduce((n, v) => n + v.excess, 0);
          return (
            <tr key={r.ident}>
              <th scope="row">{r.station}</th>
              <td>
                {r.max}/{r.window}
              </td>
              <td>{r.priority}</td>
              <td className={excess ? "bad" : undefined}>{excess}</td>
              <td className="basis">{r.basis}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function ColourLegend({ colours }: { readonly colours: readonly string[] }): ReactNode {
  const counts = new Map<string, number>();
  for (const c of colours) counts.set(c, (counts.get(c) ?? 0) + 1);
  return (
    <ul className="legend" aria-label="Paint colours in the sequence">
      {[...counts].map(([c, n]) => (
        <li key={c}>
          <span className="swatch" style={{ background: swatchFor(c).fill }} aria-hidden="true" />
          {swatchFor(c).label} ({n})
        </li>
      ))}
    </ul>
  );
}

function Fact({ label, children }: { readonly label: string; readonly children: ReactNode }): ReactNode {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** Milliseconds since `since`, ticking while it is set (the optimizer's running time). */
function useElapsed(since: string | null): number | undefined {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!since) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [since]);
  return since ? Math.max(0, now - Date.parse(since)) : undefined;
}

export function formatTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}
