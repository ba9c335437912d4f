// The instance with n levels of upstream and downstream, coloured by status; click to open one.
import "@xyflow/react/dist/style.css";

import { Background, Controls, Handle, MarkerType, MiniMap, Position, ReactFlow, type Edge, type Node, type NodeProps } from "@xyflow/react";
import { Alert, Empty, InputNumber, Space, Tag, Typography } from "antd";
import { memo, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";

import { errorMessage } from "../../errors";
import { useInstanceGraph, type GraphNode } from "./api";
import { LiveBadge } from "./components";
import { formatClock } from "./format";
import { NODE_HEIGHT, NODE_WIDTH, layoutGraph } from "./graphLayout";
import { useProjectLive } from "./live";
import type { OpsContext } from "./OperationsPage";
import { INSTANCE_STATES, stateStyle } from "./states";

type InstanceNodeData = Record<string, unknown> & GraphNode & { root: boolean; timeZone: string };

const InstanceNode = memo(function InstanceNode({ data }: NodeProps<Node<InstanceNodeData>>) {
  const { t } = useTranslation("operations", { keyPrefix: "graph" });
  const style = stateStyle(data.status);
  return (
    <div
      data-testid={`graph-node-${data.id}`}
      data-status={data.status}
      title={`${data.name} · ${style.label} · ${t("cycle", { time: data.cyctime })}`}
      style={{
        width: NODE_WIDTH,
        height: NODE_HEIGHT,
        boxSizing: "border-box",
        borderRadius: 6,
        border: `${data.root ? 3 : 1.5}px solid ${style.color}`,
        borderLeftWidth: 6,
        background: style.background,
        padding: "6px 10px",
        cursor: "pointer",
        boxShadow: data.root ? "0 0 0 3px rgba(22,104,220,0.25)" : undefined,
      }}
    >
      <Handle type="target" position={Position.Left} style={{ visibility: "hidden" }} />
      <div style={{ fontWeight: 600, overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }}>{data.name}</div>
      <div style={{ fontSize: 12, color: "#595959", display: "flex", justifyContent: "space-between", gap: 8, whiteSpace: "nowrap" }}>
        <span style={{ color: style.color, fontWeight: 500, overflow: "hidden", textOverflow: "ellipsis" }}>{style.label}</span>
        <span title={t("when", { bizdate: data.bizdate, time: data.cyctime })}>
          {data.bizdate.slice(5)} · {formatClock(data.cyctime, data.timeZone)}
        </span>
      </div>
      <Handle type="source" position={Position.Right} style={{ visibility: "hidden" }} />
    </div>
  );
});

const nodeTypes = { instance: InstanceNode };

export default function InstanceGraphView({ ctx, instanceId }: { ctx: OpsContext; instanceId: number }) {
  const { t } = useTranslation("operations", { keyPrefix: "graph" });
  const { projectId, timeZone } = ctx;
  const [up, setUp] = useState(2);
  const [down, setDown] = useState(2);
  const navigate = useNavigate();
  const graph = useInstanceGraph(projectId, instanceId, up, down);
  const live = useProjectLive(projectId);

  const positions = useMemo(() => (graph.data ? layoutGraph(graph.data.nodes, graph.data.edges) : new Map()), [graph.data]);
  const nodes: Node<InstanceNodeData>[] = useMemo(
    () =>
      (graph.data?.nodes ?? []).map((node) => ({
        id: String(node.id),
        type: "instance",
        position: positions.get(node.id) ?? { x: 0, y: 0 },
        width: NODE_WIDTH,
        height: NODE_HEIGHT,
        data: { ...node, root: node.id === graph.data?.root, timeZone },
        draggable: false,
        connectable: false,
      })),
    [graph.data, positions, timeZone],
  );
  const edges: Edge[] = useMemo(
    () =>
      (graph.data?.edges ?? []).map((edge) => ({
        id: `${edge.upstream}-${edge.downstream}`,
        source: String(edge.upstream),
        target: String(edge.downstream),
        markerEnd: { type: MarkerType.ArrowClosed },
        style: { stroke: "#8c8c8c" },
      })),
    [graph.data],
  );
  const present = useMemo(() => new Set((graph.data?.nodes ?? []).map((node) => node.status)), [graph.data]);

  return (
    <div>
      <Space wrap style={{ marginBottom: 8 }}>
        <Space size={4}>
          <Typography.Text>{t("upLevels")}</Typography.Text>
          <InputNumber aria-label={t("upLevels")} min={0} max={10} value={up} onChange={(v) => setUp(v ?? 0)} size="small" />
        </Space>
        <Space size={4}>
          <Typography.Text>{t("downLevels")}</Typography.Text>
          <InputNumber aria-label={t("downLevels")} min={0} max={10} value={down} onChange={(v) => setDown(v ?? 0)} size="small" />
        </Space>
        <Typography.Text type="secondary">
          {graph.data ? t("size", { nodes: graph.data.nodes.length, edges: graph.data.edges.length }) : ""}
        </Typography.Text>
        {graph.data?.hidden ? (
          <Typography.Text type="secondary" data-testid="hidden-instances">
            {t("hidden", { count: graph.data.hidden })}
          </Typography.Text>
        ) : null}
        <LiveBadge status={live} />
      </Space>
      <Space wrap size={[4, 4]} style={{ marginBottom: 8 }}>
        {INSTANCE_STATES.filter((state) => present.has(state)).map((state) => (
          <Tag key={state} color={stateStyle(state).tag}>
            {stateStyle(state).label}
          </Tag>
        ))}
      </Space>
      {graph.error ? (
        <Alert type="error" showIcon message={errorMessage(graph.error)} />
      ) : !graph.data ? (
        <Empty description={t("loading")} />
      ) : (
        <div style={{ height: 520, border: "1px solid #f0f0f0", borderRadius: 6 }} data-testid="instance-graph">
          <ReactFlow
            key={`${instanceId}-${up}-${down}`}
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            fitView
            fitViewOptions={{ padding: 0.2, maxZoom: 1.2 }}
            minZoom={0.1}
            nodesDraggable={false}
            nodesConnectable={false}
            onNodeClick={(_, node) => navigate(`/operations/instances/${node.id}?tab=graph`)}
            proOptions={{ hideAttribution: true }}
          >
            <Background gap={16} />
            <Controls showInteractive={false} />
            <MiniMap pannable zoomable nodeColor={(node) => stateStyle((node.data as unknown as InstanceNodeData).status).color} />
          </ReactFlow>
        </div>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
        {t("help")}

      </Typography.Paragraph>
    </div>
  );
}

