import { useState, type ReactNode } from "react";
import type { Characteristic } from "../../api";
import { useStore } from "../../app/store-context";
import { useRemote } from "../../app/use-remote";
import { PageHeading } from "../areas/PageHeading";
import { usePlant } from "../line/use-plant";
import type { AreaDef } from "../nav/areas";
import { ControlChartView } from "./ControlChartView";
import { DefectList } from "./DefectList";
import { Inspections } from "./InspectionView";
import { ReviewQueue } from "./ReviewQueue";
import "./quality.css";

/**
 * Quality: the measured characteristics of the line and the control chart of the chosen one, with
 * run-rule violations and capability; the defect list; the review queue; the inspected images with
 * the live model's verdict and the shadow's.
 */
export function QualityPage({ area }: { readonly area: AreaDef }): ReactNode {
  const plant = usePlant();
  const line = plant.status === "ready" ? (plant.data.areas[0]?.lines[0]?.code ?? null) : null;
  return (
    <section className="page quality-page" aria-labelledby="h-quality">
      <PageHeading id="h-quality">{area.label}</PageHeading>
      {plant.status === "error" && (
        <p role="alert" className="error">
          The plant could not be loaded: {plant.message}
        </p>
      )}
      {line ? <Characteristics line={line} /> : plant.status !== "error" && <p className="muted">Loading…</p>}
      <DefectList />
      <ReviewQueue />
      <Inspections />
    </section>
  );
}

function Characteristics({ line }: { readonly line: string }): ReactNode {
  const { api } = useStore();
  const list = useRemote((signal) => api.characteristics(line, signal), [api, line]);
  const [chosen, setChosen] = useState<string>("");
  const [subgroup, setSubgroup] = useState("1");
  if (list.remote.status !== "ready" && list.remote.status !== "error") return <p className="muted">Loading the characteristics…</p>;
  if (list.remote.status === "error")
    return (
      <p role="alert" className="error">
        {list.remote.message}
      </p>
    );
  const all = list.remote.data.characteristics;
  if (all.length === 0) return <p className="notice">No measured values on line {line} yet: control charts appear once stations report measurements.</p>;
  const keyOf = (c: Characteristic): string => `${c.station}/${c.name}`;
  const current = all.find((c) => keyOf(c) === chosen) ?? all[0]!;
  return (
    <>
      <div className="toolbar">
        <label htmlFor="q-char">Characteristic</label>
        <select id="q-char" value={keyOf(current)} onChange={(e) => setChosen(e.target.value)}>
          {all.map((c) => (
            <option key={keyOf(c)} value={keyOf(c)}>
              {c.station} · {c.name}
              {c.uom ? ` (${c.uom})` : ""} — {c.count} values
            </option>
          ))}
        </select>
        <label htmlFor="q-sub">Subgroup size</label>
        <select id="q-sub" value={subgroup} onChange={(e) => setSubgroup(e.target.value)}>
          {["1", "2", "3", "4", "5"].map((s) => (
            <option key={s} value={s}>
              {s === "1" ? "1 (I-MR)" : `${s} (X̄-R)`}
            </option>
          ))}
        </select>
      </div>
      {current.count < 3 * Number(subgroup) ? (
        <p className="notice">
          {current.station} {current.name} has {current.count} values so far; a chart with subgroups of {subgroup} needs at least {3 * Number(subgroup)}.
        </p>
      ) : (
        <Chart line={line} c={current} subgroup={Number(subgroup)} />
      )}
    </>
  );
}

function Chart({ line, c, subgroup }: { readonly line: string; readonly c: Characteristic; readonly subgroup: number }): ReactNode {
  const { api } = useStore();
  const { remote } = useRemote((signal) => api.spc(line, c.station, c.name, { subgroup }, signal), [api, line, c.station, c.name, subgroup]);
  if (remote.status !== "ready" && remote.status !== "error") return <p className="muted">Loading the chart…</p>;
  if (remote.status === "error")
    return (
      <p role="alert" className="error">
        {remote.message}
      </p>
    );
  const r = remote.data;
  const cap = r.capability;
  return (
    <article className="card" aria-label={`Control chart of ${c.station} ${c.name}`} data-testid="spc">
      <ControlChartView chart={r.primary} title={`${r.primary.kind.toUpperCase()} chart of ${c.station} ${c.name}`} uom={c.uom} />
      <ControlChartView chart={r.dispersion} title={`${r.dispersion.kind.toUpperCase()} chart`} uom={c.uom} />
      {cap && (
        <table className="data capability">
          <caption>
            Capability ({cap.n} values, {Math.round(cap.confidence * 100)} % intervals)
          </caption>
          <thead>
            <tr>
              <th scope="col">Index</th>
              <th scope="col">Value</th>
              <th scope="col">Interval</th>
            </tr>
          </thead>
          <tbody>
            {(["cp", "cpk", "pp", "ppk"] as const).map((k) =>
              cap[k] === undefined ? null : (
                <tr key={k}>
                  <th scope="row">{k.charAt(0).toUpperCase() + k.slice(1)}</th>
                  <td>{cap[k]!.toFixed(2)}</td>
                  <td>{cap.ci[k] ? `${cap.ci[k]![0]!.toFixed(2)} – ${cap.ci[k]![1]!.toFixed(2)}` : "–"}</td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      )}
    </article>
  );
}
