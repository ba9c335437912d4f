import { PlayCircleOutlined } from "@ant-design/icons";
import { App as AntApp, Button, Empty, Input, Space, Tag, Tooltip, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useMemo, useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { useTranslation } from "react-i18next";

import EnabledSwitch from "../../components/EnabledSwitch";
import { EmptyList, ListToolbar } from "../../components/ListToolbar";
import ListTable from "../../components/ListTable";
import LoadError from "../../components/LoadError";
import RowActions from "../../components/RowActions";
import { showError } from "../../errors";
import { formatTime } from "../../format";
import type { Project } from "../../project/current";
import { usePermissions } from "../../project/permissions";
import { nameMap, useDataSources } from "../../queries/project";
import { useDeleteRule, useRules, useToggleRule } from "./api";
import { describeRule, KINDS, type QualityRule } from "./rules";
import RunRuleModal from "./RunRuleModal";
import { text } from "./text";
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
      return text("describe.boundsFluctuation", { tolerance: rule.tolerance_pct ?? 0, window: rule.window });
    case "value_set":
      return text("describe.boundsSet", { values: `{${(rule.allowed_values ?? []).join(", ")}}` });
    case "value_range":
      return text("describe.boundsRange", { bounds: formatBounds(rule.min_value, rule.max_value) });
    case "null_ratio":
      return text("describe.boundsNulls", { max: formatValue(rule.max_value ?? 0) });
    case "uniqueness":
      return text("describe.boundsDuplicates", { max: formatValue(rule.max_value ?? 0) });
    default:
      return formatBounds(rule.min_value, rule.max_value);
  }
}

export default function RuleList({ project }: { project: Project }) {
  const { refusal } = usePermissions();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const { t } = useTranslation("quality");
  const rules = useRules(project.id);
  const datasources = useDataSources(project.id);
  const deleteRule = useDeleteRule(project.id);
  const toggleRule = useToggleRule(project.id);
  const [search, setSearch] = useState("");
  const [running, setRunning] = useState<QualityRule | null>(null);
  const sourceNames = useMemo(() => nameMap(datasources.data), [datasources.data]);
  const cannotEdit = refusal("edit");
  const cannotRun = refusal("test_run", t("common.runChecks"));

  const shown = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const list = rules.data ?? [];
    if (!needle) return list;
    return list.filter((rule) => `${rule.name} ${rule.table}`.toLowerCase().includes(needle));
  }, [rules.data, search]);

  const onDelete = (rule: QualityRule) =>
    deleteRule.mutate(rule.id, {
      onSuccess: () => void message.success(t("common.deleted", { name: rule.name })),
      onError: (error) => showError(message, error, t("common.deleteFailed")),
    });

  const onToggle = (rule: QualityRule, enabled: boolean) =>
    toggleRule.mutate(
      { id: rule.id, enabled },
      {
        onSuccess: () => void message.success(t(enabled ? "list.enabledOne" : "list.disabledOne", { name: rule.name })),
        onError: (error) => showError(message, error, t("list.changeFailed")),
      },
    );

  const columns: ColumnsType<QualityRule> = [
    {
      title: t("common.name"),
      dataIndex: "name",
      sorter: (a, b) => a.name.localeCompare(b.name),
      render: (name: string, rule) => <Link to={`/quality/rules/${rule.id}`}>{name}</Link>,
    },
    {
      title: t("common.table"),
      dataIndex: "table",
      render: (table: string, rule) => (
        <Space direction="vertical" size={0}>
          <Typography.Text code>{table}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {sourceNames.get(rule.datasource) ?? t("list.dataSourceId", { id: rule.datasource })}
            {rule.partition_filter ? ` · ${rule.partition_filter}` : ""}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t("common.check"),
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
      title: t("list.strength"),
      dataIndex: "strength",
      width: 100,
      render: (strength: string) => (
        <Tooltip
          title={
            strength === "strong"
              ? t("list.strongHint")
              : t("list.weakHint")
          }
        >
          <Tag color={strength === "strong" ? "red" : "blue"}>{strength === "strong" ? t("list.strong") : t("list.weak")}</Tag>
        </Tooltip>
      ),
    },
    {
      title: t("list.lastVerdict"),
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
        ...(["passed", "failed", "error", "pending", "none"] as const).map((value) => ({
          text: t(`verdicts.${value}`),
          value,
        })),
      ],
      onFilter: (value, rule) => (rule.last_run?.verdict ?? "none") === value,
    },
    {
      title: t("common.enabled"),
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
      title: t("common.actions"),
      key: "actions",
      width: 200,
      render: (_, rule) => (
        <RowActions
          refusal={cannotEdit}
          onEdit={() => navigate(`/quality/rules/${rule.id}/edit`)}
          deleteQuestion={t("common.deleteConfirm", { name: rule.name })}
          deleteHint={t("common.deleteHint")}
          onDelete={() => onDelete(rule)}
        >
          <Tooltip title={cannotRun || undefined}>
            <Button size="small" icon={<PlayCircleOutlined />} onClick={() => setRunning(rule)} disabled={!!cannotRun}>
              {t("common.run")}
            </Button>
          </Tooltip>
        </RowActions>
      ),
    },
  ];

  return (
    <>
      <ListToolbar intro={t("list.intro")} createLabel={t("list.new")} onCreate={() => navigate("/quality/rules/new")} refusal={cannotEdit}>
        <Input.Search
          allowClear
          placeholder={t("list.search")}
          aria-label={t("list.searchLabel")}
          style={{ width: 240 }}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
      </ListToolbar>
      {rules.isError && (
        <LoadError what={t("list.loadWhat")} error={rules.error} onRetry={() => void rules.refetch()} />
      )}
      <ListTable<QualityRule>
        columns={columns}
        dataSource={shown}
        loading={rules.isLoading}
        empty={
          search ? (
            <Empty description={t("list.noMatch", { search })} />
          ) : (
            <EmptyList
              description={t("list.empty")}
              createLabel={t("list.createFirst")}
              onCreate={() => navigate("/quality/rules/new")}
              refusal={cannotEdit}
            />
          )
        }
      />
      {running && (
        <RunRuleModal project={project} rule={running} open={!!running} onClose={() => setRunning(null)} />
      )}
    </>
  );
}
