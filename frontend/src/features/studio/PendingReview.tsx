// In a project that reviews deploys: the node's requests still waiting for a reviewer, each a
// link to it on the Deploys page.
import { Space, Tag, Tooltip } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { useDeployRequests } from "../../queries/deployRequests";

export default function PendingReview({ projectId, nodeId }: { projectId: number; nodeId: number }) {
  const { t } = useTranslation("studio");
  const pending = useDeployRequests(projectId, "pending", nodeId);
  const requests = pending.data?.results ?? [];
  if (!requests.length) return null;
  return (
    <Space size={4} data-testid="pending-review">
      {requests.map((request) => {
        const version = request.items.find((item) => item.node === nodeId)?.version_number;
        return (
          <Tooltip key={request.id} title={t("review.pendingHint", { author: request.author ?? "—", message: request.message })}>
            <Link to={`/deploys?request=${request.id}`}>
              <Tag color="gold">{t("review.pending", { id: request.id, version })}</Tag>
            </Link>
          </Tooltip>
        );
      })}
    </Space>
  );
}
