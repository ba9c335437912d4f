import { Typography } from "antd";
import type { ReactNode } from "react";

import { NODE_TYPES, type NodeType } from "../types";
import { NODE_TYPE_INFO } from "./nodeTypes";

/** The drag payload: a node type dropped on the canvas. */
export const DRAG_TYPE = "application/x-workbench-node-type";

/** Node types to drag onto the canvas (or click: the node lands in the middle of the view). */
export function Palette({
  disabled,
  onPick,
  children,
}: {
  disabled: boolean;
  onPick: (type: NodeType) => void;
  /** Shown under the node types. */
  children?: ReactNode;
}) {
  return (
    <aside className="wb-palette" aria-label="Node types">
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {disabled ? "Your role cannot add nodes" : "Drag onto the canvas to add a node"}
      </Typography.Text>
      {NODE_TYPES.map((type) => {
        const info = NODE_TYPE_INFO[type];
        return (
          <button
            key={type}
            type="button"
            className="wb-palette-item"
            style={{ borderLeftColor: info.color }}
            draggable={!disabled}
            disabled={disabled}
            data-testid={`palette-${type}`}
            title={`${info.hint}. Drag it onto the canvas, or click to add it in the middle of the view.`}
            onDragStart={(event) => {
              event.dataTransfer.setData(DRAG_TYPE, type);
              event.dataTransfer.effectAllowed = "copy";
            }}
            onClick={() => onPick(type)}
          >
            <span style={{ color: info.color }}>{info.icon}</span>
            <span>{info.label}</span>
          </button>
        );
      })}
      <div style={{ marginTop: 8 }}>{children}</div>
    </aside>
  );
}
