// Ad-hoc query: a SQL console on one of the project's data sources (development in a
// standard-mode project). Scheduling parameters render for the chosen business date; every
// statement that returns rows gets a paged grid and a CSV download; a running query can be
// cancelled. The member's own queries are listed beside it and reopen with a click.
import { CaretRightOutlined, DownloadOutlined, StopOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Col, DatePicker, Empty, List, Row, Select, Space, Table, Tabs, Tag, Tooltip, Typography } from "antd";
import dayjs from "dayjs";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";

import { businessDate, useProjectClock } from "../../clock";
import EnvironmentTag from "../../components/EnvironmentTag";
import LoadError from "../../components/LoadError";
import ProjectGate from "../../components/ProjectGate";
import { errorMessage } from "../../errors";
import type { Project } from "../../project/current";
import { usePermissions } from "../../project/permissions";
import { useDataSources } from "../../queries/project";
import CodeEditor from "../studio/CodeEditor";
import { csvUrl, isLive, useAdhocQuery, useCancelQuery, useQueryHistory, useRows, useRunQuery, type AdhocQuery } from "./api";

const STATUS_COLOURS: Record<AdhocQuery["status"], string> = {
  queued: "default",
  running: "processing",
  success: "green",
  failed: "red",
  cancelled: "orange",
};

function StatementRows({ projectId, query, statement }: { projectId: number; query: AdhocQuery; statement: number }) {
  const { t } = useTranslation("query");
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const rows = useRows(projectId, query.id, statement, page, pageSize);
  const data = rows.data;
  const columns = (data?.columns ?? []).map((name, index) => ({ title: name, dataIndex: String(index), key: String(index), ellipsis: true }));
  const source = (data?.rows ?? []).map((row, index) => ({ key: index, ...Object.fromEntries(row.map((value, i) => [String(i), value === null ? "NULL" : String(value)])) }));
  return (
    <Space direction="vertical" style={{ width: "100%" }} data-testid="query-rows">
      <Space>
        <a href={csvUrl(projectId, query.id, statement)} download data-testid="download-csv">
          <Button size="small" icon={<DownloadOutlined />}>
            {t("downloadCsv")}
          </Button>
        </a>
        {data?.truncated ? <Typography.Text type="warning">{t("truncated", { count: data.total })}</Typography.Text> : null}
      </Space>
      {rows.isError ? <Alert type="error" showIcon message={errorMessage(rows.error)} /> : null}
      <Table
        size="small"
        bordered
        scroll={{ x: true }}
        loading={rows.isFetching}
        columns={columns}
        dataSource={source}
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100, 500],
          showTotal: (total) => t("rows", { count: total }),
          onChange: (next, size) => {
            setPage(size === pageSize ? next : 1);
            setPageSize(size);
          },
        }}
      />
    </Space>
  );
}

function Results({ projectId, query }: { projectId: number; query: AdhocQuery }) {
  const { t } = useTranslation("query");
  return (
    <Space direction="vertical" style={{ width: "100%" }} data-testid="query-result">
      <Space wrap>
        <Tag color={STATUS_COLOURS[query.status]} data-testid="query-status">
          {t(`status.${query.status}`)}
        </Tag>
        <EnvironmentTag environment={query.environment} />
        <Typography.Text type="secondary">{t("on", { datasource: query.datasource_name ?? "—", bizdate: query.bizdate })}</Typography.Text>
      </Space>
      {query.error ? <Alert type={query.status === "cancelled" ? "warning" : "error"} showIcon message={query.error} /> : null}
      <details>
        <summary>{t("renderedSql")}</summary>
        <pre style={{ whiteSpace: "pre-wrap", margin: 0 }} data-testid="rendered-sql">
          {query.rendered_sql}
        </pre>
      </details>
      {query.status === "success" && !query.sets.length ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("noRows")} /> : null}
      {query.sets.length ? (
        <Tabs
          size="small"
          type="card"
          items={query.sets.map((set) => ({
            key: String(set.statement),
            label: t("statement", { number: set.statement, count: set.total }),
            children: <StatementRows projectId={projectId} query={query} statement={set.statement} />,
          }))}
        />
      ) : null}
    </Space>
  );
}

function Console({ project }: { project: Project }) {
  const { t } = useTranslation("query");
  const { refusal } = usePermissions();
  const clock = useProjectClock();
  const datasources = useDataSources(project.id);
  const history = useQueryHistory(project.id);
  const [datasource, setDatasource] = useState<number | null>(project.default_datasource ?? null);
  const [sql, setSql] = useState("");
  const [bizdate, setBizdate] = useState(() => businessDate(project.timezone));
  const [shownId, setShownId] = useState<number | null>(null);
  const shown = useAdhocQuery(project.id, shownId);
  const run = useRunQuery(project.id);
  const cancel = useCancelQuery(project.id);
  const cannot = refusal("test_run", t("runWords"));
  const standard = project.mode === "standard";
  const tables = useMemo(() => [], []);
  useEffect(() => {
    if (datasource === null && datasources.data?.length) setDatasource(datasources.data[0].id);
  }, [datasource, datasources.data]);

  const submit = () => {
    if (datasource === null || !sql.trim()) return;
    run.mutate({ datasource, sql, bizdate }, { onSuccess: (query) => setShownId(query.id) });
  };
  const reopen = (query: AdhocQuery) => {
    setShownId(query.id);
    setSql(query.sql);
    if (query.datasource) setDatasource(query.datasource);
    setBizdate(query.bizdate);
  };
  const live = isLive(shown.data);

  return (
    <Row gutter={16}>
      <Col flex="auto" style={{ minWidth: 0 }}>
        <Space direction="vertical" style={{ width: "100%" }}>
          <Space wrap>
            <Select
              aria-label={t("datasource")}
              style={{ width: 220 }}
              value={datasource ?? undefined}
              onChange={setDatasource}
              loading={datasources.isLoading}
              options={(datasources.data ?? []).map((item) => ({ value: item.id, label: item.name }))}
              placeholder={t("datasource")}
            />
            <Tooltip title={t("bizdateHint")}>
              <DatePicker
                aria-label={t("bizdate")}
                allowClear={false}
                value={dayjs(bizdate)}
                onChange={(value) => value && setBizdate(value.format("YYYY-MM-DD"))}
              />
            </Tooltip>
            <EnvironmentTag environment={standard ? "development" : "production"} />
            <Tooltip title={cannot || undefined}>
              <Button type="primary" icon={<CaretRightOutlined />} disabled={!!cannot || datasource === null || !sql.trim()} loading={run.isPending || live} onClick={submit}>
                {t("run")}
              </Button>
            </Tooltip>
            {live && shown.data ? (
              <Button danger icon={<StopOutlined />} loading={cancel.isPending} onClick={() => cancel.mutate(shown.data.id)}>
                {t("cancel")}
              </Button>
            ) : null}
          </Space>
          {standard ? <Typography.Text type="secondary">{t("developmentOnly")}</Typography.Text> : null}
          {datasources.error ? <LoadError what={t("datasource")} error={datasources.error} onRetry={() => void datasources.refetch()} /> : null}
          <div style={{ border: "1px solid #f0f0f0", borderRadius: 6 }}>
            <CodeEditor value={sql} onChange={setSql} type="sql" tables={tables} height="220px" ariaLabel={t("editor")} />
          </div>
          {run.isError ? <Alert type="error" showIcon message={errorMessage(run.error)} data-testid="run-error" /> : null}
          {shown.data ? <Results projectId={project.id} query={shown.data} /> : null}
        </Space>
      </Col>
      <Col flex="300px">
        <Card size="small" title={t("history")}>
          {history.error ? <LoadError what={t("history")} error={history.error} onRetry={() => void history.refetch()} /> : null}
          <List
            size="small"
            loading={history.isLoading}
            dataSource={history.data?.results ?? []}
            locale={{ emptyText: t("noHistory") }}
            data-testid="query-history"
            renderItem={(query) => (
              <List.Item onClick={() => reopen(query)} style={{ cursor: "pointer", background: query.id === shownId ? "#e6f4ff" : undefined }}>
                <Space direction="vertical" size={0} style={{ minWidth: 0, width: "100%" }}>
                  <Typography.Text ellipsis code style={{ maxWidth: 260 }}>
                    {query.sql.split("\n")[0]}
                  </Typography.Text>
                  <Space size={4}>
                    <Tag color={STATUS_COLOURS[query.status]}>{t(`status.${query.status}`)}</Tag>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {clock.format(query.created_at)}
                    </Typography.Text>
                  </Space>
                </Space>
              </List.Item>
            )}
          />
        </Card>
      </Col>
    </Row>
  );
}

export default function QueryPage() {
  const { t } = useTranslation("query");
  return (
    <section aria-labelledby="page-title">
      <Typography.Title level={1} id="page-title" style={{ fontSize: 24, marginTop: 0 }}>
        {t("title")}
      </Typography.Title>
      <ProjectGate what={t("title")}>{(project) => <Console project={project} />}</ProjectGate>
    </section>
  );
}
