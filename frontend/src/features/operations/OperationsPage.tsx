// The operations center: instances (where it opens), an instance's page, the Gantt of a day,
// backfills, the deployment history and the dashboard, each under /operations/...
import { Menu, Spin, Typography } from "antd";
import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, Route, Routes, useLocation } from "react-router-dom";

import { projectClock } from "../../clock";
import NotFound from "../../components/NotFound";
import { useCurrentProject, type Project } from "../../project/current";
import { usePermissions } from "../../project/permissions";
import BackfillDetailPage from "./BackfillDetailPage";
import BackfillsPage from "./BackfillsPage";
import BackfillWizardPage from "./BackfillWizardPage";
import { NoProject } from "./components";
import DeploymentsPage from "./DeploymentsPage";
import GanttPage from "./GanttPage";
import InstanceDetailPage from "./InstanceDetailPage";
import InstancesPage from "./InstancesPage";

// The dashboard's charts are a chunk of their own: the instance list does not load them.
const DashboardPage = lazy(() => import("./DashboardPage"));

/** What every operations page needs of the current project. */
export interface OpsContext {
  projectId: number;
  project: Project;
  /** The project's time zone: cycle times and clocks are shown in it. */
  timeZone: string;
  canOperate: boolean;
}

const SECTIONS = [
  { key: "/operations/instances", label: "sections.instances" },
  { key: "/operations/gantt", label: "sections.gantt" },
  { key: "/operations/backfills", label: "sections.backfills" },
  { key: "/operations/deployments", label: "sections.deployments" },
  { key: "/operations/dashboard", label: "sections.dashboard" },
] as const;

export function activeSection(pathname: string): string {
  return SECTIONS.find((section) => pathname.startsWith(section.key))?.key ?? SECTIONS[0].key;
}

/** /operations opens on the instance list, keeping any filters in the address. */
function ToInstances() {
  const { search } = useLocation();
  return <Navigate to={`/operations/instances${search}`} replace />;
}

export default function OperationsPage() {
  const { project, isLoading } = useCurrentProject();
  const { can } = usePermissions();
  const location = useLocation();
  const { t } = useTranslation("operations");

  const ctx: OpsContext | null = project
    ? {
        projectId: project.id,
        project,
        timeZone: project.timezone || "UTC",
        canOperate: can("operate"),
      }
    : null;

  return (
    <section aria-labelledby="page-title">
      <div style={{ display: "flex", alignItems: "baseline", gap: 16, flexWrap: "wrap" }}>
        <Typography.Title level={1} id="page-title" style={{ fontSize: 24, marginTop: 0, marginBottom: 8 }}>
          {t("title")}
        </Typography.Title>
        {project && (
          <Typography.Text type="secondary">
            {t("timesIn", { project: project.name, zone: projectClock(project.timezone).zoneLabel })}
          </Typography.Text>
        )}
      </div>
      <nav aria-label={t("sectionsLabel")}>
        <Menu
          mode="horizontal"
          selectedKeys={[activeSection(location.pathname)]}
          items={SECTIONS.map((section) => ({ key: section.key, label: <Link to={section.key}>{t(section.label)}</Link> }))}
          style={{ marginBottom: 16, background: "transparent" }}
        />
      </nav>
      {!ctx ? (
        <NoProject loading={isLoading} />
      ) : (
        // Keyed by project: switching projects starts every page afresh.
        <Routes key={ctx.projectId}>
          <Route index element={<ToInstances />} />
          <Route
            path="dashboard"
            element={
              <Suspense fallback={<Spin style={{ display: "block", margin: 48 }} />}>
                <DashboardPage ctx={ctx} />
              </Suspense>
            }
          />
          <Route path="instances" element={<InstancesPage ctx={ctx} />} />
          <Route path="instances/:id" element={<InstanceDetailPage ctx={ctx} />} />
          <Route path="gantt" element={<GanttPage ctx={ctx} />} />
          <Route path="backfills" element={<BackfillsPage ctx={ctx} />} />
          <Route path="backfills/new" element={<BackfillWizardPage ctx={ctx} />} />
          <Route path="backfills/:id" element={<BackfillDetailPage ctx={ctx} />} />
          <Route path="deployments" element={<DeploymentsPage ctx={ctx} />} />

          <Route path="*" element={<NotFound />} />
        </Routes>
      )}
    </section>
  );
}
