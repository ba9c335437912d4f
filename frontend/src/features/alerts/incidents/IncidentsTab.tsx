import { CheckOutlined, SoundOutlined } from "@ant-design/icons";
import { App as AntApp, Button, Form, Input, InputNumber, Modal, Segmented, Space, Tag, Timeline, Tooltip, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import ListTable from "../../../components/ListTable";
import LoadError from "../../../components/LoadError";
import { showError } from "../../../errors";
import { formatTime } from "../../../format";
import type { Project } from "../../../project/current";
import { usePermissions } from "../../../project/permissions";
import {
  canAcknowledge,
  statusColour,
  useAcknowledgeIncident,
  useIncident,
  useIncidents,
  useResolveIncident,
  type Incident,
  type IncidentStatus,
} from "./api";

type Shown = IncidentStatus | "all";

/** Acknowledge (with a note, optionally muted for a while) or resolve by hand. */
function ActOnIncident({ project, incident, onClose }: { project: Project; incident: Incident; onClose: () => void }) {
  const { t } = useTranslation("incidents");
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ note: string; mute_minutes: number }>();
  const acknowledge = useAcknowledgeIncident(project.id);
  const resolve = useResolveIncident(project.id);
  const detail = useIncident(project.id, incident.id);
  const failed = (error: unknown) => showError(message, error, t("actFailed"));
  return (
    <Modal
      open
      title={t("title", { id: incident.id })}
      onCancel={onClose}
      footer={
        <Space>
          <Button onClick={onClose}>{t("close")}</Button>
          {incident.status !== "resolved" && (
            <Button
              loading={resolve.isPending}
              onClick={() =>
                resolve.mutate(
                  { id: incident.id, note: form.getFieldValue("note") },
                  { onSuccess: onClose, onError: failed },
                )
              }
            >
              {t("resolve")}
            </Button>
          )}
          {canAcknowledge(incident) && (
            <Button type="primary" loading={acknowledge.isPending} onClick={() => form.submit()}>
              {t("acknowledge")}
            </Button>
          )}
        </Space>
      }
    >
      <Typography.Paragraph strong>{incident.subject}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ note: incident.note, mute_minutes: 0 }}
        onFinish={(body) => acknowledge.mutate({ id: incident.id, body }, { onSuccess: onClose, onError: failed })}
      >
        <Form.Item name="note" label={t("note")}>
          <Input.TextArea rows={2} maxLength={2000} placeholder={t("notePlaceholder")} />
        </Form.Item>
        <Form.Item name="mute_minutes" label={t("mute")} extra={t("muteHelp")}>
          <InputNumber min={0} max={10080} suffix={t("minutes")} style={{ width: 160 }} />
        </Form.Item>
      </Form>
      <Typography.Title level={5}>{t("timeline")}</Typography.Title>
      {detail.error ? (
        <LoadError what={t("timeline")} error={detail.error} onRetry={() => void detail.refetch()} />
      ) : (
        <Timeline
          items={(detail.data?.timeline ?? []).map((item) => ({
            color: item.kind === "alert" ? (item.state === "grouped" ? "gray" : "red") : "blue",
            children: (
              <span>
                {formatTime(item.at)} ·{" "}
                {item.kind === "alert"
                  ? t(`alert.${item.state}`, { defaultValue: item.state })
                  : t("message", { channel: item.channel, state: item.state })}
                {item.instance ? (
                  <>
                    {" "}
                    · <Link to={`/operations/instances/${item.instance}`}>#{item.instance}</Link>
                  </>
                ) : null}
              </span>
            ),
          }))}
        />
      )}
    </Modal>
  );
}

/** The project's incidents: open first by default, each with its count and timeline. */
export default function IncidentsTab({ project }: { project: Project }) {
  const { t } = useTranslation("incidents");
  const { can, refusal } = usePermissions();
  const [shown, setShown] = useState<Shown>("open");
  const [acting, setActing] = useState<Incident | null>(null);
  const incidents = useIncidents(project.id, shown === "all" ? undefined : shown);
  const columns: ColumnsType<Incident> = [
    {
      title: t("status"),
      dataIndex: "status",
      width: 130,
      render: (status: IncidentStatus) => <Tag color={statusColour(status)}>{t(`statuses.${status}`)}</Tag>,
    },
    { title: t("subject"), dataIndex: "subject", ellipsis: true },
    { title: t("count"), dataIndex: "count", width: 90, align: "right" },
    { title: t("opened"), dataIndex: "opened_at", width: 170, render: (iso: string) => formatTime(iso) },
    { title: t("last"), dataIndex: "last_alert_at", width: 170, render: (iso: string) => formatTime(iso) },
    {
      title: t("who"),
      key: "who",
      width: 160,
      render: (_: unknown, incident: Incident) =>
        incident.status === "resolved"
          ? incident.resolution
          : incident.acknowledged_at
            ? t("acknowledgedBy", { who: incident.acknowledged_by ?? t("byLink") })
            : "",
    },
    {
      title: "",
      key: "act",
      width: 120,
      render: (_: unknown, incident: Incident) => (
        <Tooltip title={refusal("operate")}>
          <Button
            size="small"
            icon={incident.status === "open" ? <CheckOutlined /> : <SoundOutlined />}
            disabled={!can("operate")}
            onClick={() => setActing(incident)}
            data-testid={`incident-${incident.id}`}
          >
            {incident.status === "open" ? t("acknowledge") : t("details")}
          </Button>
        </Tooltip>
      ),
    },
  ];
  return (
    <>
      <Segmented<Shown>
        value={shown}
        onChange={setShown}
        options={(["open", "acknowledged", "resolved", "all"] as const).map((value) => ({
          value,
          label: value === "all" ? t("all") : t(`statuses.${value}`),
        }))}
        style={{ marginBottom: 12 }}
      />
      {incidents.error ? (
        <LoadError what={t("tab")} error={incidents.error} onRetry={() => void incidents.refetch()} />
      ) : (
        <ListTable<Incident>
          rowKey="id"
          columns={columns}
          dataSource={incidents.data?.results ?? []}
          loading={incidents.isLoading}
          empty={t("empty")}
        />
      )}
      {acting && <ActOnIncident project={project} incident={acting} onClose={() => setActing(null)} />}
    </>
  );
}
