// A table's page: its columns, a preview of its first rows, its lineage, and the nodes and
// quality rules around it.
import { Alert, Breadcrumb, Button, Descriptions, Empty, InputNumber, List, Result, Space, Spin, Table, Tabs, Tag, Tooltip, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";

import { formatDateTime } from "../../clock";
import { errorMessage } from "../../errors";
import { formatNumber } from "../../format";
import type { Project } from "../../project/current";
import { accessOf } from "../../project/permissions";
import { useCatalogTable, useTablePreview, type TableDetail } from "./api";
import LineageGraph from "./LineageGraph";

function Preview({ project, tableId }: { project: Project; tableId: number }) {
  const { t } = useTranslation("datamap");
  const [limit, setLimit] = useState(20);
  const [asked, setAsked] = useState(false);
  const refusal = accessOf(project).refusal("test_run", "read the data of its sources");
  const preview = useTablePreview(project.id, tableId, limit, asked && !refusal);
  if (refusal) return <Alert type="info" showIcon message={t("preview.refused")} description={refusal} />;
  const columns = preview.data?.columns ?? [];
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Space>
        <Typography.Text>{t("preview.limit")}</Typography.Text>
        <InputNumber min={1} max={100} value={limit} onChange={(value) => setLimit(value ?? 20)} aria-label={t("preview.limit")} />
        <Button type="primary" onClick={() => (asked ? void preview.refetch() : setAsked(true))} loading={preview.isFetching} data-testid="catalog-preview">
          {t("preview.load")}
        </Button>
      </Space>
      {preview.error && <Alert type="error" showIcon message={errorMessage(preview.error)} />}
      {preview.data && (
        <Table
          size="small"
          data-testid="catalog-preview-rows"
          rowKey="key"
          pagination={false}
          scroll={{ x: true }}
          locale={{ emptyText: t("preview.empty") }}
          dataSource={preview.data.rows.map((row, n) => ({ key: n, ...Object.fromEntries(row.map((value, i) => [String(i), value])) }))}
          columns={columns.map((name, i) => ({
            title: name,
            dataIndex: String(i),
            render: (value: unknown) => (value === null ? <Typography.Text type="secondary">NULL</Typography.Text> : String(value)),
          }))}
        />
      )}
    </Space>
  );
}

function Usage({ detail, project }: { detail: TableDetail; project: Project }) {
  const { t } = useTranslation("datamap");
  const users = (list: TableDetail["writers"], testId: string) =>
    list.length === 0 ? (
      <Typography.Text type="secondary">{t("usage.none")}</Typography.Text>
    ) : (
      <Space wrap data-testid={testId}>
        {list.map((use) => (
          <Link key={use.node} to={`/studio/nodes/${use.node}`}>
            <Tag>
              {use.name}
              {use.line ? ` · ${t("usage.line", { line: use.line })}` : ""}
            </Tag>
          </Link>
        ))}
      </Space>
    );
  const last = detail.last_writer_instance;
  return (
    <Descriptions column={1} bordered size="small">
      <Descriptions.Item label={t("usage.writers")}>{users(detail.writers, "table-writers")}</Descriptions.Item>
      <Descriptions.Item label={t("usage.readers")}>{users(detail.readers, "table-readers")}</Descriptions.Item>
      <Descriptions.Item label={t("usage.lastWriter")}>
        {last ? (
          <Link to={`/operations/instances/${last.id}`}>
            {t("usage.instance", {
              id: last.id,
              node: last.node_name,
              bizdate: last.bizdate,
              when: formatDateTime(last.finished_at, project.timezone, false),
            })}
          </Link>
        ) : (
          <Typography.Text type="secondary">{t("usage.noWriter")}</Typography.Text>
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t("usage.rules")}>
        {detail.quality_rules.length === 0 ? (
          <Typography.Text type="secondary">{t("usage.noRules")}</Typography.Text>
        ) : (
          <List
            size="small"
            dataSource={detail.quality_rules}
            renderItem={(rule) => (
              <List.Item>
                <Space>
                  <Link to={`/quality/rules/${rule.id}`}>{rule.name}</Link>
                  <Tag>{rule.kind}</Tag>
                  <Tag color={rule.strength === "strong" ? "red" : "gold"}>{rule.strength}</Tag>
                  {!rule.enabled && <Tag>{t("usage.disabled")}</Tag>}
                </Space>
              </List.Item>
            )}
          />
        )}
      </Descriptions.Item>
    </Descriptions>
  );
}

export default function TablePage({ project }: { project: Project }) {
  const { t } = useTranslation("datamap");
  const tableId = Number(useParams().tableId) || null;
  const detail = useCatalogTable(project.id, tableId);
  if (detail.isLoading) return <Spin />;
  if (detail.error || !detail.data || tableId === null) {
    return <Result status="404" title={t("table.notFound")} subTitle={detail.error ? errorMessage(detail.error) : undefined} />;
  }
  const { table } = detail.data;
  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Breadcrumb items={[{ title: <Link to="/datamap">{t("table.back")}</Link> }, { title: table.qualified }]} />
      <Space align="baseline" wrap>
        <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }} data-testid="catalog-table-title">
          {table.qualified}
        </Typography.Title>
        <Tag>{t(`kind.${table.kind}`)}</Tag>
        <Tooltip title={table.datasource_kind}>
          <Tag color="blue">{table.datasource_name}</Tag>
        </Tooltip>
        {table.row_count !== null && table.row_count !== undefined && (
          <Typography.Text type="secondary">
            {t("columns.rows")}: {formatNumber(table.row_count, 0)}
          </Typography.Text>
        )}
        <Typography.Text type="secondary">{t("table.readAt", { when: formatDateTime(table.refreshed_at, project.timezone, false) })}</Typography.Text>
      </Space>
      {table.comment && <Typography.Paragraph>{table.comment}</Typography.Paragraph>}
      <Tabs
        items={[
          {
            key: "columns",
            label: t("table.tabs.columns"),
            children: (
              <Table
                size="small"
                rowKey="position"
                pagination={false}
                data-testid="catalog-columns"
                dataSource={detail.data.columns}
                locale={{ emptyText: <Empty /> }}
                columns={[
                  { title: t("columns.position"), dataIndex: "position", width: 60 },
                  { title: t("columns.name"), dataIndex: "name" },
                  { title: t("columns.type"), dataIndex: "data_type" },
                  { title: t("columns.comment"), dataIndex: "comment" },
                ]}
              />
            ),
          },
          { key: "preview", label: t("table.tabs.preview"), children: <Preview project={project} tableId={tableId} /> },
          { key: "lineage", label: t("table.tabs.lineage"), children: <LineageGraph projectId={project.id} tableId={tableId} /> },
          { key: "usage", label: t("table.tabs.usage"), children: <Usage detail={detail.data} project={project} /> },
        ]}
      />
    </Space>
  );
}
