import { useMemo, type KeyboardEvent, type ReactNode } from "react";
import type { Plan, SequencedUnit } from "../../api";
import { swatchFor } from "../vehicle/paint";
import { stationRows } from "./plan-model";

export interface SequenceStripProps {
  readonly plan: Plan;
  readonly selectedOrderId: string | null;
  readonly onSelect: (orderId: string | null) => void;
}

const CELL = 20;
const LABEL = 96;
const TOP = 22;
const STRIP = 40;
const ROW = 24;

const optionId = (planId: string, orderId: string): string => `cell-${planId}-${orderId}`;

export function describeUnit(u: SequencedUnit): string {
  const heavy = u.heavyAt.length ? `extra work at ${u.heavyAt.join(", ")}` : "no extra work";
  return `Position ${u.position}, ${swatchFor(u.colour).label}, ${heavy}${u.frozen ? ", frozen" : ""}`;
}

/**
 * The sequence as a strip of cells coloured by paint, the frozen horizon shaded, and one row per ratio rule
 * under it: dots for units with extra work at that station, red bands where the rule is violated (with the excess).
 * Keyboard: one tab stop (a listbox); arrows move along the sequence, Home/End jump, Escape clears.
 */
export function SequenceStrip({ plan, selectedOrderId, onSelect }: SequenceStripProps): ReactNode {
  const rows = useMemo(() => stationRows(plan), [plan]);
  const seq = plan.sequence;
  const frozen = Math.min(plan.frozenCount, seq.length);
  const width = LABEL + seq.length * CELL + 12;
  const height = TOP + STRIP + 10 + rows.length * ROW + 6;
  const selectedIndex = seq.findIndex((u) => u.orderId === selectedOrderId);
  const x = (position: number): number => LABEL + (position - 1) * CELL;

  const onKeyDown = (event: KeyboardEvent<SVGSVGElement>): void => {
    const last = seq.length - 1;
    let next: number | null | undefined;
    if (event.key === "ArrowRight" || event.key === "ArrowDown") next = selectedIndex < 0 ? 0 : Math.min(last, selectedIndex + 1);
    else if (event.key === "ArrowLeft" || event.key === "ArrowUp") next = selectedIndex < 0 ? last : Math.max(0, selectedIndex - 1);
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = last;
    else if (event.key === "Escape") next = null;
    else return;
    event.preventDefault();
    if (next === null) onSelect(null);
    else {
      const unit = seq[next];
      if (unit) onSelect(unit.orderId);
    }
  };

  if (seq.length === 0) return <p className="muted">The sequence is empty.</p>;
  return (
    <div className="strip-scroll">
      <svg
        className="sequence-strip"
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="listbox"
        tabIndex={0}
        aria-label={`Sequence of ${seq.length} units coloured by paint; the first ${frozen} are frozen. Use the arrow keys to select a unit.`}
        aria-activedescendant={selectedIndex >= 0 ? optionId(plan.id, seq[selectedIndex]!.orderId) : undefined}
        onKeyDown={onKeyDown}
        data-testid="sequence-strip"
      >
        <defs>
          <pattern id="frozen-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" fill="#e7edf5" />
            <line x1="0" y1="0" x2="0" y2="6" stroke="#9fb3c8" strokeWidth="2" />
          </pattern>
        </defs>
        <g aria-hidden="true">
          {frozen > 0 && (
            <g className="frozen" data-frozen={frozen}>
              <rect x={LABEL - 2} y={TOP - 4} width={frozen * CELL + 4} height={height - TOP + 2} fill="url(#frozen-hatch)" opacity={0.7} />
              <line x1={x(frozen + 1) + 1} x2={x(frozen + 1) + 1} y1={2} y2={height - 2} className="frozen-edge" />
              <text x={x(frozen + 1) - 4} y={13} textAnchor="end" className="frozen-label">
                ◀ frozen horizon ({frozen})
              </text>
            </g>
          )}
          {seq.map((u) =>
            u.position === 1 || u.position % 10 === 0 ? (
              <text key={u.position} x={x(u.position) + CELL / 2} y={13} textAnchor="middle" className="pos-tick" opacity={frozen > 0 && u.position <= frozen + 8 && u.position > frozen - 8 ? 0 : 1}>
                {u.position}
              </text>
            ) : null,
          )}
          <text x={6} y={TOP + STRIP / 2 + 5} className="row-label">
            Paint
          </text>
          {rows.map((r, i) => {
            const y = TOP + STRIP + 10 + i * ROW;
            return (
              <g key={r.station} className="station-row" data-station-row={r.station} data-violations={r.spans.length}>
                <rect x={LABEL} y={y} width={seq.length * CELL} height={ROW - 4} className={i % 2 ? "row-bg odd" : "row-bg"} />
                <text x={6} y={y + ROW / 2 + 2} className="row-label">
                  {r.station} <tspan className="row-rule">{r.rule}</tspan>
                </text>
                {r.spans.map((s) => (
                  <rect key={s.from} x={x(s.from)} y={y + 1} width={(s.to - s.from + 1) * CELL} height={ROW - 6} rx={3} className="violation" data-from={s.from} data-to={s.to} />
                ))}
                {r.heavy.map((p) => (
                  <circle key={p} cx={x(p) + CELL / 2} cy={y + (ROW - 4) / 2} r={3.5} className="heavy-dot" />
                ))}
                {r.spans.map((s) => (
                  <g key={s.from} className="violation-label">
                    <rect x={x(s.to + 1) - 26} y={y + 3} width={22} height={ROW - 10} rx={6} />
                    <text x={x(s.to + 1) - 15} y={y + ROW / 2 + 2} textAnchor="middle">
                      +{s.excess}
                    </text>
                  </g>
                ))}
              </g>
            );
          })}
        </g>
        {seq.map((u) => {
          const sw = swatchFor(u.colour);
          const selected = u.orderId === selectedOrderId;
          return (
            <g
              key={u.orderId}
              id={optionId(plan.id, u.orderId)}
              role="option"
              aria-selected={selected}
              aria-label={describeUnit(u)}
              className={selected ? "cell selected" : "cell"}
              data-position={u.position}
              data-colour={u.colour}
              onClick={() => onSelect(selected ? null : u.orderId)}
            >
              <title>{describeUnit(u)}</title>
              <rect x={x(u.position) + 1} y={TOP} width={CELL - 2} height={STRIP} rx={3} fill={sw.fill} />
              {u.heavyAt.length > 0 && (
                <text x={x(u.position) + CELL / 2} y={TOP + STRIP - 6} textAnchor="middle" fill={sw.ink} className="cell-mark">
                  {u.heavyAt.length}
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </div>
  );
}
