// The designer's toolbar: the workflow shown, layout and view, what to draw, the selection's
// actions, the status view and its business date, and a reload.
import { ApartmentOutlined, DeleteOutlined, ExpandOutlined, PlusOutlined, ReloadOutlined } from "@ant-design/icons";
import { Button, DatePicker, Divider, Select, Space, Switch, Tooltip, Typography } from "antd";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";

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
  const { t } = useTranslation("designer");
  return (
    <Space wrap size={[8, 8]} align="center" data-testid="designer-toolbar">
      <Typography.Title level={1} style={{ fontSize: 18, margin: 0 }}>
        {t("title")}
      </Typography.Title>
      <Select
        aria-label={t("toolbar.workflow")}
        data-testid="workflow-select"
        style={{ width: 170 }}
        popupMatchSelectWidth={260}
        value={workflowId ?? "all"}
        onChange={(value: number | "all") => props.onWorkflowChange(value === "all" ? null : value)}
        options={[
          { value: "all", label: t("toolbar.allNodes") },
          ...workflows.map((w) => ({ value: w.id, label: `${w.name}${w.node_count !== undefined ? ` (${w.node_count})` : ""}` })),
        ]}
        showSearch
        optionFilterProp="label"
      />
      {editable ? (
        <Tooltip title={t("toolbar.workflowHint")}>
          <Button icon={<PlusOutlined />} onClick={props.onNewWorkflow}>
            {t("toolbar.newWorkflow")}
          </Button>
        </Tooltip>
      ) : null}
      <Divider type="vertical" />
      <Button icon={<ApartmentOutlined />} onClick={props.onAutoLayout} disabled={!hasNodes}>
        {t("toolbar.autoLayout")}
      </Button>
      <Button icon={<ExpandOutlined />} onClick={props.onFitView} disabled={!hasNodes} aria-label={t("toolbar.fitView")}>
        {t("toolbar.fit")}
      </Button>
      <Tooltip title={t("toolbar.kindHint")}>
        <Select
          aria-label={t("toolbar.newDependencies")}
          data-testid="new-edge-kind"
          style={{ width: 190 }}
          value={props.newKind}
          disabled={!editable}
          onChange={props.onNewKind}
          options={[
            { value: "same_cycle", label: t("toolbar.drawSameCycle") },
            { value: "upstream_previous_cycle", label: t("toolbar.drawPreviousCycle") },
          ]}
        />
      </Tooltip>
      <Tooltip title={nodeSelected ? t("toolbar.selfHint") : t("toolbar.selectOneNode")}>
        <Button
          icon={<span aria-hidden="true">↻</span>}
          disabled={!editable || !nodeSelected || busy}
          onClick={props.onToggleSelfDependency}
          data-testid="self-dependency"
        >
          {props.selfDependent ? t("toolbar.removeSelf") : t("toolbar.addSelf")}
        </Button>
      </Tooltip>
      <Tooltip title={selectedEdges ? t("toolbar.deleteHint") : t("toolbar.clickEdge")}>
        <Button
          icon={<DeleteOutlined />}
          danger
          disabled={!editable || !selectedEdges}
          loading={props.deleting}
          aria-label={t("toolbar.deleteSelected")}
          onClick={props.onDeleteSelected}
        >
          {t("toolbar.delete")}
        </Button>
      </Tooltip>
      <Switch
        checked={showStatus}
        onChange={props.onShowStatus}
        checkedChildren={t("toolbar.status")}
        unCheckedChildren={t("toolbar.status")}
        aria-label={t("toolbar.showStatus")}
        data-testid="status-toggle"
      />
      {showStatus ? (
        <Tooltip title={t("toolbar.bizdateHint")}>
          <span data-testid="bizdate">
            <DatePicker
              aria-label={t("toolbar.bizdate")}
              allowClear={false}
              value={dayjs(props.bizdate)}
              onChange={(value) => value && props.onBizdate(value.format("YYYY-MM-DD"))}
              style={{ width: 130 }}
            />
          </span>
        </Tooltip>
      ) : null}
      <Tooltip title={t("toolbar.reloadHint")}>
        <Button icon={<ReloadOutlined />} onClick={props.onRefresh} loading={props.refreshing} aria-label={t("toolbar.reload")} />
      </Tooltip>
    </Space>
  );
}
