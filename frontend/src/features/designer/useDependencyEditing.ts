// Drawing, removing and refusing dependencies on the canvas: every change goes to the server
// first and the canvas follows its answer; a refused loop is kept to be drawn in red.
import { useReactFlow, type Connection, type IsValidConnection, type OnBeforeDelete } from "@xyflow/react";
import { App } from "antd";
import { useCallback, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";

import { ApiError } from "../../api/client";
import { errorMessage } from "../../errors";
import { useAddDependency, useDeleteDependencies } from "./api";
import { loopFromError, loopHighlight, type LoopHighlight } from "./cycle";
import { dependencyId, inboundUpstream, selfDependencyOf, type FlowEdge, type FlowNode } from "./graph";
import type { DependencyKind, ProjectGraph } from "./types";

export interface Loop {
  highlight: LoopHighlight;
  refused: { upstream: number; downstream: number } | null;
}

interface Options {
  projectId: number;
  graph: ProjectGraph;
  nodes: FlowNode[];
  edges: FlowEdge[];
  /** Every node the canvas shows, by id: this project's and the external ends. */
  names: Map<number, string>;
  /** This project's nodes (the only ones that may get a new upstream). */
  ownIds: Set<string>;
  editable: boolean;
  newKind: DependencyKind;
}

export function useDependencyEditing({ projectId, graph, nodes, edges, names, ownIds, editable, newKind }: Options) {
  const flow = useReactFlow<FlowNode, FlowEdge>();
  const { message } = App.useApp();
  const { t } = useTranslation("designer");
  const addDependency = useAddDependency(projectId);
  const deleteDependencies = useDeleteDependencies(projectId);
  const [loop, setLoop] = useState<Loop | null>(null);

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
      const edge = `${names.get(downstream)} ← ${names.get(upstream)}`;
      addDependency.mutate(
        { upstream, downstream, kind: newKind },
        {
          onSuccess: (dependency) => {
            setLoop(null);
            void message.success(
              t("canvas.dependsNow", { downstream: dependency.downstream_name, upstream: dependency.upstream_name }),
            );
          },
          onError: (error) => {
            const path = loopFromError(error, graph);
            if (path) {
              // the server's reason without its field name ("upstream: ...")
              const reason = (error instanceof ApiError && error.fields.upstream?.[0]) || errorMessage(error);
              showLoop(path, reason, { upstream, downstream });
              void message.error(t("canvas.loopRefused", { edge }));
            } else {
              void message.error(t("canvas.addFailed", { edge, reason: errorMessage(error) }));
            }
          },
        },
      );
    },
    [editable, names, addDependency, message, graph, showLoop, newKind, t],
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
            ? void message.error(t("canvas.selfRemoveFailed", { reason: errorMessage(error) }))
            : void message.success(t("canvas.selfRemoved", { name })),
      });
    } else {
      addDependency.mutate(
        { upstream: selectedNode, downstream: selectedNode, kind: "self_previous_cycle" },
        {
          onSuccess: () => void message.success(t("canvas.selfAdded", { name })),
          onError: (error) => void message.error(t("canvas.selfAddFailed", { reason: errorMessage(error) })),
        },
      );
    }
  }, [selectedNode, selfEdge, names, addDependency, deleteDependencies, message, t]);

  const removeEdges = useCallback(
    (doomed: FlowEdge[]) => {
      if (!editable) {
        void message.warning(t("canvas.cannotChange"));
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
          if (deleted.length === 1)
            void message.success(t("canvas.removedOne", { edge: describe(items[ids.indexOf(deleted[0])].edge) }));
          else if (deleted.length > 1) void message.success(t("canvas.removedMany", { count: deleted.length }));
          if (error) void message.error(t("canvas.removeOneFailed", { reason: errorMessage(error) }));
        },
        onError: (error) => void message.error(t("canvas.removeFailed", { reason: errorMessage(error) })),
      });
    },
    [editable, names, deleteDependencies, message, graph, projectId, t],
  );

  const onBeforeDelete: OnBeforeDelete<FlowNode, FlowEdge> = useCallback(
    async ({ edges: doomed }) => {
      removeEdges(doomed.filter((edge) => edge.selected));
      return false; // the canvas follows the server's answer, not the key press
    },
    [removeEdges],
  );

  return {
    loop,
    clearLoop: () => setLoop(null),
    isValidConnection,
    onConnect,
    onBeforeDelete,
    selectedEdges,
    removeSelected: () => removeEdges(selectedEdges),
    selectedNode,
    selfDependent: selfEdge !== null,
    toggleSelfDependency,
    busy: addDependency.isPending || deleteDependencies.isPending,
    deleting: deleteDependencies.isPending,
  };
}
