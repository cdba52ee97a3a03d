import type { ReactNode } from "react";
import { hrefFor } from "../../app/route";
import type { AreaDef } from "./areas";

export interface NavBarProps {
  readonly areas: readonly AreaDef[];
  readonly current: string;
}

/** The areas the signed-in role may open; the current one is marked for assistive tech and by style. */
export function NavBar({ areas, current }: NavBarProps): ReactNode {
  return (
    <nav className="areas" aria-label="Areas">
      <ul>
        {areas.map((area) => (
          <li key={area.id}>
            <a href={hrefFor(area.id)} aria-current={area.id === current ? "page" : undefined} data-area={area.id}>
              {area.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
