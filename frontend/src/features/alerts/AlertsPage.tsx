import { Tabs } from "antd";
import { Navigate, Route, Routes, useLocation, useNavigate } from "react-router-dom";
import { useTranslation } from "react-i18next";

import NotFound from "../../components/NotFound";
import Page from "../../components/Page";
import ProjectGate from "../../components/ProjectGate";
import AlertRulesTab from "./AlertRulesTab";
import ChannelsTab from "./ChannelsTab";
import DeliveriesTab from "./DeliveriesTab";
import BaselinePage from "./baselines/BaselinePage";
import BaselinesTab from "./baselines/BaselinesTab";
import IncidentsTab from "./incidents/IncidentsTab";

const TABS = ["rules", "channels", "deliveries", "incidents", "baselines"];

/** Alerts: who is told about which events (rules), how (channels), and what was sent (deliveries). */
export default function AlertsPage() {
  const location = useLocation();
  const navigate = useNavigate();
  const active = location.pathname.split("/")[2] || "rules";
  const { t } = useTranslation("alerts");
  return (
    <Page title={t("title")}>
      <ProjectGate what={t("what")}>
        {(project) => (
          <>
            <Tabs
              activeKey={active}
              onChange={(key) => navigate(`/alerts/${key}`)}
              items={TABS.map((tab) => ({ key: tab, label: t(`tabs.${tab}`) }))}
              style={{ marginBottom: 8 }}
            />
            <Routes>
              <Route index element={<Navigate to="/alerts/rules" replace />} />
              <Route path="rules" element={<AlertRulesTab project={project} />} />
              <Route path="channels" element={<ChannelsTab project={project} />} />
              <Route path="deliveries" element={<DeliveriesTab project={project} />} />
              <Route path="incidents" element={<IncidentsTab project={project} />} />
              <Route path="baselines" element={<BaselinesTab project={project} />} />
              <Route path="baselines/:id" element={<BaselinePage project={project} />} />
              <Route path="*" element={<NotFound />} />
            </Routes>
          </>
        )}
      </ProjectGate>
    </Page>
  );
}
