import { PlusOutlined } from "@ant-design/icons";
import { Alert, App as AntApp, Button, Empty, Popconfirm, Space, Tag, Tooltip, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useMemo, useState } from "react";
import { useNavigate } from "react-router-dom";

import EnabledSwitch from "../../components/EnabledSwitch";
import ListTable from "../../components/ListTable";
import LoadError from "../../components/LoadError";
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
  const rules = useAlertRules(project.id);
  const channels = useChannels(project.id);
  const workflows = useWorkflows(project.id);
  const nodes = useNodes(project.id);
  const members = useMembers(project.id);
  const toggle = useToggleAlertRule(project.id);
  const remove = useDeleteAlertRule(project.id);
  const [editing, setEditing] = useState<AlertRule | null>(null);
  const [open, setOpen] = useState(false);
  const cannot = refusal("manage", "manage alerts");
  const tip = cannot || undefined;

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
        return `workflow ${workflowNames.get(rule.workflow ?? 0) ?? `#${rule.workflow}`}`;
      case "node":
        return `node ${nodeNames.get(rule.node ?? 0) ?? `#${rule.node}`}`;
      case "owner":
        return `nodes of ${memberNames.get(rule.owner ?? 0) ?? `user #${rule.owner}`}`;
      default:
        return SCOPES[0].label.toLowerCase();
    }
  };

  const columns: ColumnsType<AlertRule> = [
    {
      title: "Name",
      dataIndex: "name",
      render: (name: string, rule) => (cannot ? name : <a onClick={() => openDrawer(rule)}>{name}</a>),
    },
    { title: "Watches", key: "scope", width: 180, render: (_, rule) => watches(rule) },
    {
      title: "When",
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
      title: "Send to",
      dataIndex: "channels",
      render: (ids: number[]) =>
        ids.length ? ids.map((id) => channelNames.get(id) ?? `#${id}`).join(", ") : <Typography.Text type="danger">no channel</Typography.Text>,
    },
    {
      title: "Throttling",
      key: "throttle",
      width: 170,
      render: (_, rule) => (
        <Space direction="vertical" size={0} style={{ fontSize: 12 }}>
          <span>{rule.min_interval_minutes ? `≤ 1 per ${rule.min_interval_minutes} min` : "no interval"}</span>
          {describeQuietHours(rule.quiet_start, rule.quiet_end) && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              quiet {describeQuietHours(rule.quiet_start, rule.quiet_end)}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: "Enabled",
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
                onSuccess: () => void message.success(`${checked ? "Enabled" : "Disabled"} “${rule.name}”.`),
                onError: (error) => showError(message, error, "Could not change the alert rule"),
              },
            )
          }
        />
      ),
    },
    {
      title: "Actions",
      key: "actions",
      width: 140,
      render: (_, rule) => (
        <Space size={4}>
          <Tooltip title={tip}>
            <Button size="small" type="link" disabled={!!cannot} onClick={() => openDrawer(rule)}>
              Edit
            </Button>
          </Tooltip>
          <Popconfirm
            title={`Delete the alert rule “${rule.name}”?`}
            okText="Delete"
            okButtonProps={{ danger: true }}
            onConfirm={() =>
              remove.mutate(rule.id, {
                onSuccess: () => void message.success(`Deleted the alert rule “${rule.name}”.`),
                onError: (error) => showError(message, error, "Could not delete the alert rule"),
              })
            }
            disabled={!!cannot}
          >
            <Tooltip title={tip}>
              <Button size="small" type="link" danger disabled={!!cannot}>
                Delete
              </Button>
            </Tooltip>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  const noChannels = channels.data && channels.data.length === 0;
  return (
    <>
      <Space style={{ width: "100%", justifyContent: "space-between", marginBottom: 16 }} wrap>
        <Typography.Text type="secondary">
          An alert rule sends chosen events of a project, workflow, node or owner to channels, once per incident.
        </Typography.Text>
        <Tooltip title={tip}>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => openDrawer(null)} disabled={!!cannot}>
            New alert rule
          </Button>
        </Tooltip>
      </Space>
      {noChannels && !cannot && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          message="There are no channels yet"
          description="Alert rules send to channels. Add an email list or a webhook first."
          action={<Button onClick={() => navigate("/alerts/channels")}>Add a channel</Button>}
        />
      )}
      {rules.isError && <LoadError what="the alert rules" error={rules.error} onRetry={() => void rules.refetch()} />}
      <ListTable<AlertRule>
        columns={columns}
        dataSource={rules.data ?? []}
        loading={rules.isLoading}
        empty={
          <Empty description="No alert rules yet. Create one to hear about failed, late or slow runs and failed quality checks.">
            {cannot ? (
              <Typography.Text type="secondary">{cannot}</Typography.Text>
            ) : (
              <Button type="primary" onClick={() => openDrawer(null)}>
                Create the first alert rule
              </Button>
            )}
          </Empty>
        }
      />
      <AlertRuleDrawer projectId={project.id} rule={editing} open={open} onClose={() => setOpen(false)} />
    </>
  );
}
