// Search across the catalogue's tables and columns, with the data sources' read state beside it.
import { ReloadOutlined } from "@ant-design/icons";
import { App, Button, Card, Input, List, Select, Space, Tag, Tooltip, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";

import ListTable from "../../components/ListTable";
import { formatDateTime } from "../../clock";
import { errorMessage } from "../../errors";
import { formatNumber } from "../../format";
import type { Project } from "../../project/current";
import { accessOf } from "../../project/permissions";
import { useCatalogSources, useCatalogTables, useRefreshCatalog, type CatalogSource, type CatalogTable } from "./api";

const PAGE_SIZE = 20;

function Sources({ project }: { project: Project }) {
  const { t } = useTranslation("datamap");
  const { message } = App.useApp();
  const sources = useCatalogSources(project.id);
  const refresh = useRefreshCatalog(project.id);
  const refusal = accessOf(project).refusal("edit", "refresh the catalogue");
  const ask = (datasource?: number) =>
    refresh.mutate(datasource, {
      onSuccess: () => void message.success(t("sources.asked")),
      onError: (error) => void message.error(errorMessage(error)),
    });
  const state = (source: CatalogSource) => {
    if (source.refreshing) return <Tag color="processing">{t("sources.refreshing")}</Tag>;
    if (source.error) return <Tag color="error">{t("sources.failed", { error: source.error })}</Tag>;
    if (!source.refreshed_at) return <Tag>{t("sources.never")}</Tag>;
    return (
      <Typography.Text type="secondary">
        {t("sources.readAt", { when: formatDateTime(source.refreshed_at, project.timezone, false) })} ·{" "}
        {t("sources.tables", { count: source.table_count })}
      </Typography.Text>
    );
  };
  return (
    <Card
      size="small"
      title={t("sources.title")}
      extra={
        <Tooltip title={refusal}>
          <Button
            icon={<ReloadOutlined />}
            size="small"
            disabled={Boolean(refusal)}
            loading={refresh.isPending}
            onClick={() => ask()}
            data-testid="catalog-refresh-all"
          >
            {t("sources.refreshAll")}
          </Button>
        </Tooltip>
      }
    >
      <List
        size="small"
        loading={sources.isLoading}
        dataSource={sources.data ?? []}
        renderItem={(source) => (
          <List.Item
            data-testid={`catalog-source-${source.name}`}
            actions={[
              <Button key="refresh" size="small" type="link" disabled={Boolean(refusal)} onClick={() => ask(source.datasource)}>
                {t("sources.refresh")}
              </Button>,
            ]}
          >
            <Space wrap>
              <Typography.Text strong>{source.name}</Typography.Text>
              <Tag>{source.kind}</Tag>
              {state(source)}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

export default function SearchView({ project }: { project: Project }) {
  const { t } = useTranslation("datamap");
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const datasource = Number(params.get("datasource")) || undefined;
  const [page, setPage] = useState(1);
  const [text, setText] = useState(q);
  const sources = useCatalogSources(project.id);
  const tables = useCatalogTables(project.id, { q: q || undefined, datasource, page, page_size: PAGE_SIZE });
  const update = (next: Record<string, string | undefined>) => {
    const merged = new URLSearchParams(params);
    for (const [key, value] of Object.entries(next)) {
      if (value) merged.set(key, value);
      else merged.delete(key);
    }
    setPage(1);
    setParams(merged, { replace: true });
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Sources project={project} />
      <Space wrap>
        <Input.Search
          allowClear
          value={text}
          onChange={(event) => setText(event.target.value)}
          onSearch={(value) => update({ q: value.trim() || undefined })}
          placeholder={t("search.placeholder")}
          aria-label={t("search.placeholder")}
          style={{ width: 420 }}
          data-testid="catalog-search"
        />
        <Select
          allowClear
          placeholder={t("search.allSources")}
          value={datasource}
          onChange={(value?: number) => update({ datasource: value ? String(value) : undefined })}
          options={(sources.data ?? []).map((s) => ({ value: s.datasource, label: s.name }))}
          style={{ width: 220 }}
        />
      </Space>
      <ListTable<CatalogTable>
        loading={tables.isLoading}
        empty={t("search.empty")}
        dataSource={tables.data?.results ?? []}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: tables.data?.count ?? 0,
          showTotal: (total) =>
            tables.data?.count_capped ? t("search.totalCapped", { count: total }) : t("search.total", { count: total }),
          onChange: setPage,
          hideOnSinglePage: true,
          showSizeChanger: false,
        }}
        columns={[
          {
            title: t("columns.table"),
            key: "qualified",
            render: (_, table) => (
              <Space direction="vertical" size={0}>
                <Link to={`/datamap/tables/${table.id}`} data-testid={`catalog-table-${table.qualified}`}>
                  {table.qualified}
                </Link>
                {table.matched_columns.length > 0 && (
                  <Space size={4} wrap aria-label={t("search.matched")}>
                    {table.matched_columns.map((column) => (
                      <Tag key={column.name} color="blue" title={column.comment || column.data_type}>
                        {column.name} <Typography.Text type="secondary">{column.data_type}</Typography.Text>
                      </Tag>
                    ))}
                  </Space>
                )}
              </Space>
            ),
          },
          { title: t("columns.datasource"), dataIndex: "datasource_name", width: 160 },
          { title: t("columns.kind"), dataIndex: "kind", width: 90, render: (kind: string) => t(`kind.${kind}`) },
          { title: t("columns.comment"), dataIndex: "comment", ellipsis: true },
          {
            title: t("columns.rows"),
            dataIndex: "row_count",
            width: 140,
            align: "right",
            render: (rows: number | null) => (rows === null || rows === undefined ? "—" : formatNumber(rows, 0)),
          },
          { title: t("columns.columns"), dataIndex: "column_count", width: 100, align: "right" },
        ]}
      />
    </Space>
  );
}
