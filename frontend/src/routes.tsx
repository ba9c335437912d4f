import { Navigate, type RouteObject } from "react-router-dom";

import RouteError from "./components/RouteError";
import { DEFAULT_PATH } from "./routes.constants";
import { PreloadOnInput } from "./routes.preload";

export { DEFAULT_PATH };

// Every page, the login page and the frame around the pages are chunks of their own, loaded by
// the router (`lazy`) in parallel for the matched routes: the login page needs a form and
// nothing else, and the studio's editor, the designer's graph and the charts are downloaded
// only by the pages that show them. Each loader is named here once so that the login page can
// start fetching the page it leads to (routes.preload.tsx).
const PAGES = {
  studio: () => import("./features/studio/StudioPage"),
  designer: () => import("./features/designer/DesignerPage"),
  query: () => import("./features/query/QueryPage"),
  operations: () => import("./features/operations/OperationsPage"),
  quality: () => import("./features/quality/QualityPage"),
  datamap: () => import("./features/datamap/DataMapPage"),
  alerts: () => import("./features/alerts/AlertsPage"),
  deploys: () => import("./features/deploys/DeploysPage"),
  settings: () => import("./features/settings/SettingsPage"),
};
type Section = keyof typeof PAGES;

const frame = () => Promise.all([import("./components/RequireAuth"), import("./layouts/AppLayout")]);
const login = () => import("./features/auth/LoginPage");

/** Start downloading the code of the page at `path` (and the frame around it); never fails. */
export function preloadPath(path: string): void {
  const section = path.split(/[/?#]/)[1] as Section;
  const loads: Promise<unknown>[] = [frame()];
  if (section in PAGES) loads.push(PAGES[section]());
  // A failed download shows when the route itself loads it again.
  void Promise.all(loads).catch(() => undefined);
}

// What shows while the first page's code downloads: the empty page, as before the app starts.
const Blank = () => null;

const page = (section: Section) => async () => ({ Component: (await PAGES[section]()).default });

/** Opt in to react-router v7 behaviour now (and silence its console warnings). */
export const ROUTER_FUTURE = {
  v7_relativeSplatPath: true,
  v7_fetcherPersist: true,
  v7_normalizeFormMethod: true,
  v7_partialHydration: true,
  v7_skipActionErrorRevalidation: true,
} as const;

export const routes: RouteObject[] = [
  {
    path: "/login",
    HydrateFallback: Blank,
    lazy: async () => {
      const { default: LoginPage } = await login();
      return {
        element: (
          <PreloadOnInput preload={preloadPath}>
            <LoginPage />
          </PreloadOnInput>
        ),
      };
    },
    errorElement: <RouteError />,
  },
  {
    path: "/",
    HydrateFallback: Blank,
    lazy: async () => {
      const [{ default: RequireAuth }, { default: AppLayout }] = await frame();
      return {
        element: (
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        ),
      };
    },
    errorElement: <RouteError />,
    children: [
      { index: true, element: <Navigate to={DEFAULT_PATH} replace /> },
      {
        // Errors inside a page (a chunk that failed to load...) keep the frame around them.
        errorElement: <RouteError />,
        children: [
          { path: "studio/*", lazy: page("studio") },
          { path: "designer/*", lazy: page("designer") },
          { path: "query/*", lazy: page("query") },
          { path: "operations/*", lazy: page("operations") },
          { path: "quality/*", lazy: page("quality") },
          { path: "datamap/*", lazy: page("datamap") },
          { path: "alerts/*", lazy: page("alerts") },
          { path: "deploys/*", lazy: page("deploys") },
          { path: "settings/*", lazy: page("settings") },
          {
            path: "*",
            lazy: async () => ({ Component: (await import("./components/NotFound")).default }),
          },
        ],
      },
    ],
  },
];
