import { useState, type ReactNode } from "react";
import type { DeadLetter } from "../../api";
import { kindLabel, printable, truncated, type DeadLetterWindow } from "./devices-model";
import { timeOf } from "./time";

/** Characters of a payload shown before "Show all". */
export const PAYLOAD_PREVIEW = 160;

export interface DeadLetterListProps {
  readonly window: DeadLetterWindow;
  readonly onOlder: () => void;
  readonly loadingOlder: boolean;
}

/** The dead letters, newest first: when, kind, reason, source, and the payload as text (cut, expandable). */
export function DeadLetterList({ window: w, onOlder, loadingOlder }: DeadLetterListProps): ReactNode {
  if (w.items.length === 0) return <p className="notice">No dead letters: every device message so far could be used.</p>;
  return (
    <>
      {w.skipped && <p className="notice">More dead letters came in at once than one page shows: the list jumped to the newest. Older ones stay reachable below.</p>}
      <ol className="dead-letters" aria-label="Dead letters, newest first">
        {w.items.map((d) => (
          <DeadLetterItem key={d.seq} d={d} />
        ))}
      </ol>
      {w.hasOlder && (
        <button type="button" className="older" onClick={onOlder} disabled={loadingOlder}>
          {loadingOlder ? "Loading older…" : "Show older dead letters"}
        </button>
      )}
    </>
  );
}

export function DeadLetterItem({ d }: { readonly d: DeadLetter }): ReactNode {
  const [open, setOpen] = useState(false);
  const text = printable(d.payload);
  const preview = truncated(text, PAYLOAD_PREVIEW);
  const payloadId = `dl-payload-${d.seq}`;
  return (
    <li className="dead-letter" data-seq={d.seq} data-kind={d.kind}>
      <div className="dl-head">
        <span className="badge">{kindLabel(d.kind)}</span> <strong>{d.reason}</strong>
      </div>
      <dl className="dl-facts">
        <div>
          <dt>At</dt>
          <dd>
            <time dateTime={d.at} title={d.at}>
              {timeOf(d.at)}
            </time>
          </dd>
        </div>
        <div>
          <dt>Source</dt>
          <dd className="mono">{d.source}</dd>
        </div>
        {d.msgKey && (
          <div>
            <dt>Message</dt>
            <dd className="mono">{d.msgKey}</dd>
          </div>
        )}
        <div>
          <dt>No.</dt>
          <dd>{d.seq}</dd>
        </div>
      </dl>
      {d.payload === "" ? (
        <p className="muted">Empty payload.</p>
      ) : (
        <>
          <pre className="payload" id={payloadId} aria-label={`Payload of dead letter ${d.seq}${preview.cut && !open ? ", cut" : ""}`}>
            {open ? text : preview.text}
          </pre>
          {preview.cut && (
            <button type="button" className="link-button" aria-expanded={open} aria-controls={payloadId} onClick={() => setOpen((o) => !o)}>
              {open ? "Show less" : `Show all ${text.length.toLocaleString("en")} characters`}
            </button>
          )}
        </>
      )}
    </li>
  );
}
