import { Alert, App as AntApp, Button, Space, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useMemo, useState } from "react";
import { useNavigate } from "react-router-dom";
import { useTranslation } from "react-i18next";

import EnabledSwitch from "../../components/EnabledSwitch";
import { EmptyList, ListToolbar } from "../../components/ListToolbar";
import ListTable from "../../components/ListTable";
import LoadError from "../../components/LoadError";
import RowActions from "../../components/RowActions";
import { showError } from "../../errors";
import type { Project } from "../../project/current";
import { usePermissions } from "../../project/permissions";
import { nameMap, useMembers, useNodes, useWorkflows } from "../../queries/project";
import AlertRuleDrawer from "./AlertRuleDrawer";
import { useAlertRules, useChannels, useDeleteAlertRule, useToggleAlertRule } from "./api";
import { describeQuietHours, normalizeHHMM } from "./hhmm";
import { EVENT_LABELS, SCOPES, type AlertRule } from "./rules";

export default function AlertRulesTab({ project }: { project: Project }) {
  const { refusal } = usePermissions();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const { t } = useTranslation("alerts");
  const rules = useAlertRules(project.id);
  const channels = useChannels(project.id);
  const workflows = useWorkflows(project.id);
  const nodes = useNodes(project.id);
  const members = useMembers(project.id);
  const toggle = useToggleAlertRule(project.id);
  const remove = useDeleteAlertRule(project.id);
  const [editing, setEditing] = useState<AlertRule | null>(null);
  const [open, setOpen] = useState(false);
  const cannot = refusal("manage", t("common.manageAlerts"));

  const channelNames = useMemo(() => nameMap(channels.data), [channels.data]);
  const workflowNames = useMemo(() => nameMap(workflows.data), [workflows.data]);
  const nodeNames = useMemo(() => nameMap(nodes.data), [nodes.data]);
  const memberNames = useMemo(
    () => new Map((members.data ?? []).map((member) => [member.user, member.username])),
    [members.data],
  );

  const openDrawer = (rule: AlertRule | null) => {
    setEditing(rule);
    setOpen(true);
  };

  const watches = (rule: AlertRule) => {
    switch (rule.scope) {
      case "workflow":
        return t("rules.watchWorkflow", { name: workflowNames.get(rule.workflow ?? 0) ?? `#${rule.workflow}` });
      case "node":
        return t("rules.watchNode", { name: nodeNames.get(rule.node ?? 0) ?? `#${rule.node}` });
      case "owner":
        return t("rules.watchOwner", { name: memberNames.get(rule.owner ?? 0) ?? t("rules.userId", { id: rule.owner }) });
      default:
        return SCOPES[0].label;
    }
  };

  const columns: ColumnsType<AlertRule> = [
    {
      title: t("common.name"),
      dataIndex: "name",
      render: (name: string, rule) => (cannot ? name : <a onClick={() => openDrawer(rule)}>{name}</a>),
    },
    { title: t("rules.watches"), key: "scope", width: 180, render: (_, rule) => watches(rule) },
    {
      title: t("rules.when"),
      dataIndex: "events",
      render: (events: string[], rule) => (
        <Space size={[4, 4]} wrap>
          {events.map((event) => (
            <Tag key={event}>
              {EVENT_LABELS[event] ?? event}
              {event === "deadline_missed" && rule.deadline ? ` ${normalizeHHMM(rule.deadline)}` : ""}
              {event === "duration_exceeded" && rule.duration_factor ? ` ×${rule.duration_factor}` : ""}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t("rules.sendTo"),
      dataIndex: "channels",
      render: (ids: number[]) =>
        ids.length ? ids.map((id) => channelNames.get(id) ?? `#${id}`).join(", ") : <Typography.Text type="danger">{t("rules.noChannel")}</Typography.Text>,
    },
    {
      title: t("rules.throttling"),
      key: "throttle",
      width: 170,
      render: (_, rule) => (
        <Space direction="vertical" size={0} style={{ fontSize: 12 }}>
          <span>{rule.min_interval_minutes ? t("rules.perInterval", { minutes: rule.min_interval_minutes }) : t("rules.noInterval")}</span>
          {describeQuietHours(rule.quiet_start, rule.quiet_end) && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t("rules.quiet", { hours: describeQuietHours(rule.quiet_start, rule.quiet_end) })}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: t("common.enabled"),
      dataIndex: "enabled",
      width: 80,
      render: (enabled: boolean, rule) => (
        <EnabledSwitch
          name={rule.name}
          checked={enabled}
          refusal={cannot}
          loading={toggle.isPending && toggle.variables?.id === rule.id}
          onChange={(checked) =>
            toggle.mutate(
              { id: rule.id, enabled: checked },
              {
                onSuccess: () => void message.success(t(checked ? "common.enabledOne" : "common.disabledOne", { name: rule.name })),
                onError: (error) => showError(message, error, t("rules.changeFailed")),
              },
            )
          }
        />
      ),
    },
    {
      title: t("common.actions"),
      key: "actions",
      width: 140,
      render: (_, rule) => (
        <RowActions
          refusal={cannot}
          onEdit={() => openDrawer(rule)}
          deleteQuestion={t("rules.deleteConfirm", { name: rule.name })}
          onDelete={() =>
            remove.mutate(rule.id, {
              onSuccess: () => void message.success(t("rules.deleted", { name: rule.name })),
              onError: (error) => showError(message, error, t("rules.deleteFailed")),
            })
          }
        />
      ),
    },
  ];

  const noChannels = channels.data && channels.data.length === 0;
  return (
    <>
      <ListToolbar intro={t("rules.intro")} createLabel={t("rules.new")} onCreate={() => openDrawer(null)} refusal={cannot} />
      {noChannels && !cannot && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          message={t("rules.noChannelsTitle")}
          description={t("rules.noChannelsHint")}
          action={<Button onClick={() => navigate("/alerts/channels")}>{t("rules.addChannel")}</Button>}
        />
      )}
      {rules.isError && <LoadError what={t("rules.loadWhat")} error={rules.error} onRetry={() => void rules.refetch()} />}
      <ListTable<AlertRule>
        columns={columns}
        dataSource={rules.data ?? []}
        loading={rules.isLoading}
        empty={
          <EmptyList description={t("rules.empty")} createLabel={t("rules.createFirst")} onCreate={() => openDrawer(null)} refusal={cannot} />
        }
      />
      <AlertRuleDrawer projectId={project.id} rule={editing} open={open} onClose={() => setOpen(false)} />
    </>
  );
}
