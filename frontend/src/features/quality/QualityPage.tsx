import { Tabs } from "antd";
import { Route, Routes, useLocation, useNavigate } from "react-router-dom";
import { useTranslation } from "react-i18next";

import NotFound from "../../components/NotFound";
import Page from "../../components/Page";
import ProjectGate from "../../components/ProjectGate";
import RuleDetail from "./RuleDetail";
import RuleEditor from "./RuleEditor";
import RuleList from "./RuleList";
import RunsPage from "./RunsPage";

/** The two lists get tabs; a rule's own pages (detail, editor) have a breadcrumb instead. */
function ListTabs() {
  const location = useLocation();
  const navigate = useNavigate();
  const active = location.pathname.startsWith("/quality/runs") ? "runs" : "rules";
  const { t } = useTranslation("quality");
  return (
    <Tabs
      activeKey={active}
      onChange={(key) => navigate(key === "runs" ? "/quality/runs" : "/quality")}
      items={[
        { key: "rules", label: t("tabs.rules") },
        { key: "runs", label: t("tabs.runs") },
      ]}
      style={{ marginBottom: 8 }}
    />
  );
}

/** Data quality: rules on tables, run after the producing node or by hand, with their history. */
export default function QualityPage() {
  const { t } = useTranslation("quality");
  return (
    <Page title={t("title")}>
      <ProjectGate what={t("what")}>
        {(project) => (
          <Routes>
            <Route
              index
              element={
                <>
                  <ListTabs />
                  <RuleList project={project} />
                </>
              }
            />
            <Route
              path="runs"
              element={
                <>
                  <ListTabs />
                  <RunsPage project={project} />
                </>
              }
            />
            <Route path="rules/new" element={<RuleEditor project={project} />} />
            <Route path="rules/:ruleId" element={<RuleDetail project={project} />} />
            <Route path="rules/:ruleId/edit" element={<RuleEditor project={project} />} />
            <Route path="*" element={<NotFound />} />
          </Routes>
        )}
      </ProjectGate>
    </Page>
  );
}
