import { Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Route, Routes } from "react-router-dom";

import "./messages";

import NotFound from "../../components/NotFound";
import ProjectGate from "../../components/ProjectGate";
import SearchView from "./SearchView";
import TablePage from "./TablePage";

/** The Data Map: every table of the project's data sources, searchable, each with its page. */
export default function DataMapPage() {
  const { t } = useTranslation("datamap");
  return (
    <section aria-labelledby="page-title">
      <Typography.Title level={1} id="page-title" style={{ fontSize: 24, marginTop: 0 }}>
        {t("title")}
      </Typography.Title>
      <ProjectGate what={t("what")}>
        {(project) => (
          <Routes>
            <Route index element={<SearchView project={project} />} />
            <Route path="tables/:tableId" element={<TablePage project={project} />} />
            <Route path="*" element={<NotFound />} />
          </Routes>
        )}
      </ProjectGate>
    </section>
  );
}
