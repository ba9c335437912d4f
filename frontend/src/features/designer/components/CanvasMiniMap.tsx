// An overview of the whole graph drawn on one <canvas>: React Flow's own minimap renders a
// component per node, which at 2,000 nodes costs more than the canvas itself. Click or drag to
// move the view there; the wheel zooms.
import { useReactFlow, useStore, type ReactFlowState } from "@xyflow/react";
import { memo, useCallback, useEffect, useMemo, useRef, type PointerEvent, type WheelEvent } from "react";
import { useTranslation } from "react-i18next";

import { NODE_HEIGHT, NODE_WIDTH, type FlowNode } from "../graph";
import { minimapFrame, type Box } from "../minimap";

const WIDTH = 200;
const HEIGHT = 140;

const viewportOf = (s: ReactFlowState) => ({ x: s.transform[0], y: s.transform[1], zoom: s.transform[2], width: s.width, height: s.height });
const sameViewport = (a: ReturnType<typeof viewportOf>, b: ReturnType<typeof viewportOf>) =>
  a.x === b.x && a.y === b.y && a.zoom === b.zoom && a.width === b.width && a.height === b.height;

function CanvasMiniMapView({ nodes, colorOf }: { nodes: FlowNode[]; colorOf: (node: FlowNode) => string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const flow = useReactFlow();
  const view = useStore(viewportOf, sameViewport);
  const { t } = useTranslation("designer");

  const content: Box | null = useMemo(() => {
    if (!nodes.length) return null;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const node of nodes) {
      minX = Math.min(minX, node.position.x);
      minY = Math.min(minY, node.position.y);
      maxX = Math.max(maxX, node.position.x + NODE_WIDTH);
      maxY = Math.max(maxY, node.position.y + NODE_HEIGHT);
    }
    return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
  }, [nodes]);

  const visible: Box = useMemo(
    () => ({ x: -view.x / view.zoom, y: -view.y / view.zoom, width: view.width / view.zoom, height: view.height / view.zoom }),
    [view],
  );
  const frame = useMemo(() => minimapFrame(content, visible, { width: WIDTH, height: HEIGHT }), [content, visible]);

  useEffect(() => {
    const element = canvas.current;
    const context = element?.getContext("2d");
    if (!element || !context) return;
    const ratio = window.devicePixelRatio || 1;
    if (element.width !== WIDTH * ratio) {
      element.width = WIDTH * ratio;
      element.height = HEIGHT * ratio;
    }
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, WIDTH, HEIGHT);
    const { scale, offsetX, offsetY } = frame;
    const w = Math.max(1.5, NODE_WIDTH * scale);
    const h = Math.max(1, NODE_HEIGHT * scale);
    for (const node of nodes) {
      context.fillStyle = colorOf(node);
      context.fillRect(offsetX + node.position.x * scale, offsetY + node.position.y * scale, w, h);
    }
    // dim what is out of view, outline what is in view
    const vx = offsetX + visible.x * scale;
    const vy = offsetY + visible.y * scale;
    const vw = visible.width * scale;
    const vh = visible.height * scale;
    context.fillStyle = "rgba(240, 242, 245, 0.55)";
    context.beginPath();
    context.rect(0, 0, WIDTH, HEIGHT);
    context.rect(vx, vy, vw, vh);
    context.fill("evenodd");
    context.strokeStyle = "#1668dc";
    context.lineWidth = 1.5;
    context.strokeRect(vx, vy, vw, vh);
  }, [nodes, colorOf, frame, visible]);

  const moveTo = useCallback(
    (event: PointerEvent<HTMLCanvasElement>) => {
      const box = event.currentTarget.getBoundingClientRect();
      const x = (event.clientX - box.left - frame.offsetX) / frame.scale;
      const y = (event.clientY - box.top - frame.offsetY) / frame.scale;
      void flow.setCenter(x, y, { zoom: view.zoom });
    },
    [flow, frame, view.zoom],
  );

  const onWheel = useCallback(
    (event: WheelEvent<HTMLCanvasElement>) => {
      void (event.deltaY < 0 ? flow.zoomIn({ duration: 100 }) : flow.zoomOut({ duration: 100 }));
    },
    [flow],
  );

  return (
    <canvas
      ref={canvas}
      className="wb-minimap nopan nowheel"
      style={{ width: WIDTH, height: HEIGHT }}
      role="img"
      aria-label={t("minimap.label", { count: nodes.length })}
      data-testid="minimap"
      onPointerDown={(event) => {
        event.currentTarget.setPointerCapture(event.pointerId);
        moveTo(event);
      }}
      onPointerMove={(event) => {
        if (event.buttons & 1) moveTo(event);
      }}
      onWheel={onWheel}
    />
  );
}

export const CanvasMiniMap = memo(CanvasMiniMapView);
