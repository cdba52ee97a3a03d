import { useState, type FormEvent, type ReactNode } from "react";
import type { ReviewItem } from "../../api";
import { useStore } from "../../app/store-context";
import { useApiErrors, useRemote } from "../../app/use-remote";
import { InspectionCard } from "./InspectionView";
import { REASON_TEXT, useInspectionImage, usePolling } from "./use-quality";

/** The classes an engineer can choose for an item: the live model's classes (its score keys). */
export const classesOf = (item: ReviewItem): string[] => Object.keys(item.record.live.verdict.scores);

/**
 * One queued verdict: the image and both verdicts, why it is queued, and the decision — confirm the
 * live label, or pick another class and correct it. Native buttons and a labelled select: keyboard
 * and screen-reader usable as they are.
 */
export function ReviewItemForm({
  item,
  imageUrl,
  canDecide,
  busy = false,
  error = null,
  onDecide,
}: {
  readonly item: ReviewItem;
  readonly imageUrl: string | null;
  readonly canDecide: boolean;
  readonly busy?: boolean;
  readonly error?: string | null;
  readonly onDecide: (label: string) => void;
}): ReactNode {
  const live = item.record.live.verdict.label;
  const others = classesOf(item).filter((c) => c !== live);
  const [label, setLabel] = useState(item.record.shadow && item.record.shadow.verdict.label !== live ? item.record.shadow.verdict.label : (others[0] ?? live));
  const id = item.record.id;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onDecide(label);
  };
  return (
    <li className="review-item" data-review={id}>
      <InspectionCard inspection={item.record} imageUrl={imageUrl} />
      <p className="reasons">Queued for: {item.reasons.map((r) => REASON_TEXT[r] ?? r).join(", ")}</p>
      {canDecide ? (
        <form className="review-actions" onSubmit={submit} aria-label={`Review of ${item.record.unit} at ${item.record.station}`}>
          <button type="button" disabled={busy} onClick={() => onDecide(live)} aria-describedby={`rv-${id}-hint`}>
            Confirm {live}
          </button>
          <label htmlFor={`rv-${id}-label`}>Correct to</label>
          <select id={`rv-${id}-label`} value={label} disabled={busy} onChange={(e) => setLabel(e.target.value)}>
            {others.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
          <button type="submit" disabled={busy || others.length === 0}>
            Save correction
          </button>
          <span id={`rv-${id}-hint`} className="visually-hidden">
            The live model said {live}.
          </span>
        </form>
      ) : (
        <p className="muted">Only a quality engineer decides.</p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </li>
  );
}

function QueuedItem({ item, canDecide, onDone }: { readonly item: ReviewItem; readonly canDecide: boolean; readonly onDone: (message: string) => void }): ReactNode {
  const { api } = useStore();
  const onError = useApiErrors();
  const img = useInspectionImage(item.record.id);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const decide = (label: string) => {
    setBusy(true);
    setError(null);
    api.decideReview(item.record.id, label).then(
      (r) => onDone(`${item.record.unit} at ${item.record.station}: ${r.state === "confirmed" ? `confirmed ${label}` : `corrected to ${label}`}.`),
      (err: unknown) => {
        setBusy(false);
        setError(onError(err));
      },
    );
  };
  return <ReviewItemForm item={item} imageUrl={img.url} canDecide={canDecide} busy={busy} error={error} onDecide={decide} />;
}

/** The review queue: low-confidence verdicts and shadow disagreements, oldest first, refreshed every 5 s. */
export function ReviewQueue(): ReactNode {
  const { api, state } = useStore();
  const role = state.session.status === "signed-in" ? state.session.me.role : null;
  const canDecide = role === "quality" || role === "admin";
  const { remote, reload } = useRemote((signal) => api.reviewQueue("pending", signal), [api]);
  usePolling(reload, 5000);
  const [done, setDone] = useState<string | null>(null);
  return (
    <section className="card" aria-labelledby="h-review">
      <h2 id="h-review">Review queue</h2>
      <p role="status" className="muted">
        {done ?? ""}
      </p>
      {remote.status === "error" ? (
        <p role="alert" className="error">
          {remote.message}
        </p>
      ) : remote.status !== "ready" ? (
        <p className="muted">Loading the review queue…</p>
      ) : remote.data.items.length === 0 ? (
        <p className="notice">Nothing to review.</p>
      ) : (
        <ol className="review-list" aria-label={`${remote.data.items.length} verdicts to review`}>
          {remote.data.items.map((i) => (
            <QueuedItem
              key={i.record.id}
              item={i}
              canDecide={canDecide}
              onDone={(m) => {
                setDone(m);
                reload();
              }}
            />
          ))}
        </ol>
      )}
    </section>
  );
}
