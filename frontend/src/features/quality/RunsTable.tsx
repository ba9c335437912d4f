import { Table, Tag, Tooltip, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { Link } from "react-router-dom";
import { useTranslation } from "react-i18next";

import EnvironmentTag from "../../components/EnvironmentTag";
import { formatTime } from "../../format";
import type { QualityRun } from "./rules";
import { formatBounds, formatDuration, formatValue, verdictInfo } from "./verdict";

const mono = { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace", fontSize: 12 } as const;

function RunDetails({ run }: { run: QualityRun }) {
  const { t } = useTranslation("quality");
  return (
    <div style={{ display: "grid", gap: 8 }}>
      {run.error && (
        <Typography.Paragraph type="danger" style={{ margin: 0, whiteSpace: "pre-wrap" }}>
          {run.error}
        </Typography.Paragraph>
      )}
      {run.sql ? (
        <pre style={{ ...mono, margin: 0, whiteSpace: "pre-wrap", wordBreak: "break-word" }}>{run.sql}</pre>
      ) : (
        <Typography.Text type="secondary">{t("runs.noSql")}</Typography.Text>
      )}
    </div>
  );
}

/** Runs of one rule (or of all rules, with the rule's name), newest first; a row opens its SQL and error. */
export default function RunsTable({
  runs,
  loading,
  total,
  page,
  pageSize,
  onPage,
  showRule = false,
  emptyText,
}: {
  runs: QualityRun[];
  loading: boolean;
  total: number;
  page: number;
  pageSize: number;
  onPage: (page: number, pageSize: number) => void;
  showRule?: boolean;
  emptyText?: string;
}) {
  const { t } = useTranslation("quality");
  const columns: ColumnsType<QualityRun> = [
    { title: t("runs.runAt"), dataIndex: "created_at", width: 170, render: (value: string) => formatTime(value) },
    ...(showRule
      ? [
          {
            title: t("runs.rule"),
            dataIndex: "rule_name",
            render: (name: string, run: QualityRun) => <Link to={`/quality/rules/${run.rule}`}>{name}</Link>,
          },
        ]
      : []),
    { title: t("common.businessDate"), dataIndex: "bizdate", width: 120 },
    {
      title: t("runs.trigger"),
      dataIndex: "instance",
      width: 130,
      render: (instance: number | null) =>
        instance ? (
          <Tooltip title={t("runs.afterInstance")}>
            <Link to={`/operations/instances/${instance}`}>{t("common.instance", { id: instance })}</Link>
          </Tooltip>
        ) : (
          t("runs.byHand")
        ),
    },
    {
      title: t("runs.environment"),
      dataIndex: "environment",
      width: 110,
      render: (environment: QualityRun["environment"]) => <EnvironmentTag environment={environment} />,
    },
    {
      title: t("runs.value"),
      dataIndex: "value",
      align: "right",
      width: 120,
      render: (value: number | null) => <span style={{ fontVariantNumeric: "tabular-nums" }}>{formatValue(value)}</span>,
    },
    {
      title: t("common.expected"),
      key: "bounds",
      width: 150,
      render: (_, run) => formatBounds(run.lower, run.upper),
    },
    {
      title: t("runs.verdict"),
      dataIndex: "verdict",
      width: 110,
      render: (verdict: QualityRun["verdict"], run) => {
        const info = verdictInfo(verdict);
        const tag = <Tag color={info.color}>{info.label}</Tag>;
        return run.error ? <Tooltip title={run.error}>{tag}</Tooltip> : tag;
      },
    },
    { title: t("runs.took"), dataIndex: "duration_ms", width: 90, render: (ms: number | null) => formatDuration(ms) },
  ];
  return (
    <Table<QualityRun>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={runs}
      loading={loading}
      expandable={{ expandedRowRender: (run) => <RunDetails run={run} />, rowExpandable: () => true }}
      pagination={{
        current: page,
        pageSize,
        total,
        onChange: onPage,
        showSizeChanger: true,
        pageSizeOptions: [10, 20, 50, 100],
        hideOnSinglePage: total <= 10,
      }}
      scroll={{ x: 880 }}
      locale={{ emptyText: emptyText ?? t("runs.empty") }}
    />
  );
}
