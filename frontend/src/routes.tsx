import { lazy } from "react";
import { Navigate, type RouteObject } from "react-router-dom";

import NotFound from "./components/NotFound";
import RequireAuth from "./components/RequireAuth";
import RouteError from "./components/RouteError";
import LoginPage from "./features/auth/LoginPage";
import AppLayout from "./layouts/AppLayout";
import { DEFAULT_PATH } from "./routes.constants";

// Each feature page is its own chunk: the studio's editor and the designer's graph library must
// not be downloaded by someone who only opens Operations.
const StudioPage = lazy(() => import("./features/studio/StudioPage"));
const DesignerPage = lazy(() => import("./features/designer/DesignerPage"));
const OperationsPage = lazy(() => import("./features/operations/OperationsPage"));
const QualityPage = lazy(() => import("./features/quality/QualityPage"));
const AlertsPage = lazy(() => import("./features/alerts/AlertsPage"));
const SettingsPage = lazy(() => import("./features/settings/SettingsPage"));

export { DEFAULT_PATH };

/** Opt in to react-router v7 behaviour now (and silence its console warnings). */
export const ROUTER_FUTURE = {
  v7_relativeSplatPath: true,
  v7_fetcherPersist: true,
  v7_normalizeFormMethod: true,
  v7_partialHydration: true,
  v7_skipActionErrorRevalidation: true,
} as const;

export const routes: RouteObject[] = [
  { path: "/login", element: <LoginPage />, errorElement: <RouteError /> },
  {
    path: "/",
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    errorElement: <RouteError />,
    children: [
      { index: true, element: <Navigate to={DEFAULT_PATH} replace /> },
      {
        // Errors inside a page (a chunk that failed to load...) keep the frame around them.
        errorElement: <RouteError />,
        children: [
          { path: "studio/*", element: <StudioPage /> },
          { path: "designer/*", element: <DesignerPage /> },
          { path: "operations/*", element: <OperationsPage /> },
          { path: "quality/*", element: <QualityPage /> },
          { path: "alerts/*", element: <AlertsPage /> },
          { path: "settings/*", element: <SettingsPage /> },
          { path: "*", element: <NotFound /> },
        ],
      },
    ],
  },
];
