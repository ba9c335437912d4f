// Publishes when the first layout is painted: the benchmark and the browser tests wait for it.
import { useEffect, useRef, type RefObject } from "react";

import type { FlowEdge, FlowNode } from "./graph";
import type { LayoutEngine } from "./layout";

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

export interface FirstLayout {
  layoutMs: number;
  engine: LayoutEngine | null;
  startMs: number;
}

/** Once the canvas shows its nodes, set `data-ready` on it and `window.__designerReady`. */
export function useReadySignal(
  wrapper: RefObject<HTMLDivElement | null>,
  nodes: FlowNode[],
  edges: FlowEdge[],
  firstLayout: RefObject<FirstLayout | null>,
) {
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
  }, [wrapper, nodes, edges, firstLayout]);
}
