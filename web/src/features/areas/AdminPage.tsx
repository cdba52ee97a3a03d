import type { ReactNode } from "react";
import type { AreaDef } from "../nav/areas";
import { PageHeading } from "./PageHeading";

/** Admin: for now the way to the API reference; tokens and health land here later. */
export function AdminPage({ area }: { readonly area: AreaDef }): ReactNode {
  return (
    <section className="page" aria-labelledby="h-admin">
      <PageHeading id="h-admin">{area.label}</PageHeading>
      <div className="placeholder">
        <p>{area.summary}</p>
        <ul className="links">
          <li>
            <a href="/docs">API reference</a> (every endpoint, its roles and schemas)
          </li>
          <li>
            <a href="/openapi.json">OpenAPI 3.1 document</a>
          </li>
        </ul>
      </div>
    </section>
  );
}
