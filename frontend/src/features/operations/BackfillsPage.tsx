// The project's backfills, newest first, with their progress.
import { PlusOutlined } from "@ant-design/icons";
import { Alert, Button, Progress, Space, Table, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { errorMessage } from "../../errors";
import i18n from "../../i18n";

import { keys } from "../../queries/keys";
import { isMissingApi, useBackfills, type Backfill } from "./api";
import { BackfillStatusTag, LiveBadge, PageTitle } from "./components";
import { formatDateTime, relativeTime } from "./format";
import { useProjectLive } from "./live";
import type { OpsContext } from "./OperationsPage";
import { backfillFinished, backfillProgress } from "./states";

export function progressPercent(backfill: Pick<Backfill, "progress">): number {
  return backfillProgress({ status: "", progress: backfill.progress }).percent;
}

/** The progress bar of a backfill; a cancelled one never looks successful. */
export function BackfillProgress({ backfill, size }: { backfill: Pick<Backfill, "progress" | "status">; size?: "small" }) {
  const view = backfillProgress(backfill);
  return (
    <Progress
      data-testid="backfill-progress"
      percent={view.percent}
      size={size}
      status={view.status}
      strokeColor={view.strokeColor}
      format={view.label ? () => view.label : undefined}
    />
  );
}

export function dateSpan(dates: string[]): string {
  if (!dates.length) return "—";
  const sorted = [...dates].sort();
  return sorted.length === 1
    ? sorted[0]
    : `${sorted[0]} … ${sorted[sorted.length - 1]} ${i18n.t("operations:backfills.dateCount", { count: sorted.length })}`;
}

export function MissingBackfillApi() {
  const { t } = useTranslation("operations", { keyPrefix: "backfills" });
  return <Alert type="info" showIcon message={t("missingApi")} description={t("missingApiHelp")} />;
}

export default function BackfillsPage({ ctx }: { ctx: OpsContext }) {
  const { t } = useTranslation("operations", { keyPrefix: "backfills" });
  const { projectId, timeZone, canOperate } = ctx;
  const backfills = useBackfills(projectId, { poll: true });
  const live = useProjectLive(projectId, { refresh: [keys.backfills(projectId)], delay: 2000 });

  return (
    <section aria-label={t("title")}>
      <PageTitle
        extra={
          <Space>
            <LiveBadge status={live} />
            <Link to="/operations/backfills/new">
              <Button type="primary" icon={<PlusOutlined />} disabled={!canOperate}>
                {t("new")}
              </Button>
            </Link>
          </Space>
        }
      >
        {t("title")}
      </PageTitle>
      {backfills.error ? (
        isMissingApi(backfills.error) ? (
          <MissingBackfillApi />
        ) : (
          <Alert type="error" showIcon message={errorMessage(backfills.error)} />
        )
      ) : (
        <Table<Backfill>
          data-testid="backfills-table"
          rowKey="id"
          size="small"
          loading={backfills.isLoading}
          dataSource={backfills.data ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          locale={{ emptyText: t("empty") }}
          columns={[
            {
              title: t("name"),
              key: "name",
              render: (_: unknown, row) => (
                <Space direction="vertical" size={0}>
                  <Link to={`/operations/backfills/${row.id}`}>{row.name}</Link>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    #{row.id}
                  </Typography.Text>
                </Space>
              ),
            },
            { title: t("status"), dataIndex: "status", render: (status: string) => <BackfillStatusTag status={status} /> },
            {
              title: t("progress"),
              key: "progress",
              width: 200,
              render: (_: unknown, row) => (
                <BackfillProgress backfill={row} size="small" />
              ),
            },
            { title: t("dates"), key: "dates", render: (_: unknown, row) => dateSpan(row.dates) },
            { title: t("instances"), dataIndex: "instances_total", align: "right" },
            { title: t("parallelism"), dataIndex: "parallelism", align: "right" },
            { title: t("createdBy"), dataIndex: "created_by", render: (value: unknown) => (value ?? "—") as string },
            { title: t("created"), dataIndex: "created_at", render: (value: string) => formatDateTime(value, timeZone) },
            {
              title: t("finish"),
              key: "finish",
              render: (_: unknown, row) =>
                backfillFinished(row.status)
                  ? formatDateTime(row.finished_at, timeZone)
                  : row.estimated_finish
                    ? t("estimated", { when: relativeTime(row.estimated_finish) })
                    : "—",
            },
          ]}
        />
      )}
    </section>
  );
}
