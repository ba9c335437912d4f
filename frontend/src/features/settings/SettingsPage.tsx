import { Button, Empty, Spin, Tabs } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, Route, Routes, useLocation, useNavigate } from "react-router-dom";

import NotFound from "../../components/NotFound";
import Page from "../../components/Page";
import { useCurrentProject, type Project } from "../../project/current";
import { useMe } from "../../queries/useMe";
import AuditPage from "./AuditPage";
import DataSourcesPage from "./DataSourcesPage";
import { visibleSections } from "./logic";
import MembersPage from "./MembersPage";
import NewProjectPage from "./NewProjectPage";
import ProjectSettingsPage from "./ProjectSettingsPage";
import TokensPage from "./TokensPage";
import UsersPage from "./UsersPage";

/** A section that works in the current project: says why there is none yet, and offers to
 * create one to those who may. */
function InProject({ children }: { children: (project: Project) => ReactNode }) {
  const { t } = useTranslation("settings");
  const { project, isLoading } = useCurrentProject();
  const { data: me } = useMe();
  if (isLoading) return <Spin style={{ display: "block", margin: 48 }} />;
  if (!project) {
    return (
      <Empty style={{ marginTop: 48 }} description={t(me?.can_create_projects ? "noProjectCreate" : "noProject")}>
        {me?.can_create_projects ? (
          <Link to="/settings/new-project">
            <Button type="primary">{t("switcher.newProject")}</Button>
          </Link>
        ) : null}
      </Empty>
    );
  }
  return <>{children(project)}</>;
}

/** Settings: the project, its members, data sources and audit log; the caller's API tokens;
 * the installation's accounts for staff. Each section is its own page, /settings/<section>. */
export default function SettingsPage() {
  const { t } = useTranslation("settings");
  const location = useLocation();
  const navigate = useNavigate();
  const { data: me } = useMe();
  const { project } = useCurrentProject();
  const sections = visibleSections(me, project);
  const active = location.pathname.split("/")[2] || "";

  return (
    <Page title={t("title")}>
      <Tabs
        activeKey={active}
        onChange={(key) => navigate(`/settings/${key}`)}
        items={sections.map((key) => ({ key, label: t(`sections.${key}`) }))}
        style={{ marginBottom: 8 }}
        data-testid="settings-sections"
      />
      <Routes>
        <Route index element={<Navigate to="/settings/project" replace />} />
        <Route path="new-project" element={<NewProjectPage />} />
        <Route path="project" element={<InProject>{(p) => <ProjectSettingsPage project={p} />}</InProject>} />
        <Route path="members" element={<InProject>{(p) => <MembersPage project={p} />}</InProject>} />
        <Route path="datasources" element={<InProject>{(p) => <DataSourcesPage project={p} />}</InProject>} />
        <Route path="audit" element={<InProject>{(p) => <AuditPage project={p} />}</InProject>} />
        <Route path="tokens" element={<TokensPage />} />
        <Route path="users" element={<UsersPage />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </Page>
  );
}
