// One baseline's day: committed, predicted, slack, and the graph above its runs with the
// critical path drawn thick and red.
import "@xyflow/react/dist/style.css";

import { ArrowLeftOutlined } from "@ant-design/icons";
import { Background, Controls, Handle, MarkerType, Position, ReactFlow, type Edge, type Node, type NodeProps } from "@xyflow/react";
import { Alert, DatePicker, Descriptions, Empty, Space, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { memo, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router-dom";

import { projectClock } from "../../../clock";
import NotFound from "../../../components/NotFound";
import { errorMessage } from "../../../errors";
import type { Project } from "../../../project/current";
import { NODE_HEIGHT, NODE_WIDTH, layoutGraph } from "../../operations/graphLayout";
import { stateStyle } from "../../operations/states";
import { useBaselineForecast, useBaselines, type BaselineRun } from "./api";
import { criticalEdges, formatSlack, hhmm, statusColour } from "./forecast";

const CRITICAL = "#cf1322";

type RunData = Record<string, unknown> & BaselineRun & { finishLabel: string; otherProject: string };

const RunNode = memo(function RunNode({ data }: NodeProps<Node<RunData>>) {
  const style = stateStyle(data.status);
  return (
    <div
      data-testid={`baseline-run-${data.id}`}
      data-critical={data.critical ? "true" : "false"}
      style={{
        width: NODE_WIDTH,
        height: NODE_HEIGHT,
        boxSizing: "border-box",
        borderRadius: 6,
        border: `${data.critical ? 3 : 1.5}px solid ${data.critical ? CRITICAL : style.color}`,
        borderLeftWidth: 6,
        borderLeftColor: style.color,
        background: style.background,
        padding: "6px 10px",
        fontWeight: data.own ? 700 : undefined,
      }}
    >
      <Handle type="target" position={Position.Left} style={{ visibility: "hidden" }} />
      <div style={{ overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }}>
        {data.node_name ?? data.otherProject}
      </div>
      <div style={{ fontSize: 12, color: "#595959", display: "flex", justifyContent: "space-between", gap: 8 }}>
        <span style={{ color: style.color }}>{style.label}</span>
        <span>{data.finishLabel}</span>
      </div>
      <Handle type="source" position={Position.Right} style={{ visibility: "hidden" }} />
    </div>
  );
});

const nodeTypes = { run: RunNode };

export default function BaselinePage({ project }: { project: Project }) {
  const { t } = useTranslation("baselines");
  const { id } = useParams();
  const baselineId = Number(id);
  const [search, setSearch] = useSearchParams();
  const day = search.get("day") ?? "";
  const clock = useMemo(() => projectClock(project.timezone), [project.timezone]);
  const baselines = useBaselines(project.id);
  const valid = Number.isInteger(baselineId) && baselineId > 0;
  const forecast = useBaselineForecast(project.id, valid ? baselineId : null, day);
  const baseline = baselines.data?.find((item) => item.id === baselineId);
  const data = forecast.data;

  const positions = useMemo(
    () =>
      data
        ? layoutGraph(
            data.runs,
            data.edges.map(([upstream, downstream]) => ({ upstream, downstream })),
          )
        : new Map<number, { x: number; y: number }>(),
    [data],
  );
  const nodes: Node<RunData>[] = useMemo(
    () =>
      (data?.runs ?? []).map((run) => ({
        id: String(run.id),
        type: "run",
        position: positions.get(run.id) ?? { x: 0, y: 0 },
        width: NODE_WIDTH,
        height: NODE_HEIGHT,
        data: {
          ...run,
          finishLabel: t(run.finished_at ? "ended" : "ends", { time: clock.clock(run.finished_at ?? run.predicted_finish) }),
          otherProject: t("otherProject"),
        },
        draggable: false,
        connectable: false,
      })),
    [data, positions, clock, t],
  );
  const edges: Edge[] = useMemo(() => {
    const critical = criticalEdges(data?.critical_path ?? []);
    return (data?.edges ?? []).map(([up, down]) => {
      const onPath = critical.has(`${up}-${down}`);
      return {
        id: `${up}-${down}`,
        source: String(up),
        target: String(down),
        markerEnd: { type: MarkerType.ArrowClosed, color: onPath ? CRITICAL : "#8c8c8c" },
        style: { stroke: onPath ? CRITICAL : "#bfbfbf", strokeWidth: onPath ? 3 : 1 },
        zIndex: onPath ? 1 : 0,
      };
    });
  }, [data]);

  if (!valid) return <NotFound />;
  return (
    <div>
      <Space style={{ marginBottom: 12 }} wrap>
        <Link to="/alerts/baselines">
          <ArrowLeftOutlined /> {t("back")}
        </Link>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {baseline?.name ?? t("title")}
        </Typography.Title>
        <DatePicker
          aria-label={t("day")}
          allowClear
          value={day ? dayjs(day) : null}
          placeholder={t("todayPlaceholder")}
          onChange={(value) => setSearch(value ? { day: value.format("YYYY-MM-DD") } : {})}
        />
      </Space>
      {forecast.error ? (
        <Alert type="error" showIcon message={errorMessage(forecast.error)} />
      ) : !data ? (
        <Empty description={t("loading")} />
      ) : (
        <>
          <Descriptions size="small" bordered column={{ xs: 1, md: 3 }} style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t("status")}>
              <Tag color={statusColour(data.status)} data-testid="baseline-status">
                {t(`statuses.${data.status}`)}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t("committed")}>
              {clock.labelled(data.committed_at, false)}
              {baseline ? ` (${t("marginOf", { minutes: baseline.margin_minutes, time: hhmm(baseline.committed_time) })})` : ""}
            </Descriptions.Item>
            <Descriptions.Item label={data.finished_at ? t("finished") : t("predicted")}>
              {data.finished_at || data.predicted_at ? clock.labelled(data.finished_at ?? data.predicted_at, false) : "—"}
            </Descriptions.Item>
            <Descriptions.Item label={t("slack")}>
              <span data-testid="baseline-slack">{formatSlack(data.slack_seconds)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t("criticalPath")}>{t("runsCount", { count: data.critical_path.length })}</Descriptions.Item>
            <Descriptions.Item label={t("upstream")}>
              {t("upstreamCount", { count: data.upstream_count, shown: data.runs.length })}
            </Descriptions.Item>
          </Descriptions>
          {data.runs.length === 0 ? (
            <Empty description={t("noRuns")} />
          ) : (
            <div style={{ height: 520, border: "1px solid #f0f0f0", borderRadius: 6 }} data-testid="baseline-graph">
              <ReactFlow
                nodes={nodes}
                edges={edges}
                nodeTypes={nodeTypes}
                fitView
                fitViewOptions={{ padding: 0.2, maxZoom: 1.2 }}
                minZoom={0.1}
                nodesDraggable={false}
                nodesConnectable={false}
                proOptions={{ hideAttribution: true }}
              >
                <Background gap={16} />
                <Controls showInteractive={false} />
              </ReactFlow>
            </div>
          )}
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
            {t("graphHelp", { zone: clock.zoneLabel })}
          </Typography.Paragraph>
        </>
      )}
    </div>
  );
}
