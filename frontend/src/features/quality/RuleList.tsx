import { PlayCircleOutlined, PlusOutlined } from "@ant-design/icons";
import { App as AntApp, Button, Empty, Input, Popconfirm, Space, Tag, Tooltip, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useMemo, useState } from "react";
import { Link, useNavigate } from "react-router-dom";

import EnabledSwitch from "../../components/EnabledSwitch";
import ListTable from "../../components/ListTable";
import LoadError from "../../components/LoadError";
import { showError } from "../../errors";
import { formatTime } from "../../format";
import type { Project } from "../../project/current";
import { usePermissions } from "../../project/permissions";
import { nameMap, useDataSources } from "../../queries/project";
import { useDeleteRule, useRules, useToggleRule } from "./api";
import { describeRule, KINDS, type QualityRule } from "./rules";
import RunRuleModal from "./RunRuleModal";
import { describeRun, formatBounds, formatValue, verdictInfo } from "./verdict";

export function VerdictTag({ rule }: { rule: Pick<QualityRule, "last_run"> }) {
  const run = rule.last_run;
  const info = verdictInfo(run?.verdict);
  const tag = <Tag color={info.color}>{info.label}</Tag>;
  if (!run) return tag;
  return <Tooltip title={`${describeRun(run)} · ${run.bizdate} · ${formatTime(run.created_at)}`}>{tag}</Tooltip>;
}

/** Bounds as the rule states them (fluctuation rules compute theirs at each run). */
export function ruleBounds(rule: QualityRule): string {
  switch (rule.kind) {
    case "fluctuation":
      return `within ±${rule.tolerance_pct ?? 0}% of the average of the last ${rule.window} runs`;
    case "value_set":
      return `no row outside {${(rule.allowed_values ?? []).join(", ")}}`;
    case "value_range":
      return `no row outside ${formatBounds(rule.min_value, rule.max_value)}`;
    case "null_ratio":
      return `share of NULLs ≤ ${formatValue(rule.max_value ?? 0)}`;
    case "uniqueness":
      return `duplicated keys ≤ ${formatValue(rule.max_value ?? 0)}`;
    default:
      return formatBounds(rule.min_value, rule.max_value);
  }
}

export default function RuleList({ project }: { project: Project }) {
  const { refusal } = usePermissions();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const rules = useRules(project.id);
  const datasources = useDataSources(project.id);
  const deleteRule = useDeleteRule(project.id);
  const toggleRule = useToggleRule(project.id);
  const [search, setSearch] = useState("");
  const [running, setRunning] = useState<QualityRule | null>(null);
  const sourceNames = useMemo(() => nameMap(datasources.data), [datasources.data]);
  const cannotEdit = refusal("edit");
  const cannotRun = refusal("test_run", "run checks");

  const shown = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const list = rules.data ?? [];
    if (!needle) return list;
    return list.filter((rule) => `${rule.name} ${rule.table}`.toLowerCase().includes(needle));
  }, [rules.data, search]);

  const onDelete = (rule: QualityRule) =>
    deleteRule.mutate(rule.id, {
      onSuccess: () => void message.success(`Deleted the rule “${rule.name}”.`),
      onError: (error) => showError(message, error, "Could not delete the rule"),
    });

  const onToggle = (rule: QualityRule, enabled: boolean) =>
    toggleRule.mutate(
      { id: rule.id, enabled },
      {
        onSuccess: () => void message.success(`${enabled ? "Enabled" : "Disabled"} “${rule.name}”.`),
        onError: (error) => showError(message, error, "Could not change the rule"),
      },
    );

  const columns: ColumnsType<QualityRule> = [
    {
      title: "Name",
      dataIndex: "name",
      sorter: (a, b) => a.name.localeCompare(b.name),
      render: (name: string, rule) => <Link to={`/quality/rules/${rule.id}`}>{name}</Link>,
    },
    {
      title: "Table",
      dataIndex: "table",
      render: (table: string, rule) => (
        <Space direction="vertical" size={0}>
          <Typography.Text code>{table}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {sourceNames.get(rule.datasource) ?? `data source ${rule.datasource}`}
            {rule.partition_filter ? ` · ${rule.partition_filter}` : ""}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: "Check",
      key: "check",
      render: (_, rule) => (
        <Space direction="vertical" size={0}>
          <span>{describeRule(rule)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {ruleBounds(rule)}
          </Typography.Text>
        </Space>
      ),
      filters: Object.entries(KINDS).map(([value, info]) => ({ text: info.label, value })),
      onFilter: (value, rule) => rule.kind === value,
    },
    {
      title: "Strength",
      dataIndex: "strength",
      width: 100,
      render: (strength: string) => (
        <Tooltip
          title={
            strength === "strong"
              ? "A failure fails the instance and blocks its downstream."
              : "A failure only alerts; the pipeline goes on."
          }
        >
          <Tag color={strength === "strong" ? "red" : "blue"}>{strength === "strong" ? "Strong" : "Weak"}</Tag>
        </Tooltip>
      ),
    },
    {
      title: "Last verdict",
      key: "verdict",
      width: 150,
      render: (_, rule) => (
        <Space direction="vertical" size={0}>
          <VerdictTag rule={rule} />
          {rule.last_run && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {rule.last_run.bizdate}
            </Typography.Text>
          )}
        </Space>
      ),
      filters: [
        { text: "Passed", value: "passed" },
        { text: "Failed", value: "failed" },
        { text: "Error", value: "error" },
        { text: "Running", value: "pending" },
        { text: "Never run", value: "none" },
      ],
      onFilter: (value, rule) => (rule.last_run?.verdict ?? "none") === value,
    },
    {
      title: "Enabled",
      dataIndex: "enabled",
      width: 90,
      render: (enabled: boolean, rule) => (
        <EnabledSwitch
          name={rule.name}
          checked={enabled}
          refusal={cannotEdit}
          loading={toggleRule.isPending && toggleRule.variables?.id === rule.id}
          onChange={(checked) => onToggle(rule, checked)}
        />
      ),
    },
    {
      title: "Actions",
      key: "actions",
      width: 200,
      render: (_, rule) => (
        <Space size={4}>
          <Tooltip title={cannotRun || undefined}>
            <Button size="small" icon={<PlayCircleOutlined />} onClick={() => setRunning(rule)} disabled={!!cannotRun}>
              Run
            </Button>
          </Tooltip>
          <Tooltip title={cannotEdit || undefined}>
            <Button
              size="small"
              type="link"
              disabled={!!cannotEdit}
              onClick={() => navigate(`/quality/rules/${rule.id}/edit`)}
            >
              Edit
            </Button>
          </Tooltip>
          <Popconfirm
            title={`Delete the rule “${rule.name}”?`}
            description="Its run history goes with it."
            okText="Delete"
            okButtonProps={{ danger: true }}
            onConfirm={() => onDelete(rule)}
            disabled={!!cannotEdit}
          >
            <Tooltip title={cannotEdit || undefined}>
              <Button size="small" type="link" danger disabled={!!cannotEdit}>
                Delete
              </Button>
            </Tooltip>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <>
      <Space style={{ width: "100%", justifyContent: "space-between", marginBottom: 16 }} wrap>
        <Typography.Text type="secondary">
          Rules check a table after the node that writes it succeeds, or whenever you run them.
        </Typography.Text>
        <Space>
          <Input.Search
            allowClear
            placeholder="Search name or table"
            aria-label="Search rules"
            style={{ width: 240 }}
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
          <Tooltip title={cannotEdit || undefined}>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              disabled={!!cannotEdit}
              onClick={() => navigate("/quality/rules/new")}
            >
              New rule
            </Button>
          </Tooltip>
        </Space>
      </Space>
      {rules.isError && (
        <LoadError what="the quality rules" error={rules.error} onRetry={() => void rules.refetch()} />
      )}
      <ListTable<QualityRule>
        columns={columns}
        dataSource={shown}
        loading={rules.isLoading}
        empty={
          search ? (
            <Empty description={`No rule matches “${search}”.`} />
          ) : (
            <Empty description="No quality rules yet. Create one to check a table's row count, nulls, duplicates or values after each run.">
              {cannotEdit ? (
                <Typography.Text type="secondary">{cannotEdit}</Typography.Text>
              ) : (
                <Button type="primary" onClick={() => navigate("/quality/rules/new")}>
                  Create the first rule
                </Button>
              )}
            </Empty>
          )
        }
      />
      {running && (
        <RunRuleModal project={project} rule={running} open={!!running} onClose={() => setRunning(null)} />
      )}
    </>
  );
}
