// The project's operations dashboard: the day's instances by status, failures that need someone,
// what runs longest right now, and 14 days of success rate and durations.
import { Alert, Button, Card, Col, DatePicker, Empty, Row, Skeleton, Space, Statistic, Table, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { Suspense, lazy } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";

import { errorMessage } from "../../errors";
import { keys } from "../../queries/keys";
import { useDashboard, type OpsRow } from "./api";
import { InstanceActions, LiveBadge, PageTitle, StatusTag, useNow } from "./components";
import { filtersToSearch } from "./filters";
import { formatDuration } from "../../format";
import { formatDateTime, runSeconds } from "./format";
import { useProjectLive } from "./live";
import type { OpsContext } from "./OperationsPage";
import { INSTANCE_STATES, stateStyle, type InstanceState } from "./states";

const DashboardCharts = lazy(() => import("./DashboardCharts"));

function listLink(bizdate: string, status: InstanceState[]) {
  return `/operations/instances${filtersToSearch({ bizdate, status })}`;
}

export default function DashboardPage({ ctx }: { ctx: OpsContext }) {
  const { t } = useTranslation("operations", { keyPrefix: "dashboard" });
  const { projectId, timeZone, canOperate } = ctx;
  const [search, setSearch] = useSearchParams();
  const chosen = /^\d{4}-\d{2}-\d{2}$/.test(search.get("bizdate") ?? "") ? search.get("bizdate") : null;
  const dashboard = useDashboard(projectId, chosen);
  const live = useProjectLive(projectId, { refresh: [keys.dashboards(projectId)], delay: 1500 });
  const data = dashboard.data;
  const now = useNow(!!data?.running.length);

  if (dashboard.error) return <Alert type="error" showIcon message={t("loadFailed", { reason: errorMessage(dashboard.error) })} />;
  if (!data) return <Skeleton active />;

  const count = (...states: InstanceState[]) => states.reduce((sum, state) => sum + (data.counts[state] ?? 0), 0);
  const tiles: { title: string; states: InstanceState[]; color: string }[] = [
    { title: t("succeeded"), states: ["success"], color: stateStyle("success").color },
    { title: t("running"), states: ["queued", "running", "checking"], color: stateStyle("running").color },
    { title: t("waiting"), states: ["pending"], color: stateStyle("pending").color },
    { title: t("failed"), states: ["failed", "upstream_failed"], color: stateStyle("failed").color },
    { title: t("frozen"), states: ["frozen"], color: stateStyle("frozen").color },
    { title: t("killedOrSkipped"), states: ["killed", "skipped"], color: stateStyle("killed").color },
  ];

  const rowColumns = (extra: "error" | "elapsed" | "duration") => [
    {
      title: t("node"),
      key: "node",
      width: 160,
      ellipsis: true,
      render: (_: unknown, row: OpsRow) => <Link to={`/operations/instances/${row.id}`}>{row.node_name}</Link>,
    },
    { title: t("bizdate"), dataIndex: "bizdate", key: "bizdate", width: 110 },
    ...(extra === "error"
      ? []
      : [{ title: t("status"), dataIndex: "status", key: "status", render: (status: string) => <StatusTag status={status} /> }]),
    extra === "error"
      ? {
          title: t("error"),
          key: "error",
          width: "45%",
          ellipsis: true,
          render: (_: unknown, row: OpsRow) => <Typography.Text title={row.error}>{row.error || "—"}</Typography.Text>,
        }
      : extra === "elapsed"
        ? {
            title: t("runningFor"),
            key: "elapsed",
            align: "right" as const,
            render: (_: unknown, row: OpsRow) => formatDuration(runSeconds(row, now)),
          }
        : {
            title: t("took"),
            key: "took",
            align: "right" as const,
            render: (_: unknown, row: OpsRow) => formatDuration(row.duration_seconds),
          },
  ];

  return (
    <section aria-label={t("label")}>
      <PageTitle
        extra={
          <Space>
            <LiveBadge status={live} />
            <DatePicker
              aria-label={t("bizdate")}
              allowClear
              placeholder={t("today")}
              value={chosen ? dayjs(chosen) : null}
              onChange={(value) => {
                const next = new URLSearchParams(search);
                if (value) next.set("bizdate", value.format("YYYY-MM-DD"));
                else next.delete("bizdate");
                setSearch(next, { replace: true });
              }}
            />
          </Space>
        }
      >
        {t("title", { bizdate: data.bizdate })}
      </PageTitle>

      <Card size="small" style={{ marginBottom: 16 }} data-testid="status-counts">
        <Space size={40} wrap>
          <Statistic title={t("instances")} value={data.total} />
          {tiles.map((tile) => (
            <Link key={tile.title} to={listLink(data.bizdate, tile.states)} data-testid={`count-${tile.states[0]}`}>
              <Statistic title={tile.title} value={count(...tile.states)} valueStyle={{ color: tile.color }} />
            </Link>
          ))}
        </Space>
        <div style={{ marginTop: 12 }}>
          {INSTANCE_STATES.filter((state) => data.counts[state]).map((state) => (
            <Link key={state} to={listLink(data.bizdate, [state])}>
              <Tag color={stateStyle(state).tag}>
                {stateStyle(state).label}: {data.counts[state]}
              </Tag>
            </Link>
          ))}
        </div>
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card
            size="small"
            title={t("attention", { count: data.attention_total })}
            extra={<Link to={`/operations/instances${filtersToSearch({ status: ["failed"] })}`}>{t("allFailed")}</Link>}
            data-testid="attention"
          >
            {data.attention.length ? (
              <Table<OpsRow>
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={data.attention}
                columns={[
                  ...rowColumns("error"),
                  {
                    title: "",
                    key: "act",
                    width: 90,
                    render: (_: unknown, row: OpsRow) => (
                      <InstanceActions projectId={projectId} instance={row} allowed={canOperate} size="small" actions={["rerun"]} />
                    ),
                  },
                ]}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("noFailures")} />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t("longestRunning")} data-testid="longest-running">
            {data.running.length ? (
              <Table<OpsRow> size="small" rowKey="id" pagination={false} dataSource={data.running} columns={rowColumns("elapsed")} />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("nothingRunning")} />
            )}
          </Card>
          <Card size="small" title={t("slowest")} style={{ marginTop: 16 }}>
            {data.slowest.length ? (
              <Table<OpsRow> size="small" rowKey="id" pagination={false} dataSource={data.slowest.slice(0, 5)} columns={rowColumns("duration")} />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("nothingFinished")} />
            )}
          </Card>
        </Col>
        <Col span={24}>
          <Card size="small" title={t("history")} data-testid="history">
            <Suspense fallback={<Skeleton active />}>
              <DashboardCharts history={data.history} />
            </Suspense>
          </Card>
        </Col>
      </Row>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 12 }}>
        {t("updated", { time: formatDateTime(data.generated_at, timeZone) })}{" "}
        <Button type="link" size="small" onClick={() => void dashboard.refetch()} style={{ padding: 0 }}>
          {t("refresh")}

        </Button>
      </Typography.Paragraph>
    </section>
  );
}
