// The designer's toolbar: the workflow shown, layout and view, what to draw, the selection's
// actions, the status view and its business date, and a reload.
import { ApartmentOutlined, DeleteOutlined, ExpandOutlined, PlusOutlined, ReloadOutlined } from "@ant-design/icons";
import { Button, DatePicker, Divider, Select, Space, Switch, Tooltip, Typography } from "antd";
import dayjs from "dayjs";

import type { DependencyKind, Workflow } from "../types";

interface Props {
  workflows: Workflow[];
  workflowId: number | null;
  onWorkflowChange: (id: number | null) => void;
  onNewWorkflow: () => void;
  editable: boolean;
  hasNodes: boolean;
  onAutoLayout: () => void;
  onFitView: () => void;
  /** The kind of the dependencies drawn next. */
  newKind: DependencyKind;
  onNewKind: (kind: DependencyKind) => void;
  /** One node of this project is selected, and whether it waits for its own previous cycle. */
  nodeSelected: boolean;
  selfDependent: boolean;
  onToggleSelfDependency: () => void;
  /** A dependency is being added or removed. */
  busy: boolean;
  selectedEdges: number;
  deleting: boolean;
  onDeleteSelected: () => void;
  showStatus: boolean;
  onShowStatus: (show: boolean) => void;
  bizdate: string;
  onBizdate: (date: string) => void;
  onRefresh: () => void;
  refreshing: boolean;
}

export function DesignerToolbar(props: Props) {
  const { workflows, workflowId, editable, hasNodes, nodeSelected, busy, selectedEdges, showStatus } = props;
  return (
    <Space wrap size={[8, 8]} align="center" data-testid="designer-toolbar">
      <Typography.Title level={1} style={{ fontSize: 18, margin: 0 }}>
        Designer
      </Typography.Title>
      <Select
        aria-label="Workflow"
        data-testid="workflow-select"
        style={{ width: 170 }}
        popupMatchSelectWidth={260}
        value={workflowId ?? "all"}
        onChange={(value: number | "all") => props.onWorkflowChange(value === "all" ? null : value)}
        options={[
          { value: "all", label: "All nodes of the project" },
          ...workflows.map((w) => ({ value: w.id, label: `${w.name}${w.node_count !== undefined ? ` (${w.node_count})` : ""}` })),
        ]}
        showSearch
        optionFilterProp="label"
      />
      {editable ? (
        <Tooltip title="A workflow is a folder of nodes">
          <Button icon={<PlusOutlined />} onClick={props.onNewWorkflow}>
            Workflow
          </Button>
        </Tooltip>
      ) : null}
      <Divider type="vertical" />
      <Button icon={<ApartmentOutlined />} onClick={props.onAutoLayout} disabled={!hasNodes}>
        Auto-layout
      </Button>
      <Button icon={<ExpandOutlined />} onClick={props.onFitView} disabled={!hasNodes} aria-label="Fit view">
        Fit
      </Button>
      <Tooltip title="The kind of the dependencies you draw next">
        <Select
          aria-label="New dependencies"
          data-testid="new-edge-kind"
          style={{ width: 190 }}
          value={props.newKind}
          disabled={!editable}
          onChange={props.onNewKind}
          options={[
            { value: "same_cycle", label: "Draw: same cycle" },
            { value: "upstream_previous_cycle", label: "Draw: upstream's previous cycle" },
          ]}
        />
      </Tooltip>
      <Tooltip title={nodeSelected ? "Wait for its own previous instance" : "Select one node of this project"}>
        <Button
          icon={<span aria-hidden="true">↻</span>}
          disabled={!editable || !nodeSelected || busy}
          onClick={props.onToggleSelfDependency}
          data-testid="self-dependency"
        >
          {props.selfDependent ? "Remove own previous cycle" : "Own previous cycle"}
        </Button>
      </Tooltip>
      <Tooltip title={selectedEdges ? "Remove the selected dependencies (or press Delete)" : "Click an edge to select it"}>
        <Button
          icon={<DeleteOutlined />}
          danger
          disabled={!editable || !selectedEdges}
          loading={props.deleting}
          aria-label="Delete the selected dependencies"
          onClick={props.onDeleteSelected}
        >
          Delete
        </Button>
      </Tooltip>
      <Switch
        checked={showStatus}
        onChange={props.onShowStatus}
        checkedChildren="Status"
        unCheckedChildren="Status"
        aria-label="Show instance status"
        data-testid="status-toggle"
      />
      {showStatus ? (
        <Tooltip title="Business date: today's runs carry yesterday's date">
          <span data-testid="bizdate">
            <DatePicker
              aria-label="Business date"
              allowClear={false}
              value={dayjs(props.bizdate)}
              onChange={(value) => value && props.onBizdate(value.format("YYYY-MM-DD"))}
              style={{ width: 130 }}
            />
          </span>
        </Tooltip>
      ) : null}
      <Tooltip title="Reload the graph from the server">
        <Button icon={<ReloadOutlined />} onClick={props.onRefresh} loading={props.refreshing} aria-label="Reload" />
      </Tooltip>
    </Space>
  );
}
