// Small pieces shared by the operations pages.
import { ExclamationCircleOutlined } from "@ant-design/icons";
import { App as AntApp, Badge, Button, Empty, Space, Tag, Tooltip, Typography } from "antd";
import { useEffect, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

import type { LiveStatus } from "../../api/ws";
import { useOnline } from "../../components/NetworkStatus";
import { errorMessage, showError } from "../../errors";
import i18n from "../../i18n";

import { useInstanceAction, type ActionResult } from "./api";
import { formatDuration } from "../../format";
import { runSeconds, type Timed } from "./format";
import {
  ACTION_ORDER,
  actionLabel,
  actionQuestion,
  actionRefusal,
  backfillStyle,
  dateStatusStyle,
  describeActionResult,
  stateStyle,
  type DateStatus,
  type InstanceAction,
} from "./states";

export function StatusTag({ status }: { status: string }) {
  const style = stateStyle(status);
  return (
    <Tag color={style.tag} data-status={status} style={{ marginInlineEnd: 0 }}>
      {style.label}
    </Tag>
  );
}

export function BackfillStatusTag({ status }: { status: string }) {
  const style = backfillStyle(status);
  return (
    <Tag color={style.tag} data-status={status} style={{ marginInlineEnd: 0 }}>
      {style.label}
    </Tag>
  );
}

export function DateStatusTag({ status }: { status: DateStatus }) {
  const style = dateStatusStyle(status);
  return (
    <Tag color={style.tag} data-status={status} style={{ marginInlineEnd: 0 }}>
      {style.label}
    </Tag>
  );
}

const LIVE_BADGE: Record<LiveStatus | "offline", "success" | "processing" | "warning" | "default" | "error"> = {
  open: "success",
  connecting: "processing",
  reconnecting: "warning",
  closed: "default",
  offline: "error",
};

/** Whether the page receives live updates: red while the browser is offline, whatever the socket
 * last said (an open socket may not notice a dropped network for a long while). */
export function LiveBadge({ status }: { status: LiveStatus }) {
  const { t } = useTranslation("operations");
  const shown = useOnline() ? status : "offline";
  return (
    <Tooltip title={shown === "open" ? t("live.openHint") : t("live.downHint")}>
      <span data-testid="live-status" data-live={shown}>
        <Badge status={LIVE_BADGE[shown]} text={t(`live.${shown}`)} />
      </span>
    </Tooltip>
  );
}

/** The current time, ticking every `interval` ms while `active`. */
export function useNow(active = true, interval = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), interval);
    return () => clearInterval(timer);
  }, [active, interval]);
  return now;
}

/** Duration of a run; counts up while it runs. */
export function RunDuration({ row }: { row: Timed & { duration_seconds?: number | null } }) {
  const running = !row.finished_at && !!row.started_at && ["running", "checking", "queued"].includes(row.status);
  const now = useNow(running);
  const seconds = row.duration_seconds ?? runSeconds(row, now);
  return <span style={{ fontVariantNumeric: "tabular-nums" }}>{formatDuration(seconds)}</span>;
}

export function PageTitle({ children, extra }: { children: ReactNode; extra?: ReactNode }) {
  return (
    <div style={{ display: "flex", alignItems: "center", gap: 12, flexWrap: "wrap", marginBottom: 16 }}>
      <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
        {children}
      </Typography.Title>
      <div style={{ flex: 1 }} />
      {extra}
    </div>
  );
}

export function NoProject({ loading }: { loading: boolean }) {
  const { t } = useTranslation("operations");
  return <Empty style={{ marginTop: 48 }} description={loading ? t("loadingProjects") : t("noProject")} />;
}

interface ActionTarget {
  id: number;
  status: string;
  node_name: string;
}

type ResultHandler = (result: { action: InstanceAction; ok: boolean; text: string }) => void;

/** Ask, run an operator action, and say what happened (a toast, and `onResult` for an inline note). */
export function useConfirmAction(projectId: number) {
  const { t } = useTranslation("operations");
  const { modal, message } = AntApp.useApp();
  const mutation = useInstanceAction(projectId);
  const [busy, setBusy] = useState<{ id: number; action: InstanceAction } | null>(null);

  const confirm = (instance: ActionTarget, action: InstanceAction, onResult?: ResultHandler) => {
    const danger = action === "kill" || action === "set-failed" || action === "set-success";
    modal.confirm({
      title: t("confirmTitle", { action: actionLabel(action), name: instance.node_name, id: instance.id }),
      icon: <ExclamationCircleOutlined />,
      content: actionQuestion(action),
      okText: actionLabel(action),
      okButtonProps: { danger },
      onOk: async () => {
        setBusy({ id: instance.id, action });
        try {
          const result: ActionResult = await mutation.mutateAsync({ id: instance.id, action });
          const text = describeActionResult(action, result);
          void message.success(text);
          onResult?.({ action, ok: true, text });
        } catch (error) {
          showError(message, error, t("couldNot", { action: actionLabel(action).toLowerCase() }));
          onResult?.({ action, ok: false, text: t("refused", { action: actionLabel(action), reason: errorMessage(error) }) });
        } finally {
          setBusy(null);
        }
      },
    });
  };
  return { confirm, busy };
}

/** The operator actions of one instance as buttons, each with its confirmation. */
export function InstanceActions({
  projectId,
  instance,
  allowed,
  onResult,
  size = "middle",
  actions = ACTION_ORDER,
}: {
  projectId: number;
  instance: ActionTarget;
  /** The user's role may operate. */
  allowed: boolean;
  onResult?: ResultHandler;
  size?: "small" | "middle";
  actions?: InstanceAction[];
}) {
  const { confirm, busy } = useConfirmAction(projectId);
  return (
    <Space wrap size={8} data-testid="instance-actions">
      {actions.map((action) => {
        const refusal = !allowed ? noRole() : actionRefusal(action, instance.status);
        const button = (
          <Button
            key={action}
            size={size}
            danger={action === "kill"}
            disabled={!!refusal}
            loading={busy?.action === action && busy.id === instance.id}
            onClick={() => confirm(instance, action, onResult)}
          >
            {actionLabel(action)}
          </Button>
        );
        return refusal ? (
          <Tooltip key={action} title={refusal}>
            <span>{button}</span>
          </Tooltip>
        ) : (
          button
        );
      })}
    </Space>
  );
}

/** Why a button is off for a role that may not operate. */
export const noRole = (): string => i18n.t("operations:noRole");
