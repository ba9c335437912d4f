import { ReloadOutlined } from "@ant-design/icons";
import { App as AntApp, Button, Empty, Select, Space, Tag, Tooltip, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { Link, useSearchParams } from "react-router-dom";
import { useTranslation } from "react-i18next";

import ListTable from "../../components/ListTable";
import LoadError from "../../components/LoadError";
import { showError } from "../../errors";
import { formatTime } from "../../format";
import type { Project } from "../../project/current";
import { usePermissions } from "../../project/permissions";
import { useChannels, useDeliveries, useRetryDelivery } from "./api";
import {
  canRetry,
  DELIVERY_STATUSES,
  describeEvent,
  describeResponse,
  formatPayload,
  isDeliveryStatus,
  isInFlight,
  isSuccessCode,
  nextAttemptText,
  statusInfo,
  type Delivery,
} from "./deliveries";
import { EVENT_LABELS } from "./rules";

const mono = { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace", fontSize: 12 } as const;

function DeliveryDetails({ delivery }: { delivery: Delivery }) {
  const payload = formatPayload(delivery.payload);
  const { t } = useTranslation("alerts");
  return (
    <div style={{ display: "grid", gap: 8 }}>
      {delivery.error && (
        <div>
          <Typography.Text strong>{t("deliveries.lastError")}</Typography.Text>
          <Typography.Text type="danger" style={{ whiteSpace: "pre-wrap" }}>
            {delivery.error}
          </Typography.Text>
        </div>
      )}
      <div>
        <Typography.Text strong>{t("deliveries.payload")}</Typography.Text>
        {payload ? (
          <pre style={{ ...mono, margin: "4px 0 0", maxHeight: 240, overflow: "auto", background: "#f6f8fa", padding: 8 }}>
            {payload}
          </pre>
        ) : (
          <Typography.Text type="secondary">{t("deliveries.none")}</Typography.Text>
        )}
      </div>
    </div>
  );
}

export default function DeliveriesTab({ project }: { project: Project }) {
  const { refusal } = usePermissions();
  const { message } = AntApp.useApp();
  const { t } = useTranslation("alerts");
  const [search, setSearch] = useSearchParams();
  const given = search.get("status");
  const status = isDeliveryStatus(given) ? given : undefined;
  const channel = search.get("channel") ? Number(search.get("channel")) : undefined;
  const page = Number(search.get("page") ?? 1) || 1;
  const pageSize = Number(search.get("page_size") ?? 20) || 20;
  const deliveries = useDeliveries(project.id, { status, channel, page, page_size: pageSize });
  const channels = useChannels(project.id);
  const retry = useRetryDelivery(project.id);
  const cannot = refusal("manage", t("common.manageAlerts"));

  const setFilter = (changes: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(search);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === "") next.delete(key);
      else next.set(key, String(value));
    }
    if (!("page" in changes)) next.delete("page");
    setSearch(next, { replace: true });
  };

  const onRetry = (delivery: Delivery) =>
    retry.mutate(delivery.id, {
      onSuccess: (updated) =>
        void message.success(
          updated?.status === "delivered"
            ? t("deliveries.deliveredTo", { name: delivery.channel_name })
            : t("deliveries.retryingTo", { name: delivery.channel_name }),
        ),
      onError: (error) => showError(message, error, t("deliveries.retryFailed")),
    });

  const columns: ColumnsType<Delivery> = [
    { title: t("deliveries.created"), dataIndex: "created_at", width: 100, render: (value: string) => formatTime(value) },
    { title: t("deliveries.channel"), dataIndex: "channel_name", width: 125, ellipsis: true },
    {
      title: t("deliveries.message"),
      key: "message",
      ellipsis: true,
      render: (_, delivery) => (
        <Space direction="vertical" size={0} style={{ maxWidth: "100%" }}>
          <Typography.Text ellipsis={{ tooltip: delivery.subject }}>
            {describeEvent(delivery.event, EVENT_LABELS)}
            {delivery.rule_name ? ` · ${delivery.rule_name}` : delivery.event === "test" ? t("deliveries.byHand") : ""}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: delivery.subject }}>
            {delivery.instance ? (
              <>
                <Link to={`/operations/instances/${delivery.instance}`}>{t("deliveries.instance", { id: delivery.instance })}</Link>
                {" · "}
              </>
            ) : null}
            {delivery.subject}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t("deliveries.status"),
      dataIndex: "status",
      width: 105,
      render: (value: string, delivery) => {
        const info = statusInfo(value);
        const when = delivery.delivered_at ? t("deliveries.deliveredAt", { time: formatTime(delivery.delivered_at) }) : "";
        const why =
          delivery.error && delivery.status !== "delivered" ? t("deliveries.lastErrorAt", { error: delivery.error }) : "";
        return (
          <Tooltip title={`${info.help}${when}${why}`}>
            <Tag color={info.color}>{info.label}</Tag>
          </Tooltip>
        );
      },
    },
    { title: t("deliveries.attempts"), dataIndex: "attempts", width: 90, align: "right" },
    {
      title: t("deliveries.nextAttempt"),
      dataIndex: "next_attempt_at",
      width: 120,
      render: (value: string | null, delivery) =>
        isInFlight(delivery) && value ? <Tooltip title={formatTime(value)}>{nextAttemptText(value)}</Tooltip> : "—",
    },
    {
      title: t("deliveries.response"),
      dataIndex: "response_code",
      width: 100,
      render: (code: number | null) =>
        code ? <Tag color={isSuccessCode(code) ? "success" : "error"}>{describeResponse(code)}</Tag> : "—",
    },
    {
      title: "",
      key: "actions",
      width: 80,
      render: (_, delivery) =>
        canRetry(delivery) ? (
          <Tooltip title={cannot || t("deliveries.sendAgain")}>
            <Button
              size="small"
              disabled={!!cannot}
              loading={retry.isPending && retry.variables === delivery.id}
              onClick={() => onRetry(delivery)}
            >
              {t("deliveries.retry")}
            </Button>
          </Tooltip>
        ) : null,
    },
  ];

  const filtered = !!status || !!channel;
  const results = deliveries.data?.results ?? [];
  return (
    <>
      <Space style={{ width: "100%", justifyContent: "space-between", marginBottom: 16 }} wrap>
        <Space wrap>
          <Select
            allowClear
            aria-label={t("deliveries.status")}
            placeholder={t("deliveries.anyStatus")}
            style={{ width: 160 }}
            value={status}
            onChange={(value) => setFilter({ status: value })}
            options={Object.entries(DELIVERY_STATUSES).map(([value, info]) => ({ value, label: info.label }))}
          />
          <Select
            allowClear
            aria-label={t("deliveries.channel")}
            placeholder={t("deliveries.anyChannel")}
            style={{ width: 200 }}
            value={channel}
            loading={channels.isLoading}
            onChange={(value) => setFilter({ channel: value })}
            showSearch
            optionFilterProp="label"
            options={(channels.data ?? []).map((item) => ({ value: item.id, label: item.name }))}
          />
        </Space>
        <Button icon={<ReloadOutlined />} onClick={() => void deliveries.refetch()} loading={deliveries.isFetching}>
          {t("deliveries.refresh")}
        </Button>
      </Space>
      {deliveries.isError && <LoadError what={t("deliveries.loadWhat")} error={deliveries.error} />}
      <ListTable<Delivery>
        size="small"
        columns={columns}
        dataSource={results}
        loading={deliveries.isLoading}
        expandable={{ expandedRowRender: (delivery) => <DeliveryDetails delivery={delivery} /> }}
        pagination={{
          current: page,
          pageSize,
          total: deliveries.data?.count ?? results.length,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          onChange: (next, size) => setFilter({ page: size === pageSize ? next : 1, page_size: size }),
        }}
        empty={
          filtered ? (
            <Empty description={t("deliveries.noMatch")}>
              <Button onClick={() => setFilter({ status: undefined, channel: undefined })}>{t("deliveries.clearFilters")}</Button>
            </Empty>
          ) : (
            <Empty description={t("deliveries.empty")} />
          )
        }
      />
    </>
  );
}
