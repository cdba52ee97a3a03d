import type { ReactNode } from "react";
import { LinePage } from "../line/LinePage";
import type { AreaDef } from "../nav/areas";
import { AdminPage } from "./AdminPage";
import { PlaceholderPage } from "./PlaceholderPage";

/** The page of an area: the built ones by name, the rest say what lands there. */
export function AreaPage({ area }: { readonly area: AreaDef }): ReactNode {
  switch (area.id) {
    case "line":
      return <LinePage area={area} />;
    case "admin":
      return <AdminPage area={area} />;
    default:
      return <PlaceholderPage area={area} />;
  }
}
