import type { ReactNode } from "react";
import type { Me } from "../api";
import { UserBadge } from "../features/auth/UserBadge";
import { PageHeading } from "../features/areas/PageHeading";
import { AreaPage } from "../features/areas/AreaPage";
import { areasFor, findArea } from "../features/nav/areas";
import { NavBar } from "../features/nav/NavBar";
import { hrefFor } from "./route";

/** The signed-in frame: banner with the user, the role's areas, and the current area's page. */
export function Shell({ me, route }: { readonly me: Me; readonly route: string }): ReactNode {
  const areas = areasFor(me.role);
  const first = areas[0];
  const requested = route ? findArea(route) : first;
  const allowed = requested !== undefined && areas.some((a) => a.id === requested.id);
  const current = allowed ? requested.id : "";

  return (
    <div className="shell">
      <a className="skip-link" href="#main" onClick={skipToMain}>
        Skip to content
      </a>
      <header className="banner">
        <a className="brand" href={first ? hrefFor(first.id) : "#/"}>
          <span className="brand-mark" aria-hidden="true" /> Takt
        </a>
        <UserBadge me={me} />
      </header>
      <NavBar areas={areas} current={current} />
      <main id="main" tabIndex={-1}>
        {allowed ? (
          <AreaPage area={requested} />
        ) : first ? (
          <section className="page" aria-labelledby="h-denied">
            <PageHeading id="h-denied">Not available</PageHeading>
            <p>
              {requested ? `${requested.label} is not open to the ${me.role} role.` : `There is no page "${route}".`}{" "}
              <a href={hrefFor(first.id)}>Go to {first.label}</a>.
            </p>
          </section>
        ) : (
          <section className="page" aria-labelledby="h-none">
            <PageHeading id="h-none">No screens for this role</PageHeading>
            <p>{me.role === "device" ? "Device tokens are for machines talking to the API, not for people." : `The ${me.role} role has no screens yet.`}</p>
          </section>
        )}
      </main>
      <footer className="footer">
        <span>Takt · open-source build-to-order manufacturing</span>
      </footer>
    </div>
  );
}

// The skip link must not change the hash route: move focus to main instead of following "#main".
function skipToMain(event: { preventDefault(): void }): void {
  event.preventDefault();
  document.getElementById("main")?.focus();
}
