import { Handle, Position, useStore, type NodeProps, type ReactFlowState } from "@xyflow/react";
import { memo } from "react";
import { useTranslation } from "react-i18next";

import i18n from "../../../i18n";

import { externalName, type DesignerFlowNode, type ExternalFlowNode } from "../graph";
import { statusStyle } from "../status";
import { useDecorations } from "./decorations";
import { typeInfo } from "./nodeTypes";

/** Zoomed out this far, a node shows only its name, large: the small print is unreadable anyway,
 * and fewer elements make zooming out over hundreds of nodes smoother. */
export const FAR_ZOOM = 0.5;
const isFar = (s: ReactFlowState) => s.transform[2] < FAR_ZOOM;

function deploymentText(deployed: boolean, version: number | null): string {
  return deployed ? i18n.t("designer:node.deployed", { version: version ?? "?" }) : i18n.t("designer:node.notDeployed");
}

/** A node on the canvas: type, name, deployment state; coloured by status when asked. */
function DesignerNodeView({ id, data, selected }: NodeProps<DesignerFlowNode>) {
  const { loop, statuses, editable, workflowNames, showWorkflow } = useDecorations();
  const { node, selfDependency } = data;
  const far = useStore(isFar);
  const { t } = useTranslation("designer");
  const info = typeInfo(node.type);
  const status = statuses ? statuses[id] : undefined;
  const look = statuses ? statusStyle(status?.status) : null;
  const inLoop = loop.nodeIds.has(id);
  let className = "wb-node";
  if (selected) className += " is-selected";
  if (inLoop) className += " is-loop";
  if (look) className += " is-status";
  const style = look ? { background: look.background, borderColor: look.color } : { borderLeftColor: info.color };
  if (far) {
    return (
      <div className={`${className} is-far`} style={style} data-node-name={node.name} data-loop={inLoop ? "true" : undefined}>
        <Handle type="target" position={Position.Left} isConnectable={editable} />
        <div className="wb-node-name">{node.name}</div>
        <Handle type="source" position={Position.Right} isConnectable={editable} />
      </div>
    );
  }
  return (
    <div
      className={className}
      style={style}
      data-node-name={node.name}
      data-status={statuses ? (status?.status ?? "none") : undefined}
      data-loop={inLoop ? "true" : undefined}
      title={t("node.title", { name: node.name, type: info.label, deployment: deploymentText(node.deployed, node.deployed_version) })}
    >
      <Handle type="target" position={Position.Left} isConnectable={editable} />
      <div className="wb-node-head">
        <span className="wb-node-type" style={{ color: info.color }}>
          {info.icon}
          {info.label}
          {selfDependency ? <span title={t("node.selfDependency")}>↻</span> : null}
        </span>
        <span className={node.deployed ? "wb-deployed" : "wb-draft"}>{deploymentText(node.deployed, node.deployed_version)}</span>
      </div>
      <div className="wb-node-name">{node.name}</div>
      <div className="wb-node-foot">
        {look ? (
          <span className="wb-node-status" style={{ color: look.color === "#d9d9d9" ? "#8c8c8c" : look.color }}>
            {look.label}
            {status && status.instances > 1 ? t("node.lastOf", { count: status.instances }) : ""}
          </span>
        ) : (
          <span>{showWorkflow ? (workflowNames.get(node.workflow) ?? "") : ""}</span>
        )}
        {node.paused ? <span className="wb-paused">{t("node.paused")}</span> : null}
      </div>
      <Handle type="source" position={Position.Right} isConnectable={editable} />
    </div>
  );
}

export const DesignerNode = memo(DesignerNodeView);

/** The other end of an edge that lies outside what is shown: another workflow or project. */
function ExternalNodeView({ id, data }: NodeProps<ExternalFlowNode>) {
  const { loop, workflowNames } = useDecorations();
  const { external, sameProject } = data;
  const { t } = useTranslation("designer");
  const name = externalName(external);
  const where = sameProject
    ? t("node.inWorkflow", { name: (external.workflow !== null && workflowNames.get(external.workflow)) || `#${external.workflow}` })
    : external.project !== null
      ? t("node.inProject", { name: external.project_name ?? `#${external.project}` })
      : t("node.anotherProject");
  return (
    <div
      className={`wb-node is-external${loop.nodeIds.has(id) ? " is-loop" : ""}${external.name === null ? " is-hidden" : ""}`}
      data-node-name={external.name ?? undefined}
      title={t("node.liesIn", { name, where })}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="wb-node-head">
        <span>{t("node.outside")}</span>
      </div>
      <div className="wb-node-name">{name}</div>
      <div className="wb-node-foot">
        <span>{t("node.in", { where })}</span>
      </div>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

export const ExternalNodeCard = memo(ExternalNodeView);
