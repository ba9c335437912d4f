// The canvas with its toolbar (components/DesignerToolbar) and palette: the React Flow state of
// nodes and edges, where people put them, auto-layout and what is drawn (loop, status colours).
// Editing dependencies is useDependencyEditing, creating nodes useNodeCreation.
import {
  applyEdgeChanges,
  applyNodeChanges,
  Background,
  Controls,
  Panel,
  ReactFlow,
  useNodesInitialized,
  useReactFlow,

  type EdgeChange,
  type NodeChange,
} from "@xyflow/react";
import { useQueryClient } from "@tanstack/react-query";
import { App, Typography } from "antd";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";

import { errorMessage } from "../../errors";
import { NO_LOOP } from "./cycle";
import { buildEdges, buildNodes, externalName, refusedEdge, type FlowEdge, type FlowNode } from "./graph";
import type { XY } from "./layout";
import { forgetCanvas, saveMoves } from "./positions";
import { statusCounts, statusStyle } from "./status";
import type { DependencyKind, LatestInstances, ProjectGraph, Workflow } from "./types";
import { useDependencyEditing } from "./useDependencyEditing";
import { useNodeCreation } from "./useNodeCreation";
import { useReadySignal, type FirstLayout } from "./useReadySignal";
import { BIG_MIN_ZOOM, bigGraphStart, fitViewOptions } from "./viewport";
import { CanvasHint, EmptyCanvas, LoopAlert } from "./components/CanvasNotices";
import { CanvasMiniMap } from "./components/CanvasMiniMap";
import { CreateNodeModal } from "./components/CreateNodeModal";
import { DecorationsContext, type Decorations } from "./components/decorations";
import { DependencyEdge, EdgeMarkers } from "./components/DependencyEdge";
import { DesignerNode, ExternalNodeCard } from "./components/DesignerNode";
import { DesignerToolbar } from "./components/DesignerToolbar";
import { Palette } from "./components/Palette";
import { StatusLegend } from "./components/StatusLegend";

const nodeTypes = { designer: DesignerNode, external: ExternalNodeCard };
const edgeTypes = { dependency: DependencyEdge };
const proOptions = { hideAttribution: true };
const DELETE_KEYS = ["Delete", "Backspace"];
/** Up to this many nodes the canvas shows how to work it. */
const HINT_UP_TO = 30;

export interface WorkspaceProps {
  projectId: number;
  graph: ProjectGraph;
  refreshing: boolean;
  onRefresh: () => void;
  workflows: Workflow[];
  workflowId: number | null;
  onWorkflowChange: (id: number | null) => void;
  onNewWorkflow: () => void;
  editable: boolean;
  showStatus: boolean;
  onShowStatus: (show: boolean) => void;
  bizdate: string;
  onBizdate: (date: string) => void;
  latest: LatestInstances | undefined;
  latestLoading: boolean;
  /** Where people put the nodes of this view, by node id (from the server). */
  kept: Map<string, XY>;
  /** A node to select and centre once it is drawn (`?node=` in the address). */
  focusNode?: number | null;
}

export function Workspace(props: WorkspaceProps) {
  const { projectId, graph, workflows, workflowId, editable, showStatus, bizdate, latest } = props;
  const flow = useReactFlow<FlowNode, FlowEdge>();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { t } = useTranslation("designer");
  const wrapper = useRef<HTMLDivElement>(null);

  // Positions people chose: the ones the server keeps, and drops for nodes it has not returned yet.
  const placed = useRef(new Map(props.kept));
  const firstLayout = useRef<FirstLayout | null>(null);
  const [nodes, setNodes] = useState<FlowNode[]>(() => {
    const startMs = performance.now();
    const built = buildNodes(graph, { projectId, placed: placed.current });
    firstLayout.current = { layoutMs: built.layoutMs, engine: built.engine, startMs };
    return built.nodes;
  });
  const [edges, setEdges] = useState<FlowEdge[]>(() => buildEdges(graph));
  const [newKind, setNewKind] = useState<DependencyKind>("same_cycle");

  // A new graph from the server (an edit, a refetch): keep positions and unchanged node objects.
  const shownGraph = useRef(graph);
  useEffect(() => {
    if (shownGraph.current === graph) return;
    shownGraph.current = graph;
    setNodes((previous) => buildNodes(graph, { previous, placed: placed.current, projectId }).nodes);
    setEdges((previous) => buildEdges(graph, new Set(previous.filter((edge) => edge.selected).map((edge) => edge.id))));
  }, [graph, projectId]);

  const names = useMemo(() => {
    const map = new Map<number, string>();
    for (const node of graph.external) map.set(node.id, externalName(node));
    for (const node of graph.nodes) map.set(node.id, node.name);
    return map;
  }, [graph]);
  const ownIds = useMemo(() => new Set(graph.nodes.map((node) => String(node.id))), [graph]);
  const workflowNames = useMemo(() => new Map(workflows.map((w) => [w.id, w.name])), [workflows]);

  const queryClient = useQueryClient();
  /** Keep where nodes were put, for everyone in the project (a viewer's moves last this visit). */
  const keepPositions = useCallback(
    (moved: { id: string; position: XY }[]) => {
      if (!editable || !moved.length) return;
      saveMoves(queryClient, projectId, workflowId, moved).catch((error: unknown) => {
        void message.warning(t("canvas.keepFailed", { reason: errorMessage(error) }));
      });
    },
    [editable, queryClient, projectId, workflowId, message, t],
  );
  const onNodeDragStop = useCallback(
    (_event: unknown, _node: FlowNode, dragged: FlowNode[]) => keepPositions(dragged),
    [keepPositions],
  );
  const onNodesChange = useCallback((changes: NodeChange<FlowNode>[]) => setNodes((ns) => applyNodeChanges(changes, ns)), []);
  const onEdgesChange = useCallback(
    // Removal goes through the server first (onBeforeDelete); only selection changes here.
    (changes: EdgeChange<FlowEdge>[]) =>
      setEdges((es) => applyEdgeChanges(changes.filter((change) => change.type !== "remove"), es)),
    [],
  );

  const dependencies = useDependencyEditing({ projectId, graph, nodes, edges, names, ownIds, editable, newKind });
  const creation = useNodeCreation({ projectId, workflowId, editable, nodes, wrapper, placed, keepPositions });
  const { loop } = dependencies;

  const onNodeDoubleClick = useCallback(
    (_: unknown, node: FlowNode) => {
      if (node.type === "external" && !node.data.sameProject) {
        const { external } = node.data;
        const name = externalName(external);
        const project = external.project_name ?? (external.project !== null ? `#${external.project}` : null);
        void message.info(project ? t("canvas.otherProject", { name, project }) : t("canvas.thisIs", { name }));
        return;
      }
      navigate(`/studio/nodes/${node.id}`);
    },
    [navigate, message, t],
  );

  // --- layout and view -------------------------------------------------------------------
  const autoLayout = useCallback(() => {
    const built = buildNodes(graph, { previous: nodes, projectId, relayout: true });
    setNodes(built.nodes);
    placed.current = new Map();
    if (editable) {
      forgetCanvas(queryClient, projectId, workflowId).catch((error: unknown) => {
        void message.warning(t("canvas.forgetFailed", { reason: errorMessage(error) }));
      });
    }
    window.requestAnimationFrame(() => void flow.fitView({ ...fitViewOptions, duration: 300 }));
    void message.success(t("canvas.laidOut", { count: built.nodes.length, ms: Math.round(built.layoutMs) }));
  }, [graph, nodes, projectId, workflowId, editable, queryClient, flow, message, t]);

  const fitView = useCallback(() => void flow.fitView({ ...fitViewOptions, duration: 300 }), [flow]);
  const [startViewport] = useState(() => bigGraphStart(nodes.map((node) => node.position), window.innerHeight));

  useReadySignal(wrapper, nodes, edges, firstLayout);
  useFocusNode(props.focusNode ?? null, setNodes);


  // --- what is drawn ---------------------------------------------------------------------
  const shownEdges = useMemo(() => {
    const refused = loop?.refused;
    if (!refused || !names.has(refused.upstream) || !names.has(refused.downstream)) return edges;
    return [...edges, refusedEdge(refused.upstream, refused.downstream)];
  }, [edges, loop, names]);

  const statuses = useMemo(() => (showStatus ? (latest?.nodes ?? {}) : null), [showStatus, latest]);
  const decorations: Decorations = useMemo(
    () => ({
      loop: loop?.highlight ?? NO_LOOP,
      statuses,
      bizdate: showStatus ? bizdate : null,
      workflowNames,
      showWorkflow: workflowId === null,
      editable,
    }),
    [loop, statuses, showStatus, bizdate, workflowNames, workflowId, editable],
  );
  const counts = useMemo(
    () => (statuses ? statusCounts(graph.nodes.map((node) => node.id), statuses) : {}),
    [graph, statuses],
  );
  const miniMapColor = useCallback(
    (node: FlowNode) => {
      if (loop?.highlight.nodeIds.has(node.id)) return "#f5222d";
      if (node.type === "external") return "#e8e8e8";
      return statuses ? statusStyle(statuses[node.id]?.status).color : "#bfbfbf";
    },
    [loop, statuses],
  );

  const dependencyCount = graph.edges.filter((edge) => edge.upstream !== edge.downstream).length;

  return (
    <DecorationsContext.Provider value={decorations}>
      <div className="wb-designer">
        <DesignerToolbar
          workflows={workflows}
          workflowId={workflowId}
          onWorkflowChange={props.onWorkflowChange}
          onNewWorkflow={props.onNewWorkflow}
          editable={editable}
          hasNodes={nodes.length > 0}
          onAutoLayout={autoLayout}
          onFitView={fitView}
          newKind={newKind}
          onNewKind={setNewKind}
          nodeSelected={dependencies.selectedNode !== null}
          selfDependent={dependencies.selfDependent}
          onToggleSelfDependency={dependencies.toggleSelfDependency}
          busy={dependencies.busy}
          selectedEdges={dependencies.selectedEdges.length}
          deleting={dependencies.deleting}
          onDeleteSelected={dependencies.removeSelected}
          showStatus={showStatus}
          onShowStatus={props.onShowStatus}
          bizdate={bizdate}
          onBizdate={props.onBizdate}
          onRefresh={props.onRefresh}
          refreshing={props.refreshing}
        />

        <div className="wb-designer-body">
          <Palette disabled={!editable} onPick={creation.onPick}>
            <Typography.Text type="secondary" data-testid="graph-counts" style={{ fontSize: 12 }}>
              {t("canvas.counts", {
                nodes: t("canvas.nodes", { count: graph.nodes.length }),
                dependencies: t("canvas.dependencies", { count: dependencyCount }),
              })}
            </Typography.Text>
          </Palette>
          <div
            className="wb-designer-canvas"
            ref={wrapper}
            data-testid="designer-canvas"
            data-busy={dependencies.busy ? "true" : undefined}
            onDragOver={creation.onDragOver}
            onDrop={creation.onDrop}
          >
            <EdgeMarkers />
            {loop ? <LoopAlert highlight={loop.highlight} graph={graph} onClose={dependencies.clearLoop} /> : null}
            <ReactFlow<FlowNode, FlowEdge>
              nodes={nodes}
              edges={shownEdges}
              nodeTypes={nodeTypes}
              edgeTypes={edgeTypes}
              onNodesChange={onNodesChange}
              onEdgesChange={onEdgesChange}
              onConnect={dependencies.onConnect}
              isValidConnection={dependencies.isValidConnection}
              onBeforeDelete={dependencies.onBeforeDelete}
              onNodeDoubleClick={onNodeDoubleClick}
              onNodeDragStop={onNodeDragStop}
              deleteKeyCode={DELETE_KEYS}
              nodesConnectable={editable}
              onlyRenderVisibleElements
              fitView={!startViewport}
              fitViewOptions={fitViewOptions}
              defaultViewport={startViewport}
              minZoom={startViewport ? BIG_MIN_ZOOM : 0.1}
              maxZoom={2}
              zoomOnDoubleClick={false}
              proOptions={proOptions}
            >
              <Background gap={24} />
              <Controls showInteractive={false} />
              {nodes.length ? (
                <Panel position="bottom-right">
                  <CanvasMiniMap nodes={nodes} colorOf={miniMapColor} />
                </Panel>
              ) : null}
              {showStatus ? (
                <Panel position="top-left" style={loop ? { marginTop: 96 } : undefined}>
                  <StatusLegend counts={counts} bizdate={bizdate} loading={props.latestLoading} />
                </Panel>
              ) : null}
              {nodes.length && nodes.length <= HINT_UP_TO && !loop ? (
                <Panel
                  position="top-right"
                  style={{ maxWidth: 330, textAlign: "right", background: "rgba(255,255,255,0.85)", padding: "2px 6px" }}
                >
                  <CanvasHint />
                </Panel>
              ) : null}
            </ReactFlow>
            {!graph.nodes.length ? <EmptyCanvas editable={editable} /> : null}
          </div>
        </div>
      </div>
      <CreateNodeModal
        open={creation.creating !== null}
        type={creation.creating?.type ?? "sql"}
        workflows={workflows}
        workflowId={workflowId}
        pending={creation.pending}
        onCancel={creation.cancel}
        onCreate={creation.onCreate}
      />
    </DecorationsContext.Provider>
  );
}

/** Select `nodeId` and centre the view on it, once it has been drawn and measured (after the
 * canvas's own first fit, so that this one wins). Once per node asked for. */
function useFocusNode(nodeId: number | null, setNodes: (update: (nodes: FlowNode[]) => FlowNode[]) => void) {
  const flow = useReactFlow<FlowNode, FlowEdge>();
  const initialized = useNodesInitialized();
  const done = useRef<number | null>(null);
  useEffect(() => {
    if (nodeId === null || !initialized || done.current === nodeId) return;
    const id = String(nodeId);
    if (!flow.getNode(id)) return;
    done.current = nodeId;
    setNodes((nodes) => nodes.map((node) => (node.selected === (node.id === id) ? node : { ...node, selected: node.id === id })));
    window.requestAnimationFrame(() => void flow.fitView({ nodes: [{ id }], maxZoom: 1.2, duration: 300 }));

  }, [nodeId, initialized, flow, setNodes]);
}
