import { QueryClientProvider } from "@tanstack/react-query";
import { ConfigProvider } from "antd";
// The ES modules (antd/locale/* are CommonJS and drag in the CommonJS copies of the pickers' locales).
import enUS from "antd/es/locale/en_US";
import zhCN from "antd/es/locale/zh_CN";
import { useTranslation } from "react-i18next";
import { RouterProvider, createBrowserRouter } from "react-router-dom";

import "./i18n";
import { prefetchStartupPage } from "./features/operations/api";
import { firstPageParams } from "./features/operations/filters";
import { projectsQuery, storedProjectId } from "./project/current";
import { meQuery } from "./queries/useMe";
import { createQueryClient } from "./queryClient";
import { ROUTER_FUTURE, routes } from "./routes";
import { appTheme } from "./theme";

const queryClient = createQueryClient();
// Ask who is logged in, and for their projects unless they are about to log in, while the code
// of the frame and the page downloads rather than once the frame has rendered.
void queryClient.prefetchQuery(meQuery);
if (!window.location.pathname.startsWith("/login")) void queryClient.prefetchQuery(projectsQuery);
// Opened on the instance list (/operations redirects there), its first page for the project last
// worked in, the same query as the page's: the rows arrive with the session instead of after
// it, the projects and the page's first render, and stay fresh for the page's first render. A
// project that is gone costs one refused request.
const lastProject = storedProjectId();
if (lastProject && /^\/operations(\/instances)?\/?$/.test(window.location.pathname)) {
  void prefetchStartupPage(queryClient, lastProject, firstPageParams(window.location.search));
}
// A data router (BrowserRouter's history-API routing plus loaders and useBlocker, which the
// studio will want for unsaved edits).
const router = createBrowserRouter(routes, { future: ROUTER_FUTURE });

export default function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider theme={appTheme} locale={i18n.language === "zh-CN" ? zhCN : enUS}>
      {/* antd's App (message, modal and notification) is in the frame (AppLayout): logging in needs none. */}
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} future={{ v7_startTransition: true }} />
      </QueryClientProvider>
    </ConfigProvider>
  );
}
