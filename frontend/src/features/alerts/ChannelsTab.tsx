import { SendOutlined } from "@ant-design/icons";
import { App as AntApp, Button, Space, Tag, Tooltip, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
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
import { useChannels, useDeleteChannel, useTestChannel, useToggleChannel } from "./api";
import ChannelDrawer from "./ChannelDrawer";
import { CHANNEL_KIND_LABELS, isWebhookKind, type Channel } from "./channels";
import type { Delivery } from "./deliveries";
import TestResultModal from "./TestResultModal";

export function ChannelState({ channel }: { channel: Channel }) {
  const { t } = useTranslation("alerts");
  if (channel.state === "failing") {
    return (
      <Tooltip
        title={t("channels.failingHint", {
          count: channel.consecutive_failures,
          reason: channel.last_error ? `: ${channel.last_error}` : ".",
        })}
      >
        <Tag color="error">{t("channels.failing", { count: channel.consecutive_failures })}</Tag>
      </Tooltip>
    );
  }
  return <Tag color="success">{t("channels.ok")}</Tag>;
}

export default function ChannelsTab({ project }: { project: Project }) {
  const { refusal } = usePermissions();
  const { message } = AntApp.useApp();
  const { t } = useTranslation("alerts");
  const channels = useChannels(project.id);
  const testChannel = useTestChannel(project.id);
  const toggle = useToggleChannel(project.id);
  const remove = useDeleteChannel(project.id);
  const [editing, setEditing] = useState<Channel | null>(null);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [tested, setTested] = useState<{ channel: Channel; delivery: Delivery } | null>(null);
  const cannot = refusal("manage", t("common.manageAlerts"));
  const tip = cannot || undefined;

  const openDrawer = (channel: Channel | null) => {
    setEditing(channel);
    setDrawerOpen(true);
  };

  const sendTest = (channel: Channel) =>
    testChannel.mutate(channel.id, {
      onSuccess: (delivery) => setTested({ channel, delivery }),
      onError: (error) => showError(message, error, t("channels.testFailed")),
    });

  const columns: ColumnsType<Channel> = [
    {
      title: t("common.name"),
      dataIndex: "name",
      render: (name: string, channel) => (cannot ? name : <a onClick={() => openDrawer(channel)}>{name}</a>),
    },
    { title: t("channels.kind"), dataIndex: "kind", width: 90, render: (kind: string) => CHANNEL_KIND_LABELS[kind] ?? kind },
    {
      title: t("channels.sendsTo"),
      key: "target",
      ellipsis: true,
      render: (_, channel) =>
        isWebhookKind(channel.kind) ? (
          <Space size={4}>
            <Typography.Text style={{ maxWidth: 200 }} ellipsis={{ tooltip: channel.url }}>
              {channel.url}
            </Typography.Text>
            {channel.has_secret && <Tag>{t("channels.signed")}</Tag>}
          </Space>
        ) : (
          <Typography.Text ellipsis={{ tooltip: channel.recipients.join(", ") }}>{channel.recipients.join(", ")}</Typography.Text>
        ),
    },
    { title: t("channels.state"), key: "state", width: 110, render: (_, channel) => <ChannelState channel={channel} /> },
    {
      title: t("channels.lastDelivery"),
      dataIndex: "last_delivery_at",
      width: 160,
      render: (value: string | null) => (value ? formatTime(value) : <Typography.Text type="secondary">{t("channels.never")}</Typography.Text>),
    },
    {
      title: t("common.enabled"),
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
                onSuccess: () => void message.success(t(checked ? "common.enabledOne" : "common.disabledOne", { name: channel.name })),
                onError: (error) => showError(message, error, t("channels.changeFailed")),
              },
            )
          }
        />
      ),
    },
    {
      title: t("common.actions"),
      key: "actions",
      width: 300,
      render: (_, channel) => (
        <RowActions
          refusal={cannot}
          onEdit={() => openDrawer(channel)}
          deleteQuestion={t("channels.deleteConfirm", { name: channel.name })}
          deleteHint={t("channels.deleteHint")}
          onDelete={() =>
            remove.mutate(channel.id, {
              onSuccess: () => void message.success(t("channels.deleted", { name: channel.name })),
              onError: (error) => showError(message, error, t("channels.deleteFailed")),
            })
          }
        >
          <Tooltip title={tip}>
            <Button
              size="small"
              icon={<SendOutlined />}
              disabled={!!cannot}
              loading={testChannel.isPending && testChannel.variables === channel.id}
              onClick={() => sendTest(channel)}
            >
              {t("channels.sendTest")}
            </Button>
          </Tooltip>
        </RowActions>
      ),
    },
  ];

  return (
    <>
      <ListToolbar intro={t("channels.intro")} createLabel={t("channels.new")} onCreate={() => openDrawer(null)} refusal={cannot} />
      {channels.isError && (
        <LoadError what={t("channels.loadWhat")} error={channels.error} onRetry={() => void channels.refetch()} />
      )}
      <ListTable<Channel>
        columns={columns}
        dataSource={channels.data ?? []}
        loading={channels.isLoading}
        empty={
          <EmptyList description={t("channels.empty")} createLabel={t("channels.addFirst")} onCreate={() => openDrawer(null)} refusal={cannot} />
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
