import { BaseEdge, getBezierPath, type EdgeProps } from "@xyflow/react";
import { memo } from "react";
import { useTranslation } from "react-i18next";

import { edgeReason, type FlowEdge } from "../graph";
import { useDecorations } from "./decorations";

const ARROW = "wb-designer-arrow";
const ARROW_LOOP = "wb-designer-arrow-loop";
const ARROW_SELECTED = "wb-designer-arrow-selected";

/** Arrow heads of a fixed size (React Flow's grow with the stroke), one per edge colour. */
export function EdgeMarkers() {
  return (
    <svg style={{ position: "absolute", width: 0, height: 0 }} aria-hidden="true">
      <defs>
        {[
          [ARROW, "#8c8c8c"],
          [ARROW_LOOP, "#f5222d"],
          [ARROW_SELECTED, "#1668dc"],
        ].map(([id, colour]) => (
          <marker
            key={id}
            id={id}
            viewBox="0 0 10 10"
            refX="10"
            refY="5"
            markerWidth="10"
            markerHeight="10"
            markerUnits="userSpaceOnUse"
            orient="auto-start-reverse"
          >
            <path d="M0,0 L10,5 L0,10 z" fill={colour} />
          </marker>
        ))}
      </defs>
    </svg>
  );
}

/** A dependency: solid for the same cycle, dashed for a previous cycle; red on a refused loop. */
function DependencyEdgeView({
  id,
  sourceX,
  sourceY,
  targetX,
  targetY,
  sourcePosition,
  targetPosition,
  data,
  selected,
}: EdgeProps<FlowEdge>) {
  const { loop } = useDecorations();
  const { t } = useTranslation("designer");
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const reason = edgeReason(data?.source);
  const refused = Boolean(data?.refused);
  const inLoop = refused || loop.edgeIds.has(id);
  let className = "";
  if (inLoop) className += " wb-edge-loop";
  if (refused) className += " wb-edge-refused";
  else if (data?.kind && data.kind !== "same_cycle") className += " wb-edge-previous";
  return (
    <BaseEdge
      id={id}
      path={path}
      markerEnd={`url(#${inLoop ? ARROW_LOOP : selected ? ARROW_SELECTED : ARROW})`}
      className={className.trim() || undefined}
      interactionWidth={18}
      // The lineage reason shows on the selected edge (on every edge it would crowd a big graph).
      label={selected && reason ? t("edge.reads", { reason }) : undefined}
      labelX={labelX}
      labelY={labelY}
      labelStyle={{ fontSize: 11 }}
      labelBgPadding={[4, 2]}
      style={selected && !inLoop ? { stroke: "#1668dc", strokeWidth: 3 } : undefined}
    />
  );
}

export const DependencyEdge = memo(DependencyEdgeView);
