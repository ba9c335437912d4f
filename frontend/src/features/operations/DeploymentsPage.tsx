// The project's deployment history: every deploy with its message, who and when, and the nodes
// and versions it published; each version links to its diff in the Studio.
import { Alert, Button, Select, Space, Table, Tag, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";

import { errorMessage } from "../../errors";
import { useProjectGraph } from "../../queries/project";
import { useDeploymentPage } from "./api";
import { PageTitle } from "./components";
import { groupDeployments, type DeployEntry, type Deployment } from "./deployments";
import { cursorOf } from "./filters";
import { formatDateTime } from "./format";
import type { OpsContext } from "./OperationsPage";

function DeployedNode({ deployment }: { deployment: Deployment }) {
  const { t } = useTranslation("operations", { keyPrefix: "deployments" });
  return (
    <Space size={4} data-testid={`deployed-node-${deployment.node}`}>
      <Link to={`/studio/nodes/${deployment.node}`}>{deployment.node_name}</Link>
      {deployment.version_number ? (
        <Link to={`/studio/nodes/${deployment.node}?diff=${deployment.version_number}`} title={t("showDiff", { number: deployment.version_number })}>
          <Tag color="green" style={{ marginInlineEnd: 0 }}>
            v{deployment.version_number}
          </Tag>
        </Link>
      ) : (
        <Tag style={{ marginInlineEnd: 0 }}>{t("undeployed")}</Tag>
      )}
    </Space>
  );
}

export default function DeploymentsPage({ ctx }: { ctx: OpsContext }) {
  const { t } = useTranslation("operations", { keyPrefix: "deployments" });
  const { projectId, timeZone } = ctx;
  const [search, setSearch] = useSearchParams();
  const nodeId = Number(search.get("node")) || null;
  // The cursors of the pages before this one, to go back to newer deploys.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1];
  const page = useDeploymentPage(projectId, nodeId, cursor);
  const graph = useProjectGraph(projectId);
  const entries = useMemo(() => groupDeployments(page.data?.results ?? []), [page.data]);
  const older = cursorOf(page.data?.next);

  const chooseNode = (value: number | undefined) => {
    const next = new URLSearchParams(search);
    if (value) next.set("node", String(value));
    else next.delete("node");
    setSearch(next, { replace: true });
    setCursors([null]);
  };

  return (
    <section aria-label={t("title")}>
      <PageTitle
        extra={
          <Select
            aria-label={t("node")}
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t("allNodes")}
            style={{ width: 240 }}
            value={nodeId ?? undefined}
            onChange={chooseNode}
            options={(graph.data?.nodes ?? []).map((node) => ({ value: node.id, label: node.name }))}
          />
        }
      >
        {t("title")}
      </PageTitle>
      {page.error && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={errorMessage(page.error)} />}
      <Table<DeployEntry>
        data-testid="deployments-table"
        rowKey="key"
        size="small"
        loading={page.isLoading || page.isPlaceholderData}

        dataSource={entries}
        pagination={false}
        locale={{ emptyText: t("empty") }}
        columns={[
          {
            title: t("when"),
            key: "when",
            width: 180,
            render: (_: unknown, entry) => <span style={{ whiteSpace: "nowrap" }}>{formatDateTime(entry.createdAt, timeZone)}</span>,
          },
          { title: t("who"), key: "who", width: 140, render: (_: unknown, entry) => entry.deployedBy ?? "—" },
          {
            title: t("message"),
            key: "message",
            render: (_: unknown, entry) =>
              entry.message ? <Typography.Text>{entry.message}</Typography.Text> : <Typography.Text type="secondary">—</Typography.Text>,
          },
          {
            title: t("nodes"),
            key: "nodes",
            render: (_: unknown, entry) => (
              <Space wrap size={[12, 4]}>
                {entry.deployments.map((deployment) => (
                  <DeployedNode key={deployment.id} deployment={deployment} />
                ))}
              </Space>
            ),
          },
        ]}
      />
      <Space style={{ marginTop: 12 }}>
        <Button disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>
          {t("newer")}
        </Button>
        <Button disabled={!older} onClick={() => older && setCursors([...cursors, older])}>
          {t("older")}
        </Button>
      </Space>
    </section>
  );
}
