import { lazy, Suspense, type ReactNode } from "react";
import { LinePage } from "../line/LinePage";
import type { AreaDef } from "../nav/areas";
import { AdminPage } from "./AdminPage";
import { PlaceholderPage } from "./PlaceholderPage";

// The heavier screens load with their route, not up front (initial JS budget, issue 7).
const PlanPage = lazy(() => import("../plan/PlanPage").then((m) => ({ default: m.PlanPage })));
const ConfigurePage = lazy(() => import("../configure/ConfigurePage").then((m) => ({ default: m.ConfigurePage })));
const QualityPage = lazy(() => import("../quality/QualityPage").then((m) => ({ default: m.QualityPage })));
const StationPage = lazy(() => import("../station/StationPage").then((m) => ({ default: m.StationPage })));
const DevicesPage = lazy(() => import("../devices/DevicesPage").then((m) => ({ default: m.DevicesPage })));
const OrdersPage = lazy(() => import("../orders/OrdersPage").then((m) => ({ default: m.OrdersPage })));

/** The page of an area: the built ones by name, the rest say what lands there. */
export function AreaPage({ area }: { readonly area: AreaDef }): ReactNode {
  switch (area.id) {
    case "line":
      return <LinePage area={area} />;
    case "admin":
      return <AdminPage area={area} />;
    case "plan":
      return (
        <Suspense fallback={<Loading />}>
          <PlanPage area={area} />
        </Suspense>
      );
    case "configure":
      return (
        <Suspense fallback={<Loading />}>
          <ConfigurePage area={area} />
        </Suspense>
      );
    case "quality":
      return (
        <Suspense fallback={<Loading />}>
          <QualityPage area={area} />
        </Suspense>
      );
    case "station":
      return (
        <Suspense fallback={<Loading />}>
          <StationPage area={area} />
        </Suspense>
      );
    case "orders":
      return (
        <Suspense fallback={<Loading />}>
          <OrdersPage area={area} />
        </Suspense>
      );
    case "devices":
      return (
        <Suspense fallback={<Loading />}>
          <DevicesPage area={area} />
        </Suspense>
      );
    default:
      return <PlaceholderPage area={area} />;
  }
}

function Loading(): ReactNode {
  return (
    <p className="muted" role="status">
      Loading…
    </p>
  );
}
