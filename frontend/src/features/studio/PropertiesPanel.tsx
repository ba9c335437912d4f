// The right-hand panel's settings of a node: schedule, execution, ownership, outputs, upstreams.
import { NodeIndexOutlined, PlusOutlined } from "@ant-design/icons";
import {
  App as AntApp,
  Alert,
  Button,
  Checkbox,
  DatePicker,
  Divider,
  Dropdown,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Select,
  Space,
  Switch,
  Tag,
  Tooltip,
  Typography,
} from "antd";
import dayjs from "dayjs";
import { useMemo, useState } from "react";

import { errorMessage, showError } from "../../errors";
import { useDataSources, useMembers } from "../../queries/project";
import { lineagePreview, useCronPreview } from "./api";
import { CRON_PRESETS, cronDescription } from "./cron";
import { normalizeUpstreams } from "./draft";
import type { CronPreview, DependencyKind, Draft, GraphNode, LineageProposal, NodeType, Upstream } from "./types";
import { useDebounced } from "./useDebounced";

const KIND_LABELS: Record<DependencyKind, string> = {
  same_cycle: "same cycle",
  upstream_previous_cycle: "its previous cycle",
  self_previous_cycle: "own previous cycle",
};

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
  const { data: datasources = [] } = useDataSources(projectId);
  const { data: members = [] } = useMembers(projectId);
  const cron = useDebounced(draft.cron, 400);
  const description = cronDescription(draft.cron);
  const preview = useCronPreview(projectId, description.ok ? cron : "", draft.start_date, draft.end_date, {
    catch_up: draft.catch_up,
    dst_gap: draft.dst_gap,
    dst_overlap: draft.dst_overlap,
  });

  return (
    <Form layout="vertical" size="small" component="div" style={{ paddingRight: 4 }} data-testid="properties-panel">
      {type !== "virtual" && (
        <Form.Item
          label="Data source"
          help={type === "sql" ? undefined : "workbench_task.connect() opens it"}
        >
          <Select
            aria-label="Data source"
            value={draft.datasource ?? undefined}
            placeholder="No data source"
            allowClear
            onChange={(value) => onEdit({ datasource: value ?? null })}
            options={datasources.map((d) => ({ value: d.id, label: `${d.name} (${d.kind})` }))}
          />
        </Form.Item>
      )}
      {(type === "python" || type === "shell") && (
        <Form.Item
          label="Also connects to"
          help="A run gets the credentials of these and of its data source, no others: connect('name')"
        >
          <Select
            aria-label="Also connects to"
            mode="multiple"
            value={draft.uses_datasources}
            placeholder="No other data source"
            allowClear
            onChange={(value: number[]) => onEdit({ uses_datasources: [...value].sort((a, b) => a - b) })}
            options={datasources
              .filter((d) => d.id !== draft.datasource)
              .map((d) => ({ value: d.id, label: `${d.name} (${d.kind})` }))}
          />
        </Form.Item>
      )}

      <Divider orientation="left" plain style={{ margin: "4px 0 8px" }}>
        Schedule
      </Divider>
      <Form.Item
        label={`Cron (${timezone})`}
        validateStatus={description.ok ? undefined : "error"}
        help={
          <span data-testid="cron-description">
            {description.text}
          </span>
        }
      >
        <Space.Compact style={{ width: "100%" }}>
          <Input
            aria-label="Cron"
            value={draft.cron}
            onChange={(event) => onEdit({ cron: event.target.value })}
            style={{ fontFamily: "monospace" }}
          />
          <Dropdown
            trigger={["click"]}
            menu={{
              items: CRON_PRESETS.map((preset) => ({ key: preset.value, label: `${preset.label} — ${preset.value}` })),
              onClick: ({ key }) => onEdit({ cron: key }),
            }}
          >
            <Button>Presets</Button>
          </Dropdown>
        </Space.Compact>
      </Form.Item>
      <div data-testid="cron-next" style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          Next runs
        </Typography.Text>
        {preview.isError ? (
          <Typography.Paragraph type="danger" style={{ fontSize: 12, margin: 0 }}>
            {errorMessage(preview.error)}
          </Typography.Paragraph>
        ) : (
          <ol style={{ margin: 0, paddingLeft: 20, fontSize: 12 }}>
            {(preview.data?.next ?? []).map((time) => (
              <li key={time}>{dayjs(time.slice(0, 19)).format("ddd YYYY-MM-DD HH:mm")}</li>
            ))}
            {preview.data && preview.data.next.length === 0 && <li>none (the end date has passed)</li>}
          </ol>
        )}
      </div>
      <Space size={8} style={{ width: "100%" }}>
        <Form.Item label="Start date" style={{ flex: 1 }}>
          <DatePicker
            aria-label="Start date"
            value={draft.start_date ? dayjs(draft.start_date) : null}
            onChange={(value) => onEdit({ start_date: value ? value.format("YYYY-MM-DD") : null })}
          />
        </Form.Item>
        <Form.Item label="End date" style={{ flex: 1 }}>
          <DatePicker
            aria-label="End date"
            value={draft.end_date ? dayjs(draft.end_date) : null}
            onChange={(value) => onEdit({ end_date: value ? value.format("YYYY-MM-DD") : null })}
          />
        </Form.Item>
      </Space>
      <Space size={24}>
        <Form.Item label="Paused">
          <Switch aria-label="Paused" checked={draft.paused} onChange={(paused) => onEdit({ paused })} />
        </Form.Item>
        <Form.Item label={<Tooltip title="Instances are created but succeed at once without running">Dry run</Tooltip>}>
          <Switch aria-label="Dry run" checked={draft.dry_run} onChange={(dry_run) => onEdit({ dry_run })} />
        </Form.Item>
      </Space>
      <Form.Item label="Instances appear">
        <Select
          aria-label="Instance generation"
          value={draft.instance_generation}
          onChange={(instance_generation) => onEdit({ instance_generation })}
          options={[
            { value: "next_day", label: "from the next day (T+1)" },
            { value: "immediately", label: "right after deploy" },
          ]}
        />
      </Form.Item>

      <Form.Item
        label={<Tooltip title="Slots of today already past when its instances are made late: a deploy with instances right after it, or a scheduler that was down">Catch-up</Tooltip>}
      >
        <Select
          aria-label="Catch-up"
          value={draft.catch_up}
          onChange={(catch_up) => onEdit({ catch_up })}
          options={[
            { value: "none", label: "none: past slots become dry runs" },
            { value: "latest", label: "latest: only the most recent past slot runs" },
            { value: "all", label: "all: every past slot runs" },
          ]}
        />
      </Form.Item>
      <Space size={8} style={{ width: "100%" }} align="start">
        <Form.Item label="Missing local time (DST)" style={{ flex: 1 }}>
          <Select
            aria-label="Missing local time"
            value={draft.dst_gap}
            onChange={(dst_gap) => onEdit({ dst_gap })}
            options={[
              { value: "shift", label: "runs later by the gap" },
              { value: "skip", label: "skipped that day" },
            ]}
          />
        </Form.Item>
        <Form.Item label="Repeated local time" style={{ flex: 1 }}>
          <Select
            aria-label="Repeated local time"
            value={draft.dst_overlap}
            onChange={(dst_overlap) => onEdit({ dst_overlap })}
            options={[
              { value: "first", label: "runs once, the first time" },
              { value: "both", label: "runs both times" },
            ]}
          />
        </Form.Item>
      </Space>
      {preview.data && <PolicyPreview preview={preview.data} />}

      <Divider orientation="left" plain style={{ margin: "4px 0 8px" }}>
        Execution
      </Divider>
      <Form.Item label="Parameter syntax" help="How the code writes scheduling parameters">
        <Select
          aria-label="Parameter dialect"
          value={draft.parameter_dialect}
          onChange={(parameter_dialect) => onEdit({ parameter_dialect })}
          options={[
            { value: "", label: "the project's" },
            { value: "dataworks", label: "DataWorks (${yyyymmdd}, $[hh24miss-1/24])" },
            { value: "dolphinscheduler", label: "DolphinScheduler (${system.biz.date}, $[yyyyMMdd-1])" },
          ]}
        />
      </Form.Item>
      <Space size={8} wrap>
        <Form.Item label="Retries">
          <InputNumber aria-label="Retries" min={0} max={100} value={draft.retries} onChange={(v) => onEdit({ retries: v ?? 0 })} />
        </Form.Item>
        <Form.Item label="Retry delay (s)">
          <InputNumber
            aria-label="Retry delay"
            min={0}
            max={86400}
            value={draft.retry_delay_seconds}
            onChange={(v) => onEdit({ retry_delay_seconds: v ?? 0 })}
          />
        </Form.Item>
        <Form.Item label="Timeout (s, 0 = none)">
          <InputNumber
            aria-label="Timeout"
            min={0}
            max={604800}
            value={draft.timeout_seconds}
            onChange={(v) => onEdit({ timeout_seconds: v ?? 0 })}
          />
        </Form.Item>
        <Form.Item label="Priority">
          <InputNumber aria-label="Priority" min={-1000} max={1000} value={draft.priority} onChange={(v) => onEdit({ priority: v ?? 0 })} />
        </Form.Item>
      </Space>
      <Form.Item label="Resource group">
        <Input aria-label="Resource group" value={draft.resource_group} onChange={(e) => onEdit({ resource_group: e.target.value })} />
      </Form.Item>
      <Form.Item label="Rerun policy">
        <Select
          aria-label="Rerun policy"
          value={draft.rerun_policy}
          onChange={(rerun_policy) => onEdit({ rerun_policy })}
          options={[
            { value: "always", label: "may always be rerun" },
            { value: "only_after_failure", label: "only after a failure" },
            { value: "never", label: "never rerun" },
          ]}
        />
      </Form.Item>
      <Form.Item label="Owner">
        <Select
          aria-label="Owner"
          value={draft.owner ?? undefined}
          allowClear
          placeholder="Nobody"
          onChange={(owner) => onEdit({ owner: owner ?? null })}
          options={members.map((m) => ({ value: m.user, label: `${m.username} (${m.role})` }))}
        />
      </Form.Item>

      <Divider orientation="left" plain style={{ margin: "4px 0 8px" }}>
        Lineage
      </Divider>
      <Form.Item label="Output tables">
        <Select
          aria-label="Output tables"
          mode="tags"
          value={draft.output_tables}
          onChange={(values: string[]) => onEdit({ output_tables: values.map((v) => v.trim().toLowerCase()).filter(Boolean) })}
          placeholder="schema.table"
          tokenSeparators={[",", " "]}
          options={tableSuggestions.filter((name) => !draft.output_tables.includes(name)).map((name) => ({ value: name, label: name }))}
          notFoundContent={null}
        />
      </Form.Item>
      <Upstreams projectId={projectId} nodeId={nodeId} type={type} draft={draft} onEdit={onEdit} nodes={nodes} />

      <Form.Item label="Description" style={{ marginTop: 12 }}>
        <Input.TextArea
          aria-label="Description"
          autoSize={{ minRows: 2, maxRows: 6 }}
          value={draft.description}
          onChange={(e) => onEdit({ description: e.target.value })}
        />
      </Form.Item>
    </Form>
  );
}

function Upstreams({
  projectId,
  nodeId,
  type,
  draft,
  onEdit,
  nodes,
}: Omit<Props, "timezone" | "tableSuggestions">) {
  const { message } = AntApp.useApp();
  const [parsing, setParsing] = useState(false);
  const [proposal, setProposal] = useState<LineageProposal | null>(null);
  const [picked, setPicked] = useState<number[]>([]);
  const [takeOutputs, setTakeOutputs] = useState(true);
  const chosen = useMemo(
    () => new Set(draft.upstreams.filter((u) => u.kind !== "self_previous_cycle").map((u) => u.node)),
    [draft.upstreams],
  );
  const listed = draft.upstreams.filter((u) => u.kind !== "self_previous_cycle");
  const selfDependent = draft.upstreams.some((u) => u.kind === "self_previous_cycle");
  const setSelfDependent = (on: boolean) =>
    setUpstreams(
      on
        ? [...draft.upstreams, { node: nodeId, name: "its own previous cycle", kind: "self_previous_cycle" }]
        : draft.upstreams.filter((u) => u.kind !== "self_previous_cycle"),
    );
  const candidates = useMemo(
    () => nodes.filter((n) => n.id !== nodeId && !chosen.has(n.id)).map((n) => ({ value: n.id, label: n.name })),
    [nodes, nodeId, chosen],
  );
  const setUpstreams = (upstreams: Upstream[]) => onEdit({ upstreams: normalizeUpstreams(upstreams) });

  const parse = async () => {
    setParsing(true);
    try {
      const result = await lineagePreview(projectId, nodeId, draft.code);
      const fresh = result.upstreams.filter((u) => !chosen.has(u.node));
      setProposal(result);
      setPicked([...new Set(fresh.map((u) => u.node))]);
      setTakeOutputs(result.writes.length > 0);
    } catch (error) {
      showError(message, error, "Could not parse the SQL");
    } finally {
      setParsing(false);
    }
  };

  const apply = () => {
    if (!proposal) return;
    const added = proposal.upstreams.filter((u) => picked.includes(u.node) && !chosen.has(u.node));
    const unique = [...new Map(added.map((u) => [u.node, u])).values()];
    const patch: Partial<Draft> = {
      upstreams: normalizeUpstreams([
        ...draft.upstreams,
        // The table and line it came from stay with the edge.
        ...unique.map((u) => ({ node: u.node, name: u.name, kind: "same_cycle" as const, source: { table: u.table, line: u.line } })),
      ]),
    };
    if (takeOutputs && proposal.writes.length) {
      patch.output_tables = [...new Set([...draft.output_tables, ...proposal.writes.map((w) => w.table)])];
    }
    onEdit(patch);
    setProposal(null);
    void message.success(
      unique.length ? `Added ${unique.length} upstream${unique.length === 1 ? "" : "s"}; save to keep them.` : "No upstream added.",
    );
  };

  return (
    <div data-testid="upstreams">
      <Space style={{ width: "100%", justifyContent: "space-between" }}>
        <Typography.Text>Upstream dependencies</Typography.Text>
        {type === "sql" && (
          <Button size="small" icon={<NodeIndexOutlined />} loading={parsing} onClick={parse}>
            Parse from SQL
          </Button>
        )}
      </Space>
      <List
        size="small"
        locale={{ emptyText: "No upstream: runs on its schedule alone" }}
        dataSource={listed}
        renderItem={(item) => (
          <List.Item
            actions={[
              <Button
                key="remove"
                type="link"
                size="small"
                danger
                aria-label={`Remove upstream ${item.name}`}
                onClick={() => setUpstreams(draft.upstreams.filter((u) => !(u.node === item.node && u.kind === item.kind)))}
              >
                Remove
              </Button>,
            ]}
          >
            <Space size={4} wrap>
              <Typography.Text>{item.name}</Typography.Text>
              <Select
                size="small"
                variant="borderless"
                value={item.kind}
                style={{ minWidth: 130 }}
                onChange={(kind: DependencyKind) =>
                  setUpstreams(draft.upstreams.map((u) => (u.node === item.node && u.kind === item.kind ? { ...u, kind } : u)))
                }
                options={(["same_cycle", "upstream_previous_cycle"] as DependencyKind[]).map((k) => ({ value: k, label: KIND_LABELS[k] }))}
              />
              {item.source && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="upstream-reason">
                  reads {item.source.table}, line {item.source.line}
                </Typography.Text>
              )}
            </Space>
          </List.Item>
        )}
      />
      <Space style={{ margin: "4px 0 8px" }}>
        <Switch size="small" aria-label="Waits for its own previous cycle" checked={selfDependent} onChange={setSelfDependent} />
        <Typography.Text>Waits for its own previous cycle</Typography.Text>
      </Space>
      <Select
        aria-label="Add upstream"
        showSearch
        optionFilterProp="label"
        placeholder={
          <span>
            <PlusOutlined /> Add an upstream node
          </span>
        }
        value={null}
        style={{ width: "100%" }}
        options={candidates}
        onChange={(value: number | null) => {
          const node = nodes.find((n) => n.id === value);
          if (node) setUpstreams([...draft.upstreams, { node: node.id, name: node.name, kind: "same_cycle" }]);
        }}
      />
      <Modal
        open={proposal !== null}
        title="Upstreams from the SQL"
        okText="Add selected"
        onOk={apply}
        onCancel={() => setProposal(null)}
        width={600}
      >
        {proposal && (
          <Space direction="vertical" style={{ width: "100%" }}>
            {proposal.errors.map((e) => (
              <Alert key={e} type="error" showIcon message={e} />
            ))}
            {proposal.warnings.map((w) => (
              <Alert key={w} type="warning" showIcon message={w} />
            ))}
            <Typography.Text>
              Reads: {proposal.reads.length ? proposal.reads.map((r) => `${r.table} (line ${r.line})`).join(", ") : "nothing"}
            </Typography.Text>
            {proposal.upstreams.length === 0 ? (
              <Typography.Text type="secondary">No node of your projects declares a table this SQL reads as its output.</Typography.Text>
            ) : (
              <Checkbox.Group value={picked} onChange={(values) => setPicked(values as number[])} style={{ display: "block" }}>
                {proposal.upstreams.map((u) => (
                  <div key={`${u.node}-${u.table}`}>
                    <Checkbox value={u.node} disabled={chosen.has(u.node)}>
                      {u.name} <Typography.Text type="secondary">writes {u.table}, read on line {u.line}</Typography.Text>
                      {chosen.has(u.node) && <Tag style={{ marginLeft: 6 }}>already an upstream</Tag>}
                    </Checkbox>
                  </div>
                ))}
              </Checkbox.Group>
            )}
            {proposal.external_tables.length > 0 && (
              <Typography.Text type="secondary">Produced outside the scheduler: {proposal.external_tables.join(", ")}</Typography.Text>
            )}
            {proposal.writes.length > 0 && (
              <Checkbox checked={takeOutputs} onChange={(e) => setTakeOutputs(e.target.checked)}>
                Declare the tables it writes as outputs: {proposal.writes.map((w) => w.table).join(", ")}
              </Checkbox>
            )}
          </Space>
        )}
      </Modal>
    </div>
  );
}

const KIND_NOTES = { gap: "does not exist", overlap: "occurs twice" } as const;

/** What the catch-up and daylight-saving policies do: today's past slots, and the slots of the
 * day the project's zone next changes its clock. */
export function PolicyPreview({ preview }: { preview: CronPreview }) {
  const { catch_up: catchUp, dst } = preview;
  const time = (iso: string) => dayjs(iso.slice(0, 19)).format("HH:mm");
  return (
    <div data-testid="policy-preview" style={{ fontSize: 12, marginBottom: 12 }}>
      {catchUp.past.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: "0 0 4px" }} data-testid="catch-up-preview">
          Deployed now with instances right away: {catchUp.past.length} slot{catchUp.past.length === 1 ? "" : "s"} of today already
          past; {catchUp.runs.length ? `${catchUp.runs.map(time).join(", ")} run${catchUp.runs.length === 1 ? "s" : ""}` : "none runs"}
          {catchUp.runs.length < catchUp.past.length ? ", the others become dry runs" : ""}.
        </Typography.Paragraph>
      )}
      {dst ? (
        <div data-testid="dst-preview">
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            Clock change {dayjs(dst.change.slice(0, 19)).format("ddd YYYY-MM-DD HH:mm")} ({dst.offset_before} → {dst.offset_after},{" "}
            {dst.kind === "gap" ? "an hour is skipped" : "an hour repeats"})
          </Typography.Text>
          {dst.slots.length === 0 ? (
            <div>No run that day.</div>
          ) : (
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {dst.slots.map((slot) => {
                const wall = slot.time.slice(11, 16);
                const runs = slot.runs.filter((run) => !run.duplicate);
                let fate: string;
                if (slot.kind === "normal") fate = runs.length ? "runs" : "already runs (shifted slot above)";
                else if (!slot.runs.length) fate = `${KIND_NOTES[slot.kind]}: skipped`;
                else if (!runs.length) fate = `${KIND_NOTES[slot.kind]}: runs once with the slot below`;
                else fate = `${KIND_NOTES[slot.kind]}: runs at ${runs.map((run) => `${time(run.at)} (${run.at.slice(19)})`).join(" and ")}`;
                return (
                  <li key={slot.time} data-kind={slot.kind}>
                    {wall} {fate}
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      ) : null}
    </div>
  );
}
