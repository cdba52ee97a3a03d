import type { ReactNode } from "react";
import type { AreaDef } from "../nav/areas";
import { PageHeading } from "./PageHeading";

/** An area whose screens are still to come: says what will land here. */
export function PlaceholderPage({ area }: { readonly area: AreaDef }): ReactNode {
  return (
    <section className="page" aria-labelledby={`h-${area.id}`}>
      <PageHeading id={`h-${area.id}`}>{area.label}</PageHeading>
      <div className="placeholder">
        <p>{area.summary}</p>
        <p className="muted">This area is not built yet; it lands with its capability.</p>
      </div>
    </section>
  );
}
