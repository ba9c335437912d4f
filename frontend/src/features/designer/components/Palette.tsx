import { Typography } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

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
  const { t } = useTranslation("designer");
  return (
    <aside className="wb-palette" aria-label={t("palette.label")}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {disabled ? t("palette.readOnly") : t("palette.hint")}
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
            title={t("palette.itemHint", { hint: info.hint })}
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
