// The operations center: dashboard, cycle instances, an instance's page, the Gantt of a day and
// backfills, each under /operations/...
import { Menu, Typography } from "antd";
import { Link, Route, Routes, useLocation } from "react-router-dom";

import NotFound from "../../components/NotFound";
import { useCurrentProject, type Project } from "../../project/current";
import { usePermissions } from "../../project/permissions";
import BackfillDetailPage from "./BackfillDetailPage";
import BackfillsPage from "./BackfillsPage";
import BackfillWizardPage from "./BackfillWizardPage";
import { NoProject } from "./components";
import DashboardPage from "./DashboardPage";
import GanttPage from "./GanttPage";
import InstanceDetailPage from "./InstanceDetailPage";
import InstancesPage from "./InstancesPage";

/** What every operations page needs of the current project. */
export interface OpsContext {
  projectId: number;
  project: Project;
  /** The project's time zone: cycle times and clocks are shown in it. */
  timeZone: string;
  canOperate: boolean;
}

const SECTIONS = [
  { key: "/operations", label: "Dashboard" },
  { key: "/operations/instances", label: "Cycle instances" },
  { key: "/operations/gantt", label: "Gantt" },
  { key: "/operations/backfills", label: "Backfills" },
];

export function activeSection(pathname: string): string {
  const match = [...SECTIONS].reverse().find((section) => section.key !== "/operations" && pathname.startsWith(section.key));
  return match?.key ?? "/operations";
}

export default function OperationsPage() {
  const { project, isLoading } = useCurrentProject();
  const { can } = usePermissions();
  const location = useLocation();

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
          Operations
        </Typography.Title>
        {project && (
          <Typography.Text type="secondary">
            {project.name} · times in {project.timezone}
          </Typography.Text>
        )}
      </div>
      <nav aria-label="Operations sections">
        <Menu
          mode="horizontal"
          selectedKeys={[activeSection(location.pathname)]}
          items={SECTIONS.map((section) => ({ key: section.key, label: <Link to={section.key}>{section.label}</Link> }))}
          style={{ marginBottom: 16, background: "transparent" }}
        />
      </nav>
      {!ctx ? (
        <NoProject loading={isLoading} />
      ) : (
        // Keyed by project: switching projects starts every page afresh.
        <Routes key={ctx.projectId}>
          <Route index element={<DashboardPage ctx={ctx} />} />
          <Route path="instances" element={<InstancesPage ctx={ctx} />} />
          <Route path="instances/:id" element={<InstanceDetailPage ctx={ctx} />} />
          <Route path="gantt" element={<GanttPage ctx={ctx} />} />
          <Route path="backfills" element={<BackfillsPage ctx={ctx} />} />
          <Route path="backfills/new" element={<BackfillWizardPage ctx={ctx} />} />
          <Route path="backfills/:id" element={<BackfillDetailPage ctx={ctx} />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      )}
    </section>
  );
}
