// Who deployed which version of a node, when and why (the deploy message).
import { List, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { useCurrentProject } from "../../project/current";
import { formatDateTime } from "../../clock";
import type { Deployment } from "./types";

export default function DeployHistory({ deployments }: { deployments: Deployment[] }) {
  const { t } = useTranslation("studio");
  const { project } = useCurrentProject();
  return (
    <div data-testid="deploy-history">
      <Typography.Title level={5} style={{ marginTop: 12, display: "flex", justifyContent: "space-between" }}>
        {t("versions.deployHistory")}
        <Link to="/operations/deployments" style={{ fontSize: 12, fontWeight: "normal" }}>
          {t("versions.allDeployments")}
        </Link>
      </Typography.Title>

      <List
        size="small"
        locale={{ emptyText: t("versions.noDeploys") }}
        dataSource={deployments}
        renderItem={(deployment) => (
          <List.Item data-testid={`deployment-${deployment.id}`}>
            <List.Item.Meta
              title={
                <>
                  {deployment.version_number ? <Tag color="green">v{deployment.version_number}</Tag> : <Tag>{t("versions.undeployed")}</Tag>}
                  {deployment.message || "—"}
                </>
              }
              description={
                <span style={{ fontSize: 12 }}>
                  {deployment.deployed_by ?? t("versions.nobody")} · {formatDateTime(deployment.created_at, project?.timezone)}
                </span>
              }
            />
          </List.Item>
        )}
      />
    </div>
  );
}
