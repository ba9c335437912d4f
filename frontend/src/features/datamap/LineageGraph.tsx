// The table-level lineage graph: the table with n levels of upstream and downstream tables; an
// edge per node that reads one and writes the other. Click a table to open its page.
import "@xyflow/react/dist/style.css";

import { Background, Controls, Handle, MarkerType, Position, ReactFlow, type Edge, type Node, type NodeProps } from "@xyflow/react";
import { Alert, Empty, InputNumber, Space, Typography } from "antd";
import { memo, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";

import { errorMessage } from "../../errors";
import { useTableLineage, type Lineage } from "./api";
import { VERTEX_HEIGHT, VERTEX_WIDTH, layoutLevels } from "./layout";

type Vertex = Lineage["tables"][number];
type VertexData = Record<string, unknown> & Vertex;

const TableVertex = memo(function TableVertex({ data }: NodeProps<Node<VertexData>>) {
  const root = data.level === 0;
  return (
    <div
      data-testid={`lineage-table-${data.name}`}
      title={data.name}
      style={{
        width: VERTEX_WIDTH,
        height: VERTEX_HEIGHT,
        boxSizing: "border-box",
        borderRadius: 6,
        border: `${root ? 3 : 1.5}px solid ${root ? "#1668dc" : "#8c8c8c"}`,
        background: data.table ? "#fff" : "#fafafa",
        borderStyle: data.table ? "solid" : "dashed",
        padding: "12px 10px",
        cursor: data.table && !root ? "pointer" : "default",
        fontWeight: root ? 600 : 400,
        overflow: "hidden",
        textOverflow: "ellipsis",
        whiteSpace: "nowrap",
      }}
    >
      <Handle type="target" position={Position.Left} style={{ visibility: "hidden" }} />
      {data.name}
      <Handle type="source" position={Position.Right} style={{ visibility: "hidden" }} />
    </div>
  );
});

const nodeTypes = { table: TableVertex };

export default function LineageGraph({ projectId, tableId }: { projectId: number; tableId: number }) {
  const { t } = useTranslation("datamap");
  const [depth, setDepth] = useState(2);
  const lineage = useTableLineage(projectId, tableId, depth);
  const navigate = useNavigate();
  const { nodes, edges } = useMemo(() => {
    const graph = lineage.data;
    if (!graph) return { nodes: [], edges: [] };
    const positions = layoutLevels(graph.tables);
    const nodes: Node<VertexData>[] = graph.tables.map((vertex) => ({
      id: vertex.id,
      type: "table",
      position: positions.get(vertex.id) ?? { x: 0, y: 0 },
      data: vertex,
      draggable: false,
    }));
    const edges: Edge[] = graph.edges.map((edge) => ({
      id: `${edge.source}>${edge.target}>${edge.node}`,
      source: edge.source,
      target: edge.target,
      label: t("lineage.by", { node: edge.node_name }),
      markerEnd: { type: MarkerType.ArrowClosed },
    }));
    return { nodes, edges };
  }, [lineage.data, t]);

  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Space>
        <Typography.Text>{t("lineage.depth")}</Typography.Text>
        <InputNumber min={1} max={5} value={depth} onChange={(value) => setDepth(value ?? 2)} aria-label={t("lineage.depth")} />
        <Typography.Text type="secondary">{t("lineage.legend")}</Typography.Text>
      </Space>
      {lineage.error ? (
        <Alert type="error" showIcon message={errorMessage(lineage.error)} />
      ) : lineage.data && lineage.data.edges.length === 0 ? (
        <Empty description={t("lineage.empty")} />
      ) : (
        <div style={{ height: 440, border: "1px solid #f0f0f0", borderRadius: 6 }} data-testid="lineage-graph">
          <ReactFlow
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            fitView
            nodesConnectable={false}
            onNodeClick={(_, node) => {
              const target = (node.data as VertexData).table;
              if (target && target !== tableId) navigate(`/datamap/tables/${target}`);
            }}
            proOptions={{ hideAttribution: true }}
          >
            <Background />
            <Controls showInteractive={false} />
          </ReactFlow>
        </div>
      )}
    </Space>
  );
}
