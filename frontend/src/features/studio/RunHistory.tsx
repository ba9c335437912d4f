// A node's past runs (test runs and scheduled or manual instances), each linking to its page in
// Operations; links to all its instances and to its place in the designer.
import { Space, Table, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { useCurrentProject } from "../../project/current";
import { formatDuration } from "../../format";
import { formatDateTime } from "../../clock";
import { useNodeInstances } from "./api";
import { StatusTag } from "./RunOutput";

interface Props {
  projectId: number;
  nodeId: number;
  workflowId: number | null;
  /** Only fetched while the panel is shown. */
  active: boolean;
}

export default function RunHistory({ projectId, nodeId, workflowId, active }: Props) {
  const { t } = useTranslation("studio");
  const { project } = useCurrentProject();
  const { data, isLoading, error } = useNodeInstances(projectId, nodeId, active);
  return (
    <div data-testid="run-history">
      <Space size={12} wrap style={{ marginBottom: 8 }}>
        <Link to={`/operations/instances?node=${nodeId}`}>{t("history.allInstances")}</Link>
        {workflowId !== null && <Link to={`/designer?workflow=${workflowId}&node=${nodeId}`}>{t("history.inDesigner")}</Link>}
      </Space>
      {error ? (
        <Typography.Text type="danger">{t("history.loadFailed")}</Typography.Text>
      ) : (
        <Table
          size="small"
          rowKey="id"
          loading={isLoading}
          pagination={false}
          dataSource={data?.results ?? []}
          locale={{ emptyText: t("history.empty") }}
          columns={[
            {
              title: t("history.instance"),
              dataIndex: "id",
              render: (id: number) => <Link to={`/operations/instances/${id}`}>#{id}</Link>,
            },
            {
              title: t("history.kind"),
              dataIndex: "run_kind",
              render: (kind: string) => <Tag>{t(`history.kinds.${kind}`, { defaultValue: kind })}</Tag>,
            },
            { title: t("history.status"), dataIndex: "status", render: (status: string) => <StatusTag status={status} /> },
            {
              title: t("history.when"),
              dataIndex: "created_at",
              render: (value: string) => formatDateTime(value, project?.timezone),
            },
            { title: t("history.duration"), dataIndex: "duration_seconds", render: (value: number | null) => formatDuration(value) },
          ]}
        />
      )}
    </div>
  );
}
