// The output of a test run: status, the log as it is written (websocket), and for SQL the first
// rows of each statement that returned some.
import { Alert, Badge, Space, Tabs, Tag, Typography } from "antd";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { useLiveChannel } from "../../api/ws";
import { formatNumber } from "../../format";
import { FINISHED_STATUSES, fetchLog, useInstance } from "./api";
import { resultSets } from "./resultExport";
import ResultSets from "./ResultSets";
import { EMPTY_LOG, appendLive, mergeStored, type LiveLog } from "./runLog";
import type { InstanceStatus } from "./types";

const STATUS_COLORS: Record<InstanceStatus, string> = {
  pending: "default",
  queued: "processing",
  running: "processing",
  checking: "processing",
  success: "success",
  failed: "error",
  killed: "warning",
  skipped: "default",
  upstream_failed: "error",
  frozen: "default",
  cancelled: "default",
};

interface LiveMessage {
  type?: string;
  lines?: string[];
  changes?: { instance: number; status: InstanceStatus }[];
}

export function StatusTag({ status }: { status: string }) {
  return (
    <Tag color={STATUS_COLORS[status as InstanceStatus] ?? "default"} data-testid="run-status">
      {status}
    </Tag>
  );
}

export default function RunOutput({ projectId, instanceId }: { projectId: number; instanceId: number }) {
  const { t } = useTranslation("studio");
  const [log, setLog] = useState<LiveLog>(EMPTY_LOG);
  const [liveStatus, setLiveStatus] = useState<InstanceStatus | null>(null);
  const [tab, setTab] = useState("log");
  const { data: instance, refetch } = useInstance(projectId, instanceId);
  const status = (instance && FINISHED_STATUSES.has(instance.status) ? instance.status : liveStatus ?? instance?.status) ?? "pending";
  const finished = FINISHED_STATUSES.has(status);

  useEffect(() => {
    setLog(EMPTY_LOG);
    setLiveStatus(null);
    setTab("log");
  }, [instanceId]);

  const onMessage = useCallback(
    (message: LiveMessage) => {
      if (message.type === "instance.log" && message.lines) {
        setLog((current) => appendLive(current, message.lines!));
      } else if (message.type === "instance.status" && message.changes) {
        const change = message.changes.filter((c) => c.instance === instanceId).pop();
        if (change) {
          setLiveStatus(change.status);
          if (FINISHED_STATUSES.has(change.status)) void refetch();
        }
      }
    },
    [instanceId, refetch],
  );
  const channel = useLiveChannel<LiveMessage>(finished ? null : `/ws/projects/${projectId}/instances/${instanceId}/`, onMessage);

  // What was written before the socket opened, and the whole log once the run is over.
  const reload = useCallback(() => {
    fetchLog(projectId, instanceId)
      .then((text) => setLog((current) => mergeStored(current, text)))
      .catch(() => undefined);
  }, [projectId, instanceId]);
  useEffect(() => {
    if (channel.status === "open") reload();
  }, [channel.status, reload]);
  useEffect(() => {
    if (finished) reload();
  }, [finished, reload]);

  const sets = useMemo(() => resultSets(instance?.result), [instance?.result]);
  const syncCounts = (instance?.result as { sync?: { read: number; written: number; rejected: number } } | undefined)?.sync;
  const rowCount = sets.reduce((total, set) => total + set.rows.length, 0);
  useEffect(() => {
    if (finished && sets.length) setTab("result");
  }, [finished, sets.length]);

  const logRef = useRef<HTMLPreElement>(null);
  useEffect(() => {
    const element = logRef.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [log]);

  return (
    <div data-testid="run-output" style={{ display: "flex", flexDirection: "column", height: "100%" }}>
      <Space size={8} style={{ marginBottom: 4 }} wrap>
        <Typography.Text strong>{t("output.testRun")}</Typography.Text>
        <Link to={`/operations/instances/${instanceId}`} data-testid="run-instance-link">
          #{instanceId}
        </Link>
        <StatusTag status={status} />
        {instance?.bizdate && <Typography.Text type="secondary">{t("output.bizdate", { bizdate: instance.bizdate })}</Typography.Text>}
        {instance?.duration_seconds != null && <Typography.Text type="secondary">{instance.duration_seconds.toFixed(1)} s</Typography.Text>}
        {syncCounts && (
          <Typography.Text data-testid="sync-counts">
            {t("output.syncCounts", { read: formatNumber(syncCounts.read), written: formatNumber(syncCounts.written), rejected: formatNumber(syncCounts.rejected) })}
          </Typography.Text>
        )}
        {!finished && (
          <Badge
            status={channel.status === "open" ? "processing" : "default"}
            text={channel.status === "open" ? t("output.live") : channel.status}
          />
        )}
      </Space>
      {instance?.error && <Alert type="error" showIcon message={instance.error} style={{ marginBottom: 4 }} data-testid="run-error" />}
      <Tabs
        size="small"
        activeKey={tab}
        onChange={setTab}
        className="studio-fill-tabs"
        style={{ flex: 1, minHeight: 0 }}
        items={[
          {
            key: "log",
            label: t("output.log"),
            children: (
              <pre
                ref={logRef}
                data-testid="run-log"
                aria-label={t("output.logLabel")}
                style={{
                  margin: 0,
                  height: "100%",
                  overflow: "auto",
                  background: "#141414",
                  color: "#d9d9d9",
                  padding: 8,
                  fontSize: 12,
                  borderRadius: 4,
                }}
              >
                {log.lines.length ? log.lines.join("\n") : finished ? t("output.noLog") : t("output.waiting")}
              </pre>
            ),
          },
          {
            key: "result",
            label: sets.length ? t("output.resultCount", { sets: sets.length, rows: rowCount }) : t("output.result"),
            children: <ResultSets instanceId={instanceId} sets={sets} finished={finished} />,
          },
        ]}
      />
    </div>
  );
}
