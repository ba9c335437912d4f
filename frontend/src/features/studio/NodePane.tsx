// One open node: toolbar, editor, run output below it, and the settings panel on the right.
import {
  CaretRightOutlined,
  CloseOutlined,
  CloudUploadOutlined,
  FormatPainterOutlined,
  SaveOutlined,
  UndoOutlined,
} from "@ant-design/icons";
import { Button, DatePicker, Popconfirm, Space, Tabs, Tag, Tooltip, Typography } from "antd";
import dayjs from "dayjs";
import { useMemo, useState } from "react";

import { useCurrentProject } from "../../project/current";
import { usePermissions } from "../../project/permissions";
import { useParameterReference } from "./api";
import CodeEditor from "./CodeEditor";
import DeployModal from "./DeployModal";
import ParametersPanel from "./ParametersPanel";
import { completionsFromReference } from "./params";
import PropertiesPanel from "./PropertiesPanel";
import RunOutput from "./RunOutput";
import { tableNames } from "./schema";
import { shortcutLabel } from "./shortcuts";
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
  const [deploying, setDeploying] = useState(false);
  const [side, setSide] = useState("properties");
  const tables = useMemo(() => tableNames(props.knownTables, draft.datasource), [props.knownTables, draft.datasource]);
  const parameterNames = useMemo(() => Object.keys(draft.parameters), [draft.parameters]);
  const { project } = useCurrentProject();
  const { refusal } = usePermissions();
  const [cannotSave, cannotRun, cannotDeploy] = [refusal("edit"), refusal("test_run"), refusal("deploy")];
  const reference = useParameterReference(projectId, draft.parameter_dialect || project?.parameter_dialect || "");
  const parameterForms = useMemo(
    () => (reference.data ? completionsFromReference(reference.data.forms) : undefined),
    [reference.data],
  );
  const runnable = meta.type !== "virtual";

  return (
    <div style={{ display: "flex", gap: 12, height: "100%", minHeight: 0 }} data-testid="node-pane">
      <div style={{ flex: 1, minWidth: 0, display: "flex", flexDirection: "column", minHeight: 0 }}>
        <Space wrap size={[6, 6]} style={{ marginBottom: 8 }} role="toolbar" aria-label="Node actions">
          <Tooltip title={cannotSave || shortcutLabel("save")}>
            <Button
              size="small"
              icon={<SaveOutlined />}
              type={dirty ? "primary" : "default"}
              loading={props.saving}
              disabled={!!cannotSave}
              onClick={props.onSave}
            >
              Save
            </Button>
          </Tooltip>
          {runnable && (
            <Tooltip title={cannotRun || `Test-run the code in the editor (${shortcutLabel("run")})`}>
              <Button size="small" icon={<CaretRightOutlined />} loading={props.running} disabled={!!cannotRun} onClick={props.onRun}>
                Run
              </Button>
            </Tooltip>
          )}
          {meta.type === "sql" && (
            <Button size="small" icon={<FormatPainterOutlined />} onClick={props.onFormat}>
              Format
            </Button>
          )}
          <Tooltip title="The business date for runs and the parameter preview">
            <DatePicker
              aria-label="Business date"
              allowClear={false}
              value={dayjs(bizdate)}
              onChange={(value) => value && props.onBizdate(value.format("YYYY-MM-DD"))}
              size="small"
              style={{ width: 125 }}
            />
          </Tooltip>
          <Tooltip title={cannotDeploy || undefined}>
            <Button size="small" icon={<CloudUploadOutlined />} disabled={!!cannotDeploy} onClick={() => setDeploying(true)}>
              Deploy
            </Button>
          </Tooltip>
          {dirty && (
            <Popconfirm title="Discard your unsaved changes?" okText="Discard" onConfirm={props.onRevert}>
              <Button size="small" icon={<UndoOutlined />} type="text">
                Discard
              </Button>
            </Popconfirm>
          )}
          <Space size={4}>
            <Tag>v{meta.latestVersion ?? "?"}</Tag>
            {meta.deployedVersion ? (
              <Tag color={meta.deployedVersion === meta.latestVersion ? "green" : "gold"} data-testid="deployed-tag">
                deployed v{meta.deployedVersion}
              </Tag>
            ) : (
              <Tag data-testid="deployed-tag">not deployed</Tag>
            )}
            {dirty && <Typography.Text type="warning">unsaved</Typography.Text>}
          </Space>
        </Space>
        <div style={{ flex: 1, minHeight: 120, border: "1px solid #f0f0f0", borderRadius: 6, overflow: "hidden" }}>
          {meta.type === "virtual" ? (
            <Typography.Paragraph type="secondary" style={{ padding: 16 }}>
              A virtual node runs nothing: it groups and orders other nodes. Set its schedule and upstreams on the right.
            </Typography.Paragraph>
          ) : (
            <CodeEditor
              value={draft.code}
              onChange={(code) => onEdit({ code })}
              type={meta.type}
              tables={tables}
              parameterNames={parameterNames}
              parameterForms={parameterForms}
              ariaLabel={`Code of ${meta.name}`}
            />
          )}
        </div>
        {props.runInstanceId !== null && (
          <div style={{ height: 290, flexShrink: 0, marginTop: 8, position: "relative" }}>
            <Button
              size="small"
              type="text"
              icon={<CloseOutlined />}
              aria-label="Close the output"
              onClick={props.onCloseRun}
              style={{ position: "absolute", right: 0, top: 0, zIndex: 1 }}
            />
            <RunOutput projectId={projectId} instanceId={props.runInstanceId} />
          </div>
        )}
      </div>
      <aside style={{ width: 330, flexShrink: 0, overflow: "auto", minHeight: 0, borderLeft: "1px solid #f0f0f0", paddingLeft: 12 }} aria-label="Node settings">
        <Tabs
          size="small"
          activeKey={side}
          onChange={setSide}
          items={[
            {
              key: "properties",
              label: "Properties",
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
              label: "Parameters",
              children: <ParametersPanel projectId={projectId} nodeId={nodeId} draft={draft} bizdate={bizdate} onEdit={onEdit} />,
            },
            {
              key: "versions",
              label: "Versions",
              children: (
                <VersionsPanel
                  projectId={projectId}
                  nodeId={nodeId}
                  deployedVersion={meta.deployedVersion}
                  dirty={dirty}
                  onRestore={props.onRestore}
                />
              ),
            },
          ]}
        />
      </aside>
      <DeployModal
        open={deploying}
        projectId={projectId}
        nodeId={nodeId}
        nodeName={meta.name}
        dirty={dirty}
        onCancel={() => setDeploying(false)}
        onDeploy={props.onDeploy}
      />
    </div>
  );
}
