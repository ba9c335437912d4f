// One instance: what it is, why it waits, its parameters, attempts, live log, graph and the
// operator actions.
import { ArrowLeftOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { Alert, Card, Descriptions, Empty, List, Result, Skeleton, Space, Table, Tabs, Typography } from "antd";
import { Suspense, lazy, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router-dom";

import { isApiError } from "../../api/client";
import { useLiveChannel } from "../../api/ws";
import EnvironmentTag from "../../components/EnvironmentTag";
import { errorMessage } from "../../errors";
import { keys } from "../../queries/keys";
import { useInstance, useInstanceEvents, type InstanceDetail, type Neighbour } from "./api";
import { InstanceActions, LiveBadge, RunDuration, StatusTag } from "./components";
import { formatDuration } from "../../format";
import { formatDateTime } from "./format";
import { applyStatusChanges, isLogMessage, isStatusMessage, type LogMessage } from "./live";
import { attemptsFromEvents, type InstanceEventRow } from "./log";
import { localizeInstants } from "../../clock";
import LogPanel from "./LogPanel";
import type { OpsContext } from "./OperationsPage";
import { reasonLabel, runKindLabel, stateLabel } from "./states";


const InstanceGraphView = lazy(() => import("./InstanceGraphView"));

const TABS = ["details", "log", "parameters", "attempts", "graph"] as const;
type TabKey = (typeof TABS)[number];

function Neighbours({ items, empty }: { items: Neighbour[]; empty: string }) {
  const { t } = useTranslation("operations");
  if (!items.length) return <Typography.Text type="secondary">{empty}</Typography.Text>;
  return (
    <Space wrap size={[8, 4]}>
      {items.slice(0, 50).map((item) => (
        <Link key={item.id} to={`/operations/instances/${item.id}`}>
          <Space size={4}>
            {item.name}
            <StatusTag status={item.status} />
          </Space>
        </Link>
      ))}
      {items.length > 50 && <Typography.Text type="secondary">{t("instance.andMore", { count: items.length - 50 })}</Typography.Text>}
    </Space>
  );
}

function Details({ instance, timeZone }: { instance: InstanceDetail; timeZone: string }) {
  const { t } = useTranslation("operations", { keyPrefix: "instance" });
  return (
    <Space direction="vertical" size={16} style={{ width: "100%" }}>
      {instance.status === "pending" && instance.waiting_for.length > 0 && (
        <Alert
          type="info"
          showIcon
          message={t("whyItWaits")}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {instance.waiting_for.map((reason) => (
                <li key={reason}>{localizeInstants(reason, timeZone)}</li>
              ))}
            </ul>
          }
        />
      )}
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} data-testid="instance-details">
        <Descriptions.Item label={t("node")}>{instance.node_name} ({instance.node_type})</Descriptions.Item>
        <Descriptions.Item label={t("status")}>
          <Space>
            <StatusTag status={instance.status} />
            {instance.reason && <Typography.Text type="secondary">{reasonLabel(instance.reason)}</Typography.Text>}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t("bizdate")}>{instance.bizdate}</Descriptions.Item>
        <Descriptions.Item label={t("cyctime")}>{formatDateTime(instance.cyctime, timeZone)}</Descriptions.Item>
        <Descriptions.Item label={t("runKind")}>
          {runKindLabel(instance.run_kind)} <EnvironmentTag environment={instance.environment} />
          {instance.backfill && (
            <>
              {" · "}
              <Link to={`/operations/backfills/${instance.backfill}`}>{t("backfillNumber", { id: instance.backfill })}</Link>
            </>
          )}
          {instance.dry_run && ` · ${t("dryRun")}`}
        </Descriptions.Item>
        <Descriptions.Item label={t("startedBy")}>{instance.started_by ?? "—"}</Descriptions.Item>
        <Descriptions.Item label={t("owner")}>{instance.owner ?? "—"}</Descriptions.Item>
        <Descriptions.Item label={t("queued")}>{formatDateTime(instance.queued_at, timeZone)}</Descriptions.Item>
        <Descriptions.Item label={t("started")}>{formatDateTime(instance.started_at, timeZone)}</Descriptions.Item>
        <Descriptions.Item label={t("finished")}>{formatDateTime(instance.finished_at, timeZone)}</Descriptions.Item>
        <Descriptions.Item label={t("duration")}>
          <RunDuration row={instance} />
        </Descriptions.Item>
        <Descriptions.Item label={t("attempt")}>
          {t("attemptOf", { attempt: instance.attempt, max: instance.max_attempts })}
        </Descriptions.Item>
        <Descriptions.Item label={t("timeout")}>
          {instance.timeout_seconds ? formatDuration(instance.timeout_seconds) : t("noTimeout")}
        </Descriptions.Item>
        <Descriptions.Item label={t("priority")}>{instance.priority}</Descriptions.Item>
        <Descriptions.Item label={t("resourceGroup")}>{instance.queue}</Descriptions.Item>
        <Descriptions.Item label={t("worker")}>{instance.worker || "—"}</Descriptions.Item>
        <Descriptions.Item label={t("nodeVersion")}>
          {instance.version_number != null ? (
            <Link to={`/studio/nodes/${instance.node}?diff=${instance.version_number}`} data-testid="instance-version">
              v{instance.version_number}
            </Link>
          ) : (
            t("draft")
          )}
        </Descriptions.Item>
        {instance.not_before && (
          <Descriptions.Item label={t("retriesAfter")}>{formatDateTime(instance.not_before, timeZone)}</Descriptions.Item>
        )}
        <Descriptions.Item label={t("upstream")} span={2}>
          <Neighbours items={instance.upstream} empty={t("noUpstream")} />
        </Descriptions.Item>
        <Descriptions.Item label={t("downstream")} span={2}>
          <Neighbours items={instance.downstream} empty={t("noDownstream")} />
        </Descriptions.Item>
      </Descriptions>
    </Space>
  );
}

function Parameters({ params }: { params: Record<string, string> }) {
  const { t } = useTranslation("operations", { keyPrefix: "instance" });
  const rows = Object.entries(params ?? {}).map(([name, value]) => ({ name, value }));
  if (!rows.length) return <Empty description={t("noParameters")} />;
  return (
    <Table
      size="small"
      rowKey="name"
      pagination={false}
      dataSource={rows}
      columns={[
        { title: t("paramName"), dataIndex: "name", width: 240, render: (name: string) => <code>{name}</code> },
        { title: t("paramValue"), dataIndex: "value", render: (value: string) => <code>{String(value)}</code> },
      ]}
    />
  );
}

function Attempts({ events, timeZone }: { events: InstanceEventRow[]; timeZone: string }) {
  const { t } = useTranslation("operations", { keyPrefix: "instance" });
  const attempts = attemptsFromEvents(events);
  return (
    <Space direction="vertical" size={16} style={{ width: "100%" }}>
      <Table
        size="small"
        rowKey="attempt"
        pagination={false}
        dataSource={attempts}
        locale={{ emptyText: t("notRunYet") }}
        data-testid="attempts-table"
        columns={[
          { title: t("attempt"), dataIndex: "attempt", width: 90 },
          { title: t("outcome"), dataIndex: "status", render: (status: string) => <StatusTag status={status} /> },
          { title: t("started"), dataIndex: "started_at", render: (value: string | null) => formatDateTime(value, timeZone) },
          { title: t("ended"), dataIndex: "finished_at", render: (value: string | null) => formatDateTime(value, timeZone) },
          {
            title: t("took"),
            key: "took",
            render: (_: unknown, row) =>
              row.started_at && row.finished_at
                ? formatDuration((Date.parse(row.finished_at) - Date.parse(row.started_at)) / 1000)
                : "—",
          },
          { title: t("reason"), dataIndex: "reason", render: (reason: string) => reasonLabel(reason) },
          {
            title: t("message"),
            dataIndex: "message",
            ellipsis: true,
            render: (message: string) => <Typography.Text title={message}>{message}</Typography.Text>,
          },
        ]}
      />
      <Typography.Title level={3} style={{ fontSize: 15, margin: 0 }}>
        {t("stateChanges")}
      </Typography.Title>
      <List
        size="small"
        bordered
        dataSource={[...events].reverse()}
        locale={{ emptyText: t("noStateChanges") }}
        renderItem={(event) => (
          <List.Item>
            <Space wrap size={8}>
              <Typography.Text type="secondary" style={{ fontVariantNumeric: "tabular-nums" }}>
                {formatDateTime(event.created_at, timeZone)}
              </Typography.Text>
              <StatusTag status={event.from_status} />→<StatusTag status={event.to_status} />
              <Typography.Text>{reasonLabel(event.reason)}</Typography.Text>
              {event.attempt > 0 && <Typography.Text type="secondary">{t("attemptN", { attempt: event.attempt })}</Typography.Text>}
              {event.actor && <Typography.Text type="secondary">{t("byActor", { actor: event.actor })}</Typography.Text>}
              {event.message && <Typography.Text type="danger">{event.message.slice(0, 300)}</Typography.Text>}
            </Space>
          </List.Item>
        )}
      />
    </Space>
  );
}

export default function InstanceDetailPage({ ctx }: { ctx: OpsContext }) {
  const { t } = useTranslation("operations", { keyPrefix: "instance" });
  const { projectId, timeZone, canOperate } = ctx;
  const params = useParams();
  const id = Number(params.id);
  const [search, setSearch] = useSearchParams();
  const client = useQueryClient();
  const query = useInstance(projectId, id);
  const events = useInstanceEvents(projectId, id);
  const instance = query.data;
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  // One websocket for this instance: its status changes and its log lines.
  const logHandlers = useRef(new Set<(message: LogMessage) => void>());
  const subscribe = useCallback((handler: (message: LogMessage) => void) => {
    logHandlers.current.add(handler);
    return () => {
      logHandlers.current.delete(handler);
    };
  }, []);
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (refreshTimer.current && clearTimeout(refreshTimer.current)), []);
  const live = useLiveChannel<unknown>(Number.isFinite(id) ? `/ws/projects/${projectId}/instances/${id}/` : null, (message) => {
    if (isLogMessage(message)) {
      for (const handler of logHandlers.current) handler(message);
    } else if (isStatusMessage(message)) {
      applyStatusChanges(client, projectId, message.changes);
      if (!refreshTimer.current) {
        refreshTimer.current = setTimeout(() => {
          refreshTimer.current = null;
          void client.invalidateQueries({ queryKey: keys.instance(projectId, id) });
          void client.invalidateQueries({ queryKey: keys.instanceEvents(projectId, id) });
        }, 500);
      }
    }
  });
  // Each (re)connection: fetch what may have been missed while there was none.
  const [liveEpoch, setLiveEpoch] = useState(0);
  useEffect(() => {
    if (live.status === "open") setLiveEpoch((n) => n + 1);
  }, [live.status]);
  useEffect(() => {
    if (liveEpoch > 1) void client.invalidateQueries({ queryKey: keys.instance(projectId, id) });
  }, [liveEpoch, client, projectId, id]);

  const defaultTab: TabKey = instance && instance.attempt > 0 ? "log" : "details";
  const tabParam = search.get("tab");
  const tab: TabKey = TABS.includes(tabParam as TabKey) ? (tabParam as TabKey) : defaultTab;

  const title = useMemo(() => (instance ? `${instance.node_name} · ${instance.bizdate}` : t("title", { id })), [instance, id, t]);

  if (!Number.isFinite(id) || id <= 0) return <Result status="404" title={t("noSuch")} />;
  if (query.error) {
    const missing = isApiError(query.error) && query.error.status === 404;
    return (
      <Result
        status={missing ? "404" : "error"}
        title={missing ? t("noSuchHere") : t("couldNotLoad")}
        subTitle={errorMessage(query.error)}
        extra={<Link to="/operations/instances">{t("backToList")}</Link>}
      />
    );
  }
  if (!instance) return <Skeleton active />;

  return (
    <section aria-label={t("title", { id })}>
      <Link to="/operations/instances">
        <ArrowLeftOutlined /> {t("backToInstances")}
      </Link>
      <div style={{ display: "flex", alignItems: "center", gap: 12, flexWrap: "wrap", margin: "8px 0" }}>
        <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }} data-testid="instance-title">
          {title}
        </Typography.Title>
        <span data-testid="instance-status">
          <StatusTag status={instance.status} />
        </span>
        <Typography.Text type="secondary">
          #{instance.id} · {runKindLabel(instance.run_kind)} · {t("cycleAt", { time: formatDateTime(instance.cyctime, timeZone) })}
        </Typography.Text>
        <div style={{ flex: 1 }} />
        <LiveBadge status={live.status} />
        {canOperate && (
          <Link to={`/operations/backfills/new?node=${instance.node}&bizdate=${instance.bizdate}`}>{t("backfillThis")}</Link>
        )}
      </div>
      <Card size="small" style={{ marginBottom: 12 }}>
        <InstanceActions
          projectId={projectId}
          instance={instance}
          allowed={canOperate}
          onResult={(outcome) => setResult(outcome)}
        />
        {result && (
          <Alert
            data-testid="action-result"
            style={{ marginTop: 12 }}
            type={result.ok ? "success" : "error"}
            showIcon
            closable
            onClose={() => setResult(null)}
            message={result.text}
          />
        )}
      </Card>
      {instance.error && (
        <Alert
          type={instance.status === "failed" ? "error" : "warning"}
          showIcon
          style={{ marginBottom: 12 }}
          message={
            instance.status === "failed" ? t("lastAttemptFailed") : t("lastError", { label: stateLabel(instance.status).toLowerCase() })
          }
          description={<Typography.Text style={{ whiteSpace: "pre-wrap" }}>{instance.error}</Typography.Text>}
        />
      )}
      <Tabs
        activeKey={tab}
        onChange={(key) => {
          const next = new URLSearchParams(search);
          next.set("tab", key);
          setSearch(next, { replace: true });
        }}
        items={[
          { key: "details", label: t("tabs.details"), children: <Details instance={instance} timeZone={timeZone} /> },
          {
            key: "log",
            label: t("tabs.log"),
            children: (
              <LogPanel
                projectId={projectId}
                instanceId={instance.id}
                status={instance.status}
                attempt={instance.attempt}
                subscribe={subscribe}
                liveEpoch={liveEpoch}
              />
            ),
          },
          { key: "parameters", label: t("tabs.parameters"), children: <Parameters params={instance.params} /> },
          {
            key: "attempts",
            label: t("tabs.attempts"),
            children: events.error ? (
              <Alert type="error" message={errorMessage(events.error)} />
            ) : (
              <Attempts events={events.data ?? []} timeZone={timeZone} />
            ),
          },
          {
            key: "graph",
            label: t("tabs.graph"),

            children: (
              <Suspense fallback={<Skeleton active />}>
                <InstanceGraphView ctx={ctx} instanceId={instance.id} />
              </Suspense>
            ),
          },
        ]}
        destroyInactiveTabPane={false}
      />
    </section>
  );
}
