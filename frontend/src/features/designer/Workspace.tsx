// The canvas with its toolbar (components/DesignerToolbar) and palette: React Flow state, drawing
// and removing edges, creating nodes, auto-layout, the refused loop and the status colours.
import {
  applyEdgeChanges,
  applyNodeChanges,
  Background,
  Controls,
  Panel,
  ReactFlow,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type IsValidConnection,
  type NodeChange,
  type OnBeforeDelete,
} from "@xyflow/react";
import { useQueryClient } from "@tanstack/react-query";
import { Alert, App, Empty, Typography } from "antd";
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from "react";
import { useNavigate } from "react-router-dom";

import { ApiError } from "../../api/client";
import { errorMessage } from "../../errors";
import { useAddDependency, useCreateNode, useDeleteDependencies } from "./api";
import { describeLoop, loopFromError, loopHighlight, NO_LOOP, type LoopHighlight } from "./cycle";
import {
  buildEdges,
  buildNodes,
  dependencyId,
  externalName,
  inboundUpstream,
  NODE_HEIGHT,
  NODE_WIDTH,
  refusedEdge,
  selfDependencyOf,
  type FlowEdge,
  type FlowNode,
} from "./graph";
import type { LayoutEngine, XY } from "./layout";
import { forgetCanvas, saveMoves } from "./positions";
import { statusCounts, statusStyle } from "./status";
import type { DependencyKind, LatestInstances, NodeType, ProjectGraph, Workflow } from "./types";
import { CanvasMiniMap } from "./components/CanvasMiniMap";
import { CreateNodeModal } from "./components/CreateNodeModal";
import { DecorationsContext, type Decorations } from "./components/decorations";
import { DependencyEdge, EdgeMarkers } from "./components/DependencyEdge";
import { DesignerNode, ExternalNodeCard } from "./components/DesignerNode";
import { DesignerToolbar } from "./components/DesignerToolbar";
import { NODE_TYPE_INFO } from "./components/nodeTypes";
import { DRAG_TYPE, Palette } from "./components/Palette";
import { StatusLegend } from "./components/StatusLegend";

const nodeTypes = { designer: DesignerNode, external: ExternalNodeCard };
const edgeTypes = { dependency: DependencyEdge };
const fitViewOptions = { padding: 0.1, maxZoom: 1 };
/**
 * Past this many nodes the canvas opens on the top-left of the layout at a readable zoom instead
 * of fitting everything: React Flow renders only what is in view, and the minimap shows the rest.
 * The same bound keeps zooming out from putting thousands of nodes in the DOM at once.
 */
const BIG_GRAPH = 300;
const BIG_START_ZOOM = 0.75;
const BIG_MIN_ZOOM = 0.2;
const proOptions = { hideAttribution: true };
const DELETE_KEYS = ["Delete", "Backspace"];

/** Published when the first layout is painted: the benchmark and the browser tests wait for it. */
export interface DesignerReady {
  nodes: number;
  edges: number;
  /** Node elements in the DOM (fewer than `nodes` when most lie off-screen). */
  rendered: number;
  layoutMs: number;
  engine: LayoutEngine | null;
  /** performance.now() when the canvas started building its nodes (the graph had arrived). */
  startMs: number;
  /** performance.now() when the canvas was painted: milliseconds since the navigation started. */
  readyMs: number;
}

declare global {
  interface Window {
    __designerReady?: DesignerReady;
  }
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

interface Loop {
  highlight: LoopHighlight;
  refused: { upstream: number; downstream: number } | null;
}

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
}

export function Workspace(props: WorkspaceProps) {
  const { projectId, graph, workflows, workflowId, editable, showStatus, bizdate, latest } = props;
  const flow = useReactFlow<FlowNode, FlowEdge>();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const wrapper = useRef<HTMLDivElement>(null);

  // Positions people chose: the ones the server keeps, and drops for nodes it has not returned yet.
  const placed = useRef(new Map(props.kept));
  const firstLayout = useRef<{ layoutMs: number; engine: LayoutEngine | null; startMs: number } | null>(null);
  const [nodes, setNodes] = useState<FlowNode[]>(() => {
    const startMs = performance.now();
    const built = buildNodes(graph, { projectId, placed: placed.current });
    firstLayout.current = { layoutMs: built.layoutMs, engine: built.engine, startMs };
    return built.nodes;
  });
  const [edges, setEdges] = useState<FlowEdge[]>(() => buildEdges(graph));
  const [loop, setLoop] = useState<Loop | null>(null);
  const [newKind, setNewKind] = useState<DependencyKind>("same_cycle");
  const [creating, setCreating] = useState<{ type: NodeType; position: XY } | null>(null);

  // A new graph from the server (an edit, a refetch): keep positions and unchanged node objects.
  const shownGraph = useRef(graph);
  useEffect(() => {
    if (shownGraph.current === graph) return;
    shownGraph.current = graph;
    setNodes((previous) => buildNodes(graph, { previous, placed: placed.current, projectId }).nodes);
    setEdges((previous) => buildEdges(graph, new Set(previous.filter((edge) => edge.selected).map((edge) => edge.id))));
  }, [graph, projectId]);

  const addDependency = useAddDependency(projectId);
  const deleteDependencies = useDeleteDependencies(projectId);
  // Where the node being created goes: set when the palette item is dropped or clicked.
  const pendingPosition = useRef<XY>({ x: 0, y: 0 });
  const createNode = useCreateNode(projectId, workflowId, (created) => {
    placed.current.set(String(created.id), pendingPosition.current);
  });

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
        void message.warning(`Could not keep the new positions: ${errorMessage(error)}`);
      });
    },
    [editable, queryClient, projectId, workflowId, message],
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

  const isValidConnection: IsValidConnection = useCallback(
    (connection) => connection.source !== connection.target && ownIds.has(connection.target) && names.has(Number(connection.source)),
    [ownIds, names],
  );

  const showLoop = useCallback(
    (path: number[], text: string, refused: Loop["refused"]) => {
      const highlight = loopHighlight(path, graph, text);
      setLoop({ highlight, refused });
      const ids = [...highlight.nodeIds].filter((id) => names.has(Number(id)));
      window.requestAnimationFrame(() => {
        void flow.fitView({ nodes: ids.map((id) => ({ id })), padding: 0.35, maxZoom: 1, duration: 300 });
      });
    },
    [graph, names, flow],
  );

  const onConnect = useCallback(
    (connection: Connection) => {
      if (!editable) return;
      const upstream = Number(connection.source);
      const downstream = Number(connection.target);
      const label = `${names.get(downstream)} ← ${names.get(upstream)}`;
      addDependency.mutate(
        { upstream, downstream, kind: newKind },
        {
          onSuccess: (dependency) => {
            setLoop(null);
            void message.success(`${dependency.downstream_name} now depends on ${dependency.upstream_name}`);
          },
          onError: (error) => {
            const path = loopFromError(error, graph);
            if (path) {
              // the server's reason without its field name ("upstream: ...")
              const reason = (error instanceof ApiError && error.fields.upstream?.[0]) || errorMessage(error);
              showLoop(path, reason, { upstream, downstream });
              void message.error(`Dependency refused: ${label} would close a loop`);
            } else {
              void message.error(`Could not add the dependency ${label}: ${errorMessage(error)}`);
            }
          },
        },
      );
    },
    [editable, names, addDependency, message, graph, showLoop, newKind],
  );

  const selectedEdges = useMemo(() => edges.filter((edge) => edge.selected && dependencyId(edge.id) !== null), [edges]);
  // The one selected node of this project: its own previous cycle can be switched on and off.
  const selectedNode = useMemo(() => {
    const picked = nodes.filter((node) => node.selected && node.type === "designer");
    return picked.length === 1 && ownIds.has(picked[0].id) ? Number(picked[0].id) : null;
  }, [nodes, ownIds]);
  const selfEdge = selectedNode === null ? null : selfDependencyOf(graph, selectedNode);

  const toggleSelfDependency = useCallback(() => {
    if (selectedNode === null) return;
    const name = names.get(selectedNode);
    if (selfEdge !== null) {
      deleteDependencies.mutate([{ id: selfEdge, inboundOf: null }], {
        onSuccess: ({ error }) =>
          error
            ? void message.error(`Could not remove the self dependency: ${errorMessage(error)}`)
            : void message.success(`${name} no longer waits for its own previous cycle`),
      });
    } else {
      addDependency.mutate(
        { upstream: selectedNode, downstream: selectedNode, kind: "self_previous_cycle" },
        {
          onSuccess: () => void message.success(`${name} now waits for its own previous cycle`),
          onError: (error) => void message.error(`Could not add the self dependency: ${errorMessage(error)}`),
        },
      );
    }
  }, [selectedNode, selfEdge, names, addDependency, deleteDependencies, message]);

  const removeEdges = useCallback(
    (doomed: FlowEdge[]) => {
      if (!editable) {
        void message.warning("Your role cannot change dependencies.");
        return;
      }
      const items = doomed.flatMap((edge) => {
        const id = dependencyId(edge.id);
        return id === null ? [] : [{ id, inboundOf: inboundUpstream(edge, graph, projectId), edge }];
      });
      const ids = items.map((item) => item.id);
      if (!ids.length) return;
      const describe = (edge: FlowEdge) => `${names.get(Number(edge.source))} → ${names.get(Number(edge.target))}`;
      deleteDependencies.mutate(items.map(({ id, inboundOf }) => ({ id, inboundOf })), {
        onSuccess: ({ deleted, error }) => {
          if (deleted.length === 1) void message.success(`Removed the dependency ${describe(items[ids.indexOf(deleted[0])].edge)}`);
          else if (deleted.length > 1) void message.success(`Removed ${deleted.length} dependencies`);
          if (error) void message.error(`Could not remove a dependency: ${errorMessage(error)}`);
        },
        onError: (error) => void message.error(`Could not remove the dependency: ${errorMessage(error)}`),
      });
    },
    [editable, names, deleteDependencies, message, graph, projectId],
  );

  const onBeforeDelete: OnBeforeDelete<FlowNode, FlowEdge> = useCallback(
    async ({ edges: doomed }) => {
      removeEdges(doomed.filter((edge) => edge.selected));
      return false; // the canvas follows the server's answer, not the key press
    },
    [removeEdges],
  );

  const onNodeDoubleClick = useCallback(
    (_: unknown, node: FlowNode) => {
      if (node.type === "external" && !node.data.sameProject) {
        const { external } = node.data;
        const project = external.project_name ?? (external.project !== null ? `#${external.project}` : null);
        void message.info(
          project ? `${externalName(external)} belongs to another project (${project}).` : `This is ${externalName(external)}.`,
        );
        return;
      }
      navigate(`/studio/nodes/${node.id}`);
    },
    [navigate, message],
  );

  // --- creating nodes from the palette ---------------------------------------------------
  const freeSpotNear = useCallback(
    (at: XY): XY => {
      let spot = at;
      for (let tries = 0; tries < 30; tries += 1) {
        const clash = nodes.some(
          (node) => Math.abs(node.position.x - spot.x) < NODE_WIDTH && Math.abs(node.position.y - spot.y) < NODE_HEIGHT + 8,
        );
        if (!clash) return spot;
        spot = { x: spot.x, y: spot.y + NODE_HEIGHT + 16 };
      }
      return spot;
    },
    [nodes],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(DRAG_TYPE) as NodeType;
      if (!type || !(type in NODE_TYPE_INFO)) return;
      event.preventDefault();
      if (!editable) return;
      const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      setCreating({ type, position: { x: at.x - NODE_WIDTH / 2, y: at.y - NODE_HEIGHT / 2 } });
    },
    [flow, editable],
  );

  const onPick = useCallback(
    (type: NodeType) => {
      const box = wrapper.current?.getBoundingClientRect();
      const centre = box ? { x: box.left + box.width / 2, y: box.top + box.height / 2 } : { x: 0, y: 0 };
      const at = flow.screenToFlowPosition(centre);
      setCreating({ type, position: freeSpotNear({ x: at.x - NODE_WIDTH / 2, y: at.y - NODE_HEIGHT / 2 }) });
    },
    [flow, freeSpotNear],
  );

  const onCreate = useCallback(
    async (values: { name: string; type: NodeType; workflow: number }) => {
      const position = creating?.position ?? { x: 0, y: 0 };
      pendingPosition.current = position;
      const created = await createNode.mutateAsync(values);
      setCreating(null);
      keepPositions([{ id: String(created.id), position }]);
      void message.success(
        `Created ${NODE_TYPE_INFO[values.type].label} node "${created.name}". Drag from its right handle to add a downstream; double-click it to write its code.`,
      );
      return created;
    },
    [creating, createNode, message, keepPositions],
  );

  // --- layout and view -------------------------------------------------------------------
  const autoLayout = useCallback(() => {
    const built = buildNodes(graph, { previous: nodes, projectId, relayout: true });
    setNodes(built.nodes);
    placed.current = new Map();
    if (editable) {
      forgetCanvas(queryClient, projectId, workflowId).catch((error: unknown) => {
        void message.warning(`Could not forget the old positions: ${errorMessage(error)}`);
      });
    }
    window.requestAnimationFrame(() => void flow.fitView({ ...fitViewOptions, duration: 300 }));
    void message.success(
      `Laid out ${built.nodes.length} node${built.nodes.length === 1 ? "" : "s"} left to right in ${Math.round(built.layoutMs)} ms`,
    );
  }, [graph, nodes, projectId, workflowId, editable, queryClient, flow, message]);

  const fitView = useCallback(() => void flow.fitView({ ...fitViewOptions, duration: 300 }), [flow]);

  const big = nodes.length > BIG_GRAPH;
  // Where a big graph opens: on its first node (leftmost, then topmost; the layouts put the
  // largest pipeline there), a third of the way down the canvas.
  const [startViewport] = useState(() => {
    if (!big) return undefined;
    let first = nodes[0].position;
    for (const { position } of nodes) {
      if (position.x < first.x || (position.x === first.x && position.y < first.y)) first = position;
    }
    const canvasHeight = Math.max(300, window.innerHeight - 170);
    return {
      x: 24 - first.x * BIG_START_ZOOM,
      y: canvasHeight / 3 - first.y * BIG_START_ZOOM,
      zoom: BIG_START_ZOOM,
    };
  });

  // --- readiness: first layout painted ----------------------------------------------------
  const ready = useRef(false);
  useEffect(() => {
    if (ready.current) return;
    let frame = 0;
    const check = () => {
      const element = wrapper.current;
      const rendered = element?.querySelectorAll(".react-flow__node").length ?? 0;
      if ((nodes.length && !rendered) || !element) {
        frame = window.requestAnimationFrame(check);
        return;
      }
      // the frame after the one that drew the nodes: they are on screen
      frame = window.requestAnimationFrame(() => {
        window.setTimeout(() => {
          if (ready.current) return;
          ready.current = true;
          const info: DesignerReady = {
            nodes: nodes.length,
            edges: edges.length,
            rendered: element.querySelectorAll(".react-flow__node").length,
            layoutMs: Math.round(firstLayout.current?.layoutMs ?? 0),
            engine: firstLayout.current?.engine ?? null,
            startMs: Math.round(firstLayout.current?.startMs ?? 0),
            readyMs: Math.round(performance.now()),
          };
          element.dataset.layoutMs = String(info.layoutMs);
          element.dataset.ready = "true";
          window.__designerReady = info;
        }, 0);
      });
    };
    frame = window.requestAnimationFrame(check);
    return () => window.cancelAnimationFrame(frame);
  }, [nodes, edges]);

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
  const busy = addDependency.isPending || deleteDependencies.isPending;

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
          nodeSelected={selectedNode !== null}
          selfDependent={selfEdge !== null}
          onToggleSelfDependency={toggleSelfDependency}
          busy={busy}
          selectedEdges={selectedEdges.length}
          deleting={deleteDependencies.isPending}
          onDeleteSelected={() => removeEdges(selectedEdges)}
          showStatus={showStatus}
          onShowStatus={props.onShowStatus}
          bizdate={bizdate}
          onBizdate={props.onBizdate}
          onRefresh={props.onRefresh}
          refreshing={props.refreshing}
        />

        <div className="wb-designer-body">
          <Palette disabled={!editable} onPick={onPick}>
            <Typography.Text type="secondary" data-testid="graph-counts" style={{ fontSize: 12 }}>
              {plural(graph.nodes.length, "node")} · {plural(dependencyCount, "dependency", "dependencies")}
            </Typography.Text>
          </Palette>
          <div
            className="wb-designer-canvas"
            ref={wrapper}
            data-testid="designer-canvas"
            data-busy={busy ? "true" : undefined}
            onDragOver={onDragOver}
            onDrop={onDrop}
          >
            <EdgeMarkers />
            {loop ? (
              <Alert
                className="wb-loop-alert"
                type="error"
                showIcon
                closable
                onClose={() => setLoop(null)}
                data-testid="loop-alert"
                message={`Refused: ${loop.highlight.message}`}
                description={`The loop ${describeLoop(loop.highlight.path, graph)} is drawn in red. Remove one of its dependencies first, or draw the edge the other way.`}
              />
            ) : null}
            <ReactFlow<FlowNode, FlowEdge>
              nodes={nodes}
              edges={shownEdges}
              nodeTypes={nodeTypes}
              edgeTypes={edgeTypes}
              onNodesChange={onNodesChange}
              onEdgesChange={onEdgesChange}
              onConnect={onConnect}
              isValidConnection={isValidConnection}
              onBeforeDelete={onBeforeDelete}
              onNodeDoubleClick={onNodeDoubleClick}
              onNodeDragStop={onNodeDragStop}
              deleteKeyCode={DELETE_KEYS}
              nodesConnectable={editable}
              onlyRenderVisibleElements
              fitView={!startViewport}
              fitViewOptions={fitViewOptions}
              defaultViewport={startViewport}
              minZoom={big ? BIG_MIN_ZOOM : 0.1}
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
              {nodes.length && nodes.length <= 30 && !loop ? (
                <Panel
                  position="top-right"
                  style={{ maxWidth: 330, textAlign: "right", background: "rgba(255,255,255,0.85)", padding: "2px 6px" }}
                >
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    Drag from a node&apos;s right handle to another node to add a dependency · click an edge and press
                    Delete to remove it · double-click a node to open it
                  </Typography.Text>
                </Panel>
              ) : null}
            </ReactFlow>
            {!graph.nodes.length ? (
              <div className="wb-overlay">
                <Empty
                  description={
                    editable
                      ? "No nodes here yet. Drag SQL, Python, Shell or Virtual from the palette onto the canvas (or click one) to create the first node; then drag from a node's right handle to another node to make it depend on the first."
                      : "No nodes here yet. Nodes appear here once a developer creates them."
                  }
                  style={{ maxWidth: 420, background: "rgba(255,255,255,0.9)", padding: 16, borderRadius: 8 }}
                />
              </div>
            ) : null}
          </div>
        </div>
      </div>
      <CreateNodeModal
        open={creating !== null}
        type={creating?.type ?? "sql"}
        workflows={workflows}
        workflowId={workflowId}
        pending={createNode.isPending}
        onCancel={() => setCreating(null)}
        onCreate={onCreate}
      />
    </DecorationsContext.Provider>
  );
}
