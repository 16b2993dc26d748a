import { lazy, Suspense, type ReactNode } from "react";
import { BrowserRouter, Navigate, Route, Routes } from "react-router";
import { AlarmsPage } from "../alarms/AlarmsPage.tsx";
import { FloorPage } from "../floor/FloorPage.tsx";
import { SkuDetailPage } from "../inventory/SkuDetailPage.tsx";
import { SkusPage } from "../inventory/SkusPage.tsx";
import { OrderDetailPage } from "../orders/OrderDetailPage.tsx";
import { OrdersPage } from "../orders/OrdersPage.tsx";
import { ShipmentDetailPage } from "../shipments/ShipmentDetailPage.tsx";
import { ShipmentsPage } from "../shipments/ShipmentsPage.tsx";
import { ApiProvider } from "./api.tsx";
import type { AppConfig } from "./config.ts";
import { Layout } from "./Layout.tsx";
import { LoginPage } from "./LoginPage.tsx";
import { SessionProvider, useSession } from "./session.tsx";

// GraphiQL with its editor, and the charts, are most of the bundle: only their pages load them.
const ExplorerPage = lazy(() => import("../explorer/ExplorerPage.tsx"));
const KpisPage = lazy(() => import("../kpis/KpisPage.tsx").then((m) => ({ default: m.KpisPage })));
const loading = (what: string, page: ReactNode) => <Suspense fallback={<p className="muted">Loading {what}…</p>}>{page}</Suspense>;

function AppRoutes() {
  const { session, permissions } = useSession();
  if (!session || !permissions) return <LoginPage />;
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<Navigate to={permissions.floor ? "/floor" : "/orders"} replace />} />
        {permissions.floor && (
          <>
            <Route path="floor" element={<FloorPage />} />
            <Route path="alarms" element={<AlarmsPage />} />
            <Route path="kpis" element={loading("the KPIs", <KpisPage />)} />
          </>
        )}
        <Route path="orders" element={<OrdersPage />} />
        <Route path="orders/:id" element={<OrderDetailPage />} />
        {permissions.inventory && (
          <>
            <Route path="inventory" element={<SkusPage />} />
            <Route path="inventory/:code" element={<SkuDetailPage />} />
          </>
        )}
        <Route path="shipments" element={<ShipmentsPage />} />
        <Route path="shipments/:id" element={<ShipmentDetailPage />} />
        <Route path="explorer" element={loading("the explorer", <ExplorerPage />)} />
        <Route path="*" element={<p className="muted">Nothing here.</p>} />
      </Route>
    </Routes>
  );
}

export function App({ config }: { config: AppConfig }) {
  return (
    <SessionProvider graphqlUrl={config.graphqlUrl}>
      <ApiProvider config={config}>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </ApiProvider>
    </SessionProvider>
  );
}
