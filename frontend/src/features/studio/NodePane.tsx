// One open node: toolbar, editor and run output below it (resizable), and the settings on the right.
import { CloseOutlined } from "@ant-design/icons";
import { Button, Splitter, Tabs, Typography } from "antd";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams, useSearchParams } from "react-router-dom";

import { useCurrentProject } from "../../project/current";
import { useParameterReference } from "./api";
import CodeEditor from "./CodeEditor";
import DeployModal from "./DeployModal";
import { usePaneSizes } from "./hooks/usePaneSizes";
import NodeToolbar from "./NodeToolbar";
import ParametersPanel from "./ParametersPanel";
import { completionsFromReference } from "./params";
import PropertiesPanel from "./properties/PropertiesPanel";
import RunHistory from "./RunHistory";
import RunOutput from "./RunOutput";
import { tableColumns, tableNames } from "./schema";
import SyncForm from "./sync/SyncForm";
import type { TabMeta } from "./tabs";
import type { Draft, GraphNode, KnownTables } from "./types";
import VersionsPanel from "./VersionsPanel";

interface Props {
  projectId: number;
  nodeId: number;
  meta: TabMeta;
  draft: Draft;
  dirty: boolean;
  timezone: string;
  bizdate: string;
  onBizdate: (value: string) => void;
  onEdit: (patch: Partial<Draft>) => void;
  onSave: () => void;
  onRun: () => void;
  onFormat: () => void;
  onRevert: () => void;
  onDeploy: (message: string, version: number | null) => Promise<boolean>;
  onRestore: (number: number) => Promise<void>;
  saving: boolean;
  running: boolean;
  runInstanceId: number | null;
  onCloseRun: () => void;
  graphNodes: GraphNode[];
  knownTables: KnownTables | undefined;
}

export default function NodePane(props: Props) {
  const { projectId, nodeId, meta, draft, dirty, timezone, bizdate, onEdit } = props;
  const { t } = useTranslation("studio");
  const [deploying, setDeploying] = useState(false);
  const [side, setSide] = useState("properties");
  // `?diff=3` on this node's address (a link from a deployment or an instance): show v3's diff.
  const [search, setSearch] = useSearchParams();
  const routeNode = Number(/^nodes\/(\d+)/.exec(useParams()["*"] ?? "")?.[1]);
  const diff = routeNode === nodeId ? Number(search.get("diff")) || null : null;
  useEffect(() => {
    if (diff !== null) setSide("versions");
  }, [diff]);
  const diffShown = () => {
    const next = new URLSearchParams(search);
    next.delete("diff");
    setSearch(next, { replace: true });
  };
  const tables = useMemo(() => tableNames(props.knownTables, draft.datasource), [props.knownTables, draft.datasource]);
  const tableColumnsOfSource = useMemo(() => tableColumns(props.knownTables, draft.datasource), [props.knownTables, draft.datasource]);
  const parameterNames = useMemo(() => Object.keys(draft.parameters), [draft.parameters]);
  const { project } = useCurrentProject();
  const reference = useParameterReference(projectId, draft.parameter_dialect || project?.parameter_dialect || "");
  const parameterForms = useMemo(() => (reference.data ? completionsFromReference(reference.data.forms) : undefined), [reference.data]);
  const columns = usePaneSizes("node", ["auto", 340]);
  const rows = usePaneSizes("output", ["auto", 300]);

  const editor = (
    <div style={{ height: "100%", minHeight: 80, border: "1px solid #f0f0f0", borderRadius: 6, overflow: "hidden" }}>
      {meta.type === "virtual" ? (
        <Typography.Paragraph type="secondary" style={{ padding: 16 }}>
          {t("pane.virtual")}
        </Typography.Paragraph>
      ) : meta.type === "sync" ? (
        <SyncForm projectId={projectId} code={draft.code} onChange={(code) => onEdit({ code })} />
      ) : (
        <CodeEditor
          value={draft.code}
          onChange={(code) => onEdit({ code })}
          type={meta.type}
          tables={tables}
          columns={tableColumnsOfSource}
          parameterNames={parameterNames}
          parameterForms={parameterForms}
          ariaLabel={t("pane.codeOf", { name: meta.name })}
        />
      )}
    </div>
  );

  return (
    <div style={{ height: "100%", minHeight: 0 }} data-testid="node-pane">
    <Splitter style={{ height: "100%", minHeight: 0 }} onResizeEnd={columns.remember}>
      <Splitter.Panel min={320}>
        <div style={{ height: "100%", display: "flex", flexDirection: "column", minHeight: 0, paddingRight: 8 }}>
          <NodeToolbar
            projectId={projectId}
            nodeId={nodeId}
            meta={meta}
            dirty={dirty}
            bizdate={bizdate}
            saving={props.saving}
            running={props.running}
            onBizdate={props.onBizdate}
            onSave={props.onSave}
            onRun={props.onRun}
            onFormat={props.onFormat}
            onDeploy={() => setDeploying(true)}
            onRevert={props.onRevert}
          />
          {props.runInstanceId === null ? (
            <div style={{ flex: 1, minHeight: 0 }}>{editor}</div>
          ) : (
            <Splitter layout="vertical" style={{ flex: 1, minHeight: 0 }} onResizeEnd={rows.remember} className="studio-output-split">
              <Splitter.Panel min={80}>{editor}</Splitter.Panel>
              <Splitter.Panel defaultSize={rows.sizes[1]} min={120}>
                <div style={{ height: "100%", paddingTop: 8, position: "relative" }}>
                  <Button
                    size="small"
                    type="text"
                    icon={<CloseOutlined />}
                    aria-label={t("pane.closeOutput")}
                    onClick={props.onCloseRun}
                    style={{ position: "absolute", right: 0, top: 8, zIndex: 1 }}
                  />
                  <RunOutput projectId={projectId} instanceId={props.runInstanceId} />
                </div>
              </Splitter.Panel>
            </Splitter>
          )}
        </div>
      </Splitter.Panel>
      <Splitter.Panel defaultSize={columns.sizes[1]} min={260} max="60%">
        <aside style={{ height: "100%", overflow: "auto", minHeight: 0, paddingLeft: 12 }} aria-label={t("pane.settings")}>
          <Tabs
            size="small"
            activeKey={side}
            onChange={setSide}
            items={[
              {
                key: "properties",
                label: t("pane.properties"),
                children: (
                  <PropertiesPanel
                    projectId={projectId}
                    nodeId={nodeId}
                    type={meta.type}
                    draft={draft}
                    onEdit={onEdit}
                    nodes={props.graphNodes}
                    timezone={timezone}
                    tableSuggestions={tables}
                  />
                ),
              },
              {
                key: "parameters",
                label: t("pane.parameters"),
                children: <ParametersPanel projectId={projectId} nodeId={nodeId} draft={draft} bizdate={bizdate} onEdit={onEdit} />,
              },
              {
                key: "versions",
                label: t("pane.versions"),
                children: (
                  <VersionsPanel
                    projectId={projectId}
                    nodeId={nodeId}
                    deployedVersion={meta.deployedVersion}
                    dirty={dirty}
                    onRestore={props.onRestore}
                    openDiff={diff}
                    onDiffOpened={diffShown}
                  />

                ),
              },
              {
                key: "history",
                label: t("pane.history"),
                children: <RunHistory projectId={projectId} nodeId={nodeId} workflowId={props.graphNodes.find((n) => n.id === nodeId)?.workflow ?? null} active={side === "history"} />,
              },
            ]}
          />
        </aside>
      </Splitter.Panel>
    </Splitter>
      <DeployModal
        open={deploying}
        projectId={projectId}
        nodeId={nodeId}
        nodeName={meta.name}
        dirty={dirty}
        onCancel={() => setDeploying(false)}
        onDeploy={props.onDeploy}
        review={project?.review_required ?? false}
        others={props.graphNodes.filter((node) => node.id !== nodeId)}
      />
    </div>
  );
}
