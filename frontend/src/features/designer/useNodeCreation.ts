// Creating nodes from the palette: dropped where the pointer is, or clicked into a free spot in
// the middle of the view; the new node keeps the place it was given.
import { useReactFlow } from "@xyflow/react";
import { App } from "antd";
import { useCallback, useRef, useState, type DragEvent, type RefObject } from "react";
import { useTranslation } from "react-i18next";

import { useCreateNode } from "./api";
import { NODE_TYPE_INFO } from "./components/nodeTypes";
import { DRAG_TYPE } from "./components/Palette";
import { NODE_HEIGHT, NODE_WIDTH, type FlowEdge, type FlowNode } from "./graph";
import type { XY } from "./layout";
import type { NodeType } from "./types";

interface Options {
  projectId: number;
  workflowId: number | null;
  editable: boolean;
  nodes: FlowNode[];
  wrapper: RefObject<HTMLDivElement | null>;
  /** Positions people chose, by node id: the new node's is put there before the graph refetches. */
  placed: { current: Map<string, XY> };
  keepPositions: (moved: { id: string; position: XY }[]) => void;
}

/** Below `at`, the first spot no node covers (at most 30 node heights down). */
function freeSpotNear(nodes: FlowNode[], at: XY): XY {
  let spot = at;
  for (let tries = 0; tries < 30; tries += 1) {
    const clash = nodes.some(
      (node) => Math.abs(node.position.x - spot.x) < NODE_WIDTH && Math.abs(node.position.y - spot.y) < NODE_HEIGHT + 8,
    );
    if (!clash) return spot;
    spot = { x: spot.x, y: spot.y + NODE_HEIGHT + 16 };
  }
  return spot;
}

export function useNodeCreation({ projectId, workflowId, editable, nodes, wrapper, placed, keepPositions }: Options) {
  const flow = useReactFlow<FlowNode, FlowEdge>();
  const { message } = App.useApp();
  const { t } = useTranslation("designer");
  const [creating, setCreating] = useState<{ type: NodeType; position: XY } | null>(null);
  // Where the node being created goes: set when the palette item is dropped or clicked.
  const pendingPosition = useRef<XY>({ x: 0, y: 0 });
  const createNode = useCreateNode(projectId, workflowId, (created) => {
    placed.current.set(String(created.id), pendingPosition.current);
  });

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
      setCreating({ type, position: freeSpotNear(nodes, { x: at.x - NODE_WIDTH / 2, y: at.y - NODE_HEIGHT / 2 }) });
    },
    [flow, nodes, wrapper],
  );

  const onCreate = useCallback(
    async (values: { name: string; type: NodeType; workflow: number }) => {
      const position = creating?.position ?? { x: 0, y: 0 };
      pendingPosition.current = position;
      const created = await createNode.mutateAsync(values);
      setCreating(null);
      keepPositions([{ id: String(created.id), position }]);
      void message.success(t("newNode.created", { type: NODE_TYPE_INFO[values.type].label, name: created.name }));
      return created;
    },
    [creating, createNode, message, keepPositions, t],
  );

  return {
    creating,
    cancel: () => setCreating(null),
    pending: createNode.isPending,
    onDragOver,
    onDrop,
    onPick,
    onCreate,
  };
}
