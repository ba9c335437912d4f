import { lazy } from "react";
import { Navigate, type RouteObject } from "react-router-dom";

import RequireAuth from "./components/RequireAuth";
import LoginPage from "./features/auth/LoginPage";
import AppLayout from "./layouts/AppLayout";

const StudioPage = lazy(() => import("./features/studio/StudioPage"));
const DesignerPage = lazy(() => import("./features/designer/DesignerPage"));
const OperationsPage = lazy(() => import("./features/operations/OperationsPage"));
const QualityPage = lazy(() => import("./features/quality/QualityPage"));
const AlertsPage = lazy(() => import("./features/alerts/AlertsPage"));
const SettingsPage = lazy(() => import("./features/settings/SettingsPage"));

export const routes: RouteObject[] = [
  { path: "/login", element: <LoginPage /> },
  {
    path: "/",
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <Navigate to="/studio" replace /> },
      { path: "studio/*", element: <StudioPage /> },
      { path: "designer/*", element: <DesignerPage /> },
      { path: "operations/*", element: <OperationsPage /> },
      { path: "quality/*", element: <QualityPage /> },
      { path: "alerts/*", element: <AlertsPage /> },
      { path: "settings/*", element: <SettingsPage /> },
      { path: "*", element: <Navigate to="/studio" replace /> },
    ],
  },
];
