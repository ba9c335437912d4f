import { PlusOutlined, SendOutlined } from "@ant-design/icons";
import { App as AntApp, Button, Empty, Popconfirm, Space, Tag, Tooltip, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";

import EnabledSwitch from "../../components/EnabledSwitch";
import ListTable from "../../components/ListTable";
import LoadError from "../../components/LoadError";
import { showError } from "../../errors";
import { formatTime } from "../../format";
import type { Project } from "../../project/current";
import { usePermissions } from "../../project/permissions";
import { useChannels, useDeleteChannel, useTestChannel, useToggleChannel } from "./api";
import ChannelDrawer from "./ChannelDrawer";
import { CHANNEL_KIND_LABELS, isWebhookKind, type Channel } from "./channels";
import type { Delivery } from "./deliveries";
import TestResultModal from "./TestResultModal";

export function ChannelState({ channel }: { channel: Channel }) {
  if (channel.state === "failing") {
    return (
      <Tooltip
        title={`The last ${channel.consecutive_failures} deliveries failed${channel.last_error ? `: ${channel.last_error}` : "."} Send a test message after fixing it.`}
      >
        <Tag color="error">Failing ({channel.consecutive_failures})</Tag>
      </Tooltip>
    );
  }
  return <Tag color="success">OK</Tag>;
}

export default function ChannelsTab({ project }: { project: Project }) {
  const { refusal } = usePermissions();
  const { message } = AntApp.useApp();
  const channels = useChannels(project.id);
  const testChannel = useTestChannel(project.id);
  const toggle = useToggleChannel(project.id);
  const remove = useDeleteChannel(project.id);
  const [editing, setEditing] = useState<Channel | null>(null);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [tested, setTested] = useState<{ channel: Channel; delivery: Delivery } | null>(null);
  const cannot = refusal("manage", "manage alerts");
  const tip = cannot || undefined;

  const openDrawer = (channel: Channel | null) => {
    setEditing(channel);
    setDrawerOpen(true);
  };

  const sendTest = (channel: Channel) =>
    testChannel.mutate(channel.id, {
      onSuccess: (delivery) => setTested({ channel, delivery }),
      onError: (error) => showError(message, error, "Could not send the test message"),
    });

  const columns: ColumnsType<Channel> = [
    {
      title: "Name",
      dataIndex: "name",
      render: (name: string, channel) => (cannot ? name : <a onClick={() => openDrawer(channel)}>{name}</a>),
    },
    { title: "Kind", dataIndex: "kind", width: 90, render: (kind: string) => CHANNEL_KIND_LABELS[kind] ?? kind },
    {
      title: "Sends to",
      key: "target",
      ellipsis: true,
      render: (_, channel) =>
        isWebhookKind(channel.kind) ? (
          <Space size={4}>
            <Typography.Text style={{ maxWidth: 200 }} ellipsis={{ tooltip: channel.url }}>
              {channel.url}
            </Typography.Text>
            {channel.has_secret && <Tag>signed</Tag>}
          </Space>
        ) : (
          <Typography.Text ellipsis={{ tooltip: channel.recipients.join(", ") }}>{channel.recipients.join(", ")}</Typography.Text>
        ),
    },
    { title: "State", key: "state", width: 110, render: (_, channel) => <ChannelState channel={channel} /> },
    {
      title: "Last delivery",
      dataIndex: "last_delivery_at",
      width: 160,
      render: (value: string | null) => (value ? formatTime(value) : <Typography.Text type="secondary">never</Typography.Text>),
    },
    {
      title: "Enabled",
      dataIndex: "enabled",
      width: 80,
      render: (enabled: boolean, channel) => (
        <EnabledSwitch
          name={channel.name}
          checked={enabled}
          refusal={cannot}
          loading={toggle.isPending && toggle.variables?.id === channel.id}
          onChange={(checked) =>
            toggle.mutate(
              { id: channel.id, enabled: checked },
              {
                onSuccess: () => void message.success(`${checked ? "Enabled" : "Disabled"} “${channel.name}”.`),
                onError: (error) => showError(message, error, "Could not change the channel"),
              },
            )
          }
        />
      ),
    },
    {
      title: "Actions",
      key: "actions",
      width: 300,
      render: (_, channel) => (
        <Space size={4}>
          <Tooltip title={tip}>
            <Button
              size="small"
              icon={<SendOutlined />}
              disabled={!!cannot}
              loading={testChannel.isPending && testChannel.variables === channel.id}
              onClick={() => sendTest(channel)}
            >
              Send test message
            </Button>
          </Tooltip>
          <Tooltip title={tip}>
            <Button size="small" type="link" disabled={!!cannot} onClick={() => openDrawer(channel)}>
              Edit
            </Button>
          </Tooltip>
          <Popconfirm
            title={`Delete the channel “${channel.name}”?`}
            description="Alert rules stop sending to it."
            okText="Delete"
            okButtonProps={{ danger: true }}
            onConfirm={() =>
              remove.mutate(channel.id, {
                onSuccess: () => void message.success(`Deleted the channel “${channel.name}”.`),
                onError: (error) => showError(message, error, "Could not delete the channel"),
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

  return (
    <>
      <Space style={{ width: "100%", justifyContent: "space-between", marginBottom: 16 }} wrap>
        <Typography.Text type="secondary">
          Channels are where alerts go: email addresses, or a webhook (plain signed JSON, DingTalk, Slack, Feishu).
        </Typography.Text>
        <Tooltip title={tip}>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => openDrawer(null)} disabled={!!cannot}>
            New channel
          </Button>
        </Tooltip>
      </Space>
      {channels.isError && (
        <LoadError what="the channels" error={channels.error} onRetry={() => void channels.refetch()} />
      )}
      <ListTable<Channel>
        columns={columns}
        dataSource={channels.data ?? []}
        loading={channels.isLoading}
        empty={
          <Empty description="No channels yet. Add an email list or a webhook, send it a test message, then use it in an alert rule.">
            {cannot ? (
              <Typography.Text type="secondary">{cannot}</Typography.Text>
            ) : (
              <Button type="primary" onClick={() => openDrawer(null)}>
                Add a channel
              </Button>
            )}
          </Empty>
        }
      />
      <ChannelDrawer
        projectId={project.id}
        channel={editing}
        open={drawerOpen}
        onClose={() => setDrawerOpen(false)}
      />
      {tested && (
        <TestResultModal
          projectId={project.id}
          channel={tested.channel}
          delivery={tested.delivery}
          onClose={() => setTested(null)}
        />
      )}
    </>
  );
}
