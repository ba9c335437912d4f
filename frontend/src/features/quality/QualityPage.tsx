import { Typography } from "antd";
import { Route, Routes } from "react-router-dom";

import NotFound from "../../components/NotFound";
import ProjectGate from "./ProjectGate";
import RuleDetail from "./RuleDetail";
import RuleEditor from "./RuleEditor";
import RuleList from "./RuleList";

/** Data quality: rules on tables, run after the producing node or by hand, with their history. */
export default function QualityPage() {
  return (
    <section aria-labelledby="page-title">
      <Typography.Title level={1} id="page-title" style={{ fontSize: 24, marginTop: 0 }}>
        Quality
      </Typography.Title>
      <ProjectGate what="quality rules">
        {(project) => (
          <Routes>
            <Route index element={<RuleList project={project} />} />
            <Route path="rules/new" element={<RuleEditor project={project} />} />
            <Route path="rules/:ruleId" element={<RuleDetail project={project} />} />
            <Route path="rules/:ruleId/edit" element={<RuleEditor project={project} />} />
            <Route path="*" element={<NotFound />} />
          </Routes>
        )}
      </ProjectGate>
    </section>
  );
}
