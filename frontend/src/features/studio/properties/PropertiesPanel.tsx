// The right-hand panel's settings of a node: data source, schedule, execution, lineage, upstreams.
import { Divider, Form, Input, Select } from "antd";
import { useTranslation } from "react-i18next";

import type { Draft, GraphNode, NodeType } from "../types";
import DataSourceFields from "./DataSourceFields";
import ExecutionSection from "./ExecutionSection";
import ScheduleSection from "./ScheduleSection";
import UpstreamsEditor from "./UpstreamsEditor";

interface Props {
  projectId: number;
  nodeId: number;
  type: NodeType;
  draft: Draft;
  onEdit: (patch: Partial<Draft>) => void;
  nodes: GraphNode[];
  timezone: string;
  /** Table names to suggest as outputs. */
  tableSuggestions?: string[];
}

export default function PropertiesPanel({ projectId, nodeId, type, draft, onEdit, nodes, timezone, tableSuggestions = [] }: Props) {
  const { t } = useTranslation("studio");
  return (
    <Form layout="vertical" size="small" component="div" style={{ paddingRight: 4 }} data-testid="properties-panel">
      <DataSourceFields projectId={projectId} type={type} draft={draft} onEdit={onEdit} />
      <ScheduleSection projectId={projectId} draft={draft} onEdit={onEdit} timezone={timezone} />
      <ExecutionSection projectId={projectId} draft={draft} onEdit={onEdit} />
      <Divider orientation="left" plain style={{ margin: "4px 0 8px" }}>
        {t("properties.lineage")}
      </Divider>
      <Form.Item label={t("properties.outputTables")}>
        <Select
          aria-label={t("properties.aria.outputTables")}
          mode="tags"
          value={draft.output_tables}
          onChange={(values: string[]) => onEdit({ output_tables: values.map((v) => v.trim().toLowerCase()).filter(Boolean) })}
          placeholder="schema.table"
          tokenSeparators={[",", " "]}
          options={tableSuggestions.filter((name) => !draft.output_tables.includes(name)).map((name) => ({ value: name, label: name }))}
          notFoundContent={null}
        />
      </Form.Item>
      <UpstreamsEditor projectId={projectId} nodeId={nodeId} type={type} draft={draft} onEdit={onEdit} nodes={nodes} />
      <Form.Item label={t("properties.description")} style={{ marginTop: 12 }}>
        <Input.TextArea
          aria-label={t("properties.aria.description")}
          autoSize={{ minRows: 2, maxRows: 6 }}
          value={draft.description}
          onChange={(e) => onEdit({ description: e.target.value })}
        />
      </Form.Item>
    </Form>
  );
}
