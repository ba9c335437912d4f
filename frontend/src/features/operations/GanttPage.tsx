// The Gantt chart of one business date: what ran when, what ran late and what blocked whom.
import { Alert, Button, Checkbox, DatePicker, Empty, Input, Select, Space, Statistic, Typography } from "antd";
import dayjs from "dayjs";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";

import { businessDate } from "../../clock";
import { errorMessage } from "../../errors";
import { keys } from "../../queries/keys";
import { useWorkflows } from "../../queries/project";
import { useGantt } from "./api";
import { LiveBadge, PageTitle, useNow } from "./components";
import { addDays, formatClock } from "./format";
import { blockers, criticalPath, ganttLayout } from "./gantt";
import GanttChart from "./GanttChart";
import { useProjectLive } from "./live";
import type { OpsContext } from "./OperationsPage";
import { INSTANCE_STATES, RUN_KINDS, runKindLabel, stateStyle } from "./states";

const LATE_AFTER = 300;

export default function GanttPage({ ctx }: { ctx: OpsContext }) {
  const { projectId, timeZone } = ctx;
  const { t } = useTranslation("operations", { keyPrefix: "gantt" });
  const [search, setSearch] = useSearchParams();
  const bizdate = /^\d{4}-\d{2}-\d{2}$/.test(search.get("bizdate") ?? "") ? search.get("bizdate")! : businessDate(timeZone);
  const workflow = Number(search.get("workflow")) || undefined;
  const runKind = RUN_KINDS.find((kind) => kind === search.get("run_kind"));
  const status = search.get("status") || undefined;
  const text = search.get("search") || undefined;
  const onlyLate = search.get("late") === "1";

  const set = (name: string, value: string | number | undefined | null) => {
    const next = new URLSearchParams(search);
    if (value === undefined || value === null || value === "") next.delete(name);
    else next.set(name, String(value));
    setSearch(next, { replace: true });
  };

  const params = useMemo(
    () => ({ bizdate, workflow, run_kind: runKind, status, search: text }),
    [bizdate, workflow, runKind, status, text],
  );
  const gantt = useGantt(projectId, params);
  const workflows = useWorkflows(projectId);
  const live = useProjectLive(projectId, { refresh: [keys.gantts(projectId)], delay: 1000 });
  const data = gantt.data;
  const anyRunning = !!data?.rows.some((row) => row.status === "running" || row.status === "checking");
  const now = useNow(anyRunning, 5000);

  const { rows, late, critical } = useMemo(() => {
    if (!data) return { rows: [], late: new Set<number>(), critical: [] as number[] };
    const layout = ganttLayout(data.rows, data.edges, { width: 1000, now, lateAfterSeconds: LATE_AFTER });
    const lateIds = new Set(layout.bars.filter((bar) => bar.late).map((bar) => bar.id));
    const held = blockers(data.rows, data.edges);
    // With "only late", keep what held the late ones back too.
    const keep = new Set<number>();
    for (const id of lateIds) {
      keep.add(id);
      const by = held.get(id);
      if (by) keep.add(by);
    }
    return {
      rows: onlyLate ? data.rows.filter((row) => keep.has(row.id)) : data.rows,
      late: lateIds,
      critical: criticalPath(data.rows, data.edges),
    };
  }, [data, now, onlyLate]);

  const byId = useMemo(() => new Map((data?.rows ?? []).map((row) => [row.id, row])), [data]);
  const counts = useMemo(() => {
    const out: Record<string, number> = {};
    for (const row of data?.rows ?? []) out[row.status] = (out[row.status] ?? 0) + 1;
    return out;
  }, [data]);
  const lastFinish = critical.length ? byId.get(critical[critical.length - 1])?.finished_at : null;

  return (
    <section aria-label={t("label")}>
      <PageTitle extra={<LiveBadge status={live} />}>{t("title")}</PageTitle>
      <Space wrap style={{ marginBottom: 12 }}>
        <Button size="small" onClick={() => set("bizdate", addDays(bizdate, -1))} aria-label={t("previousDay")}>
          ‹
        </Button>
        <DatePicker
          aria-label={t("bizdate")}
          allowClear={false}
          value={dayjs(bizdate)}
          onChange={(value) => set("bizdate", value ? value.format("YYYY-MM-DD") : undefined)}
        />
        <Button size="small" onClick={() => set("bizdate", addDays(bizdate, 1))} aria-label={t("nextDay")}>
          ›
        </Button>
        <Select
          aria-label={t("workflow")}
          allowClear
          placeholder={t("workflow")}
          style={{ width: 170 }}
          value={workflow}
          onChange={(value) => set("workflow", value)}
          options={(workflows.data ?? []).map((item) => ({ value: item.id, label: item.name }))}
        />
        <Select
          aria-label={t("runKind")}
          allowClear
          placeholder={t("runKindPlaceholder")}
          style={{ width: 170 }}
          value={runKind}
          onChange={(value) => set("run_kind", value)}
          options={RUN_KINDS.map((kind) => ({ value: kind, label: runKindLabel(kind) }))}
        />
        <Select
          aria-label={t("status")}
          allowClear
          mode="multiple"
          placeholder={t("status")}
          style={{ minWidth: 150 }}
          maxTagCount="responsive"
          value={status ? status.split(",") : []}
          onChange={(value: string[]) => set("status", value.join(","))}
          options={INSTANCE_STATES.map((state) => ({ value: state, label: stateStyle(state).label }))}
        />
        <Input.Search
          aria-label={t("search")}
          allowClear
          placeholder={t("searchPlaceholder")}
          defaultValue={text}
          key={text ?? ""}
          onSearch={(value) => set("search", value.trim())}
          style={{ width: 190 }}
        />
        <Checkbox checked={onlyLate} onChange={(event) => set("late", event.target.checked ? "1" : undefined)}>
          {t("onlyLate")}
        </Checkbox>
      </Space>
      {gantt.error && <Alert type="error" showIcon message={errorMessage(gantt.error)} style={{ marginBottom: 12 }} />}
      {data && (
        <Space size={32} wrap style={{ marginBottom: 12 }}>
          <Statistic title={t("instances")} value={data.total} />
          <Statistic title={t("succeeded")} value={counts.success ?? 0} valueStyle={{ color: stateStyle("success").color }} />
          <Statistic
            title={t("running")}
            value={(counts.running ?? 0) + (counts.checking ?? 0)}
            valueStyle={{ color: stateStyle("running").color }}
          />
          <Statistic
            title={t("failed")}
            value={(counts.failed ?? 0) + (counts.upstream_failed ?? 0)}
            valueStyle={{ color: stateStyle("failed").color }}
          />
          <Statistic title={t("late", { minutes: LATE_AFTER / 60 })} value={late.size} valueStyle={{ color: "#d46b08" }} />
          <Statistic title={t("dayFinished")} value={lastFinish ? formatClock(lastFinish, timeZone) : "—"} />
        </Space>
      )}
      {critical.length > 1 && (
        <Typography.Paragraph data-testid="critical-path">
          <Typography.Text strong>{t("longestChain")} </Typography.Text>
          {critical.map((id, index) => (
            <span key={id}>
              {index > 0 && " → "}
              <Link to={`/operations/instances/${id}`}>{byId.get(id)?.node_name ?? id}</Link>
            </span>
          ))}
        </Typography.Paragraph>
      )}
      {data?.truncated && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={t("truncated", { shown: data.rows.length, total: data.total })}
        />
      )}
      {data && rows.length === 0 ? (
        <Empty description={t("empty", { bizdate })} />
      ) : data ? (
        <>
          <GanttChart rows={rows} edges={data.edges} now={now} timeZone={timeZone} highlight={new Set(critical)} lateAfterSeconds={LATE_AFTER} />
          {rows.some((row) => row.run_kind !== "scheduled") && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }} data-testid="gantt-release-note">
              {t("measuredFromRelease")}
            </Typography.Paragraph>
          )}
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
            {t("legend", { minutes: LATE_AFTER / 60 })}
          </Typography.Paragraph>
        </>
      ) : (
        !gantt.error && <Empty description={t("loading")} />

      )}
    </section>
  );
}
