// One backfill: progress, counts per business date, estimated finish, pause / resume / cancel,
// and its instances (a failed one is rerun with its downstream).
import { ArrowLeftOutlined, ExclamationCircleOutlined } from "@ant-design/icons";
import { App as AntApp, Alert, Button, Card, Descriptions, Result, Skeleton, Space, Table, Tag, Tooltip, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";

import { isApiError } from "../../api/client";
import { errorMessage, showError } from "../../errors";
import { keys } from "../../queries/keys";
import { isMissingApi, useBackfill, useBackfillAction, type BackfillAction, type BackfillPerDate } from "./api";
import { BackfillProgress, MissingBackfillApi } from "./BackfillsPage";
import { BackfillStatusTag, DateStatusTag, LiveBadge, noRole, useConfirmAction } from "./components";
import { DEFAULT_PAGE_SIZE, type Sort } from "./filters";
import { formatDuration } from "../../format";
import { formatDateTime, relativeTime } from "./format";
import InstancesTable from "./InstancesTable";
import { useProjectLive } from "./live";
import type { OpsContext } from "./OperationsPage";
import { INSTANCE_STATES, backfillFinished, backfillStyle, stateStyle } from "./states";


/** The backfill's actions; their words are under operations:backfill.actions.<action>. */
const ACTIONS: { action: BackfillAction; allowed: (status: string) => boolean }[] = [
  { action: "pause", allowed: (status) => status === "running" },
  { action: "resume", allowed: (status) => status === "paused" },
  { action: "cancel", allowed: (status) => status === "running" || status === "paused" },
];

/** A thin bar of a date's instances by status. */
export function CountsBar({ counts }: { counts: Record<string, number> }) {
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  if (!total) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Tooltip
      title={INSTANCE_STATES.filter((s) => counts[s])
        .map((s) => `${stateStyle(s).label}: ${counts[s]}`)
        .join(", ")}
    >
      <div style={{ display: "flex", height: 10, width: 200, borderRadius: 3, overflow: "hidden", background: "#f0f0f0" }}>
        {INSTANCE_STATES.filter((s) => counts[s]).map((s) => (
          <div key={s} style={{ width: `${(counts[s] / total) * 100}%`, background: stateStyle(s).color }} />
        ))}
      </div>
    </Tooltip>
  );
}

export default function BackfillDetailPage({ ctx }: { ctx: OpsContext }) {
  const { t } = useTranslation("operations", { keyPrefix: "backfill" });
  const { projectId, timeZone, canOperate } = ctx;
  const id = Number(useParams().id);
  const { modal, message } = AntApp.useApp();
  const query = useBackfill(projectId, id);
  const act = useBackfillAction(projectId);
  const { confirm } = useConfirmAction(projectId);
  const [bizdate, setBizdate] = useState<string | undefined>();
  const [sort, setSort] = useState<Sort | null>(null);
  const [pageSize, setPageSize] = useState(DEFAULT_PAGE_SIZE);
  const live = useProjectLive(projectId, {
    refresh: [keys.backfill(projectId, id), keys.instances(projectId)],
    delay: 1000,
  });
  const params = useMemo(() => ({ backfill: id, bizdate }), [id, bizdate]);
  const backfill = query.data;

  if (query.error) {
    const status = isApiError(query.error) ? query.error.status : 0;
    if (isMissingApi(query.error) && status === 405) return <MissingBackfillApi />;
    return (
      <Result
        status={status === 404 ? "404" : "error"}
        title={status === 404 ? t("noSuch") : t("couldNotLoad")}
        subTitle={errorMessage(query.error)}
        extra={<Link to="/operations/backfills">{t("all")}</Link>}
      />
    );
  }
  if (!backfill) return <Skeleton active />;

  const run = (item: (typeof ACTIONS)[number]) =>
    modal.confirm({
      title: t(`actions.${item.action}.confirm`, { name: backfill.name }),
      icon: <ExclamationCircleOutlined />,
      content: t(`actions.${item.action}.question`),
      okText: t(`actions.${item.action}.label`),
      okButtonProps: { danger: item.action === "cancel" },
      cancelText: t("keepIt"),
      onOk: () =>
        act.mutateAsync({ id: backfill.id, action: item.action }).then(
          (updated) => void message.success(t("nowStatus", { status: backfillStyle(updated.status).label })),
          (error) => showError(message, error, t(`actions.${item.action}.failed`)),
        ),
    });

  const finished = backfillFinished(backfill.status);

  return (
    <section aria-label={t("label", { id: backfill.id })}>
      <Link to="/operations/backfills">
        <ArrowLeftOutlined /> {t("back")}
      </Link>
      <div style={{ display: "flex", alignItems: "center", gap: 12, flexWrap: "wrap", margin: "8px 0 12px" }}>
        <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
          {backfill.name}
        </Typography.Title>
        <span data-testid="backfill-status">
          <BackfillStatusTag status={backfill.status} />
        </span>
        <div style={{ flex: 1 }} />
        <LiveBadge status={live} />
        <Space>
          {ACTIONS.map((item) => (
            <Tooltip key={item.action} title={!canOperate ? noRole() : undefined}>
              <Button
                danger={item.action === "cancel"}
                disabled={!canOperate || !item.allowed(backfill.status)}
                loading={act.isPending && act.variables?.action === item.action}
                onClick={() => run(item)}
              >
                {t(`actions.${item.action}.label`)}
              </Button>
            </Tooltip>
          ))}
        </Space>
      </div>

      <Card size="small" style={{ marginBottom: 16 }}>
        <BackfillProgress backfill={backfill} />
        <Space wrap size={[8, 8]} style={{ marginTop: 8 }}>
          {INSTANCE_STATES.filter((s) => backfill.counts?.[s]).map((s) => (
            <Tag key={s} color={stateStyle(s).tag}>
              {stateStyle(s).label}: {backfill.counts[s]}
            </Tag>
          ))}
        </Space>
        <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginTop: 12 }} labelStyle={{ whiteSpace: "nowrap" }} contentStyle={{ whiteSpace: "nowrap" }}>
          <Descriptions.Item label={t("instances")}>{backfill.instances_total}</Descriptions.Item>
          {backfill.estimated_seconds !== null && backfill.estimated_seconds !== undefined && (
            <Descriptions.Item label={t("estimatedTime")}>
              <span style={{ whiteSpace: "nowrap" }} data-testid="backfill-estimate">
                {formatDuration(backfill.estimated_seconds)}
              </span>
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t("dates")}>{backfill.dates.length}</Descriptions.Item>
          <Descriptions.Item label={t("order")}>{backfill.order === "desc" ? t("newestFirst") : t("oldestFirst")}</Descriptions.Item>
          <Descriptions.Item label={t("datesAtATime")}>{backfill.parallelism}</Descriptions.Item>
          <Descriptions.Item label={t("nodes")}>{backfill.node_ids.length}</Descriptions.Item>
          <Descriptions.Item label={t("created")}>
            {formatDateTime(backfill.created_at, timeZone)}
            {backfill.created_by ? t("byUser", { user: backfill.created_by }) : ""}
          </Descriptions.Item>
          <Descriptions.Item label={finished ? t("finished") : t("estimatedFinish")}>
            <span data-testid="backfill-finish">
              {finished
                ? formatDateTime(backfill.finished_at, timeZone)
                : backfill.estimated_finish
                  ? `${formatDateTime(backfill.estimated_finish, timeZone)} (${relativeTime(backfill.estimated_finish)})`
                  : backfill.status === "paused"
                    ? t("paused")
                    : t("notKnown")}
            </span>
          </Descriptions.Item>
        </Descriptions>
      </Card>

      {backfill.status === "failed" && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          message={t("someFailed")}
          description={t("someFailedHelp")}
        />
      )}

      <Card size="small" title={t("perDate")} style={{ marginBottom: 16 }}>
        <Table<BackfillPerDate>
          size="small"
          rowKey="bizdate"
          data-testid="backfill-dates"
          dataSource={backfill.per_date}
          pagination={backfill.per_date.length > 31 ? { pageSize: 31 } : false}
          rowClassName={(row) => (row.bizdate === bizdate ? "ant-table-row-selected" : "")}
          columns={[
            { title: t("bizdate"), dataIndex: "bizdate", width: 140 },
            { title: t("status"), dataIndex: "status", width: 150, render: (_: unknown, row) => <DateStatusTag status={row.status} /> },
            { title: t("instances"), key: "bar", render: (_: unknown, row) => <CountsBar counts={row.counts} /> },
            {
              title: "",
              key: "show",
              width: 150,
              render: (_: unknown, row) => (
                <Button size="small" type="link" onClick={() => setBizdate(row.bizdate === bizdate ? undefined : row.bizdate)}>
                  {row.bizdate === bizdate ? t("showAllDates") : t("showItsInstances")}
                </Button>
              ),
            },
          ]}
        />
      </Card>

      <Card size="small" title={bizdate ? t("instancesOf", { bizdate }) : t("instances")}>
        <InstancesTable
          projectId={projectId}
          timeZone={timeZone}
          canOperate={canOperate}
          params={params}
          sort={sort}
          onSortChange={setSort}
          pageSize={pageSize}
          onPageSizeChange={setPageSize}
          rowExtra={(row) =>
            row.status === "failed" || row.status === "upstream_failed" || row.status === "killed" ? (
              <Button
                size="small"
                type="primary"
                ghost
                disabled={!canOperate}
                onClick={() => confirm(row, "rerun-downstream")}
              >
                {t("rerunDownstream")}
              </Button>
            ) : null
          }
        />
      </Card>
    </section>
  );
}
