import { PlusOutlined } from "@ant-design/icons";
import { App as AntApp, Button, Popconfirm, Space, Tag, Tooltip, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import ListTable from "../../../components/ListTable";
import LoadError from "../../../components/LoadError";
import { projectClock } from "../../../clock";
import { showError } from "../../../errors";
import type { Project } from "../../../project/current";
import { usePermissions } from "../../../project/permissions";
import { nameMap, useNodes } from "../../../queries/project";
import { useBaselines, useDeleteBaseline, type Baseline } from "./api";
import BaselineDrawer from "./BaselineDrawer";
import { formatSlack, hhmm, statusColour } from "./forecast";

/** The project's baselines with their latest prediction; each opens its page. */
export default function BaselinesTab({ project }: { project: Project }) {
  const { t } = useTranslation("baselines");
  const { message } = AntApp.useApp();
  const { refusal } = usePermissions();
  const clock = projectClock(project.timezone);
  const baselines = useBaselines(project.id);
  const nodes = useNodes(project.id);
  const remove = useDeleteBaseline(project.id);
  const [editing, setEditing] = useState<Baseline | null>(null);
  const [open, setOpen] = useState(false);
  const nodeNames = useMemo(() => nameMap(nodes.data), [nodes.data]);
  const cannot = refusal("manage", t("manage"));

  const edit = (baseline: Baseline | null) => {
    setEditing(baseline);
    setOpen(true);
  };

  const columns: ColumnsType<Baseline> = [
    {
      title: t("name"),
      dataIndex: "name",
      render: (name: string, baseline) => <Link to={`/alerts/baselines/${baseline.id}`}>{name}</Link>,
    },
    {
      title: t("nodes"),
      dataIndex: "nodes",
      render: (ids: number[]) => (
        <Space size={[4, 4]} wrap>
          {ids.slice(0, 5).map((id) => (
            <Tag key={id}>{nodeNames.get(id) ?? `#${id}`}</Tag>
          ))}
          {ids.length > 5 ? t("more", { count: ids.length - 5 }) : null}
        </Space>
      ),
    },
    {
      title: t("committed"),
      dataIndex: "committed_time",
      width: 150,
      render: (time: string, baseline) => (
        <span title={t("marginOf", { minutes: baseline.margin_minutes, time: hhmm(time) })}>
          {hhmm(time)}
          {baseline.committed_next_day ? ` ${t("nextDayShort")}` : ""}{" "}
          <Typography.Text type="secondary">{t("marginShort", { minutes: baseline.margin_minutes })}</Typography.Text>
        </span>
      ),
    },
    {
      title: t("today"),
      key: "latest",
      width: 260,
      render: (_, baseline) =>
        baseline.latest ? (
          <Space size={4}>
            <Tag color={statusColour(baseline.latest.status)}>{t(`statuses.${baseline.latest.status}`)}</Tag>
            {baseline.latest.predicted_at ? (
              <Typography.Text type="secondary">
                {t("predictedShort", { time: clock.clock(baseline.latest.predicted_at) })}
              </Typography.Text>
            ) : null}
          </Space>
        ) : (
          <Typography.Text type="secondary">{t("notYet")}</Typography.Text>
        ),
    },
    {
      title: t("slack"),
      key: "slack",
      width: 110,
      render: (_, baseline) =>
        baseline.latest?.predicted_at
          ? formatSlack((Date.parse(baseline.latest.committed_at) - Date.parse(baseline.latest.predicted_at)) / 1000)
          : "—",
    },
    {
      title: "",
      key: "actions",
      width: 150,
      render: (_, baseline) => (
        <Tooltip title={cannot || undefined}>
          <Space size={4}>
            <Button size="small" disabled={!!cannot} onClick={() => edit(baseline)}>
              {t("edit")}
            </Button>
            <Popconfirm
              title={t("deleteConfirm", { name: baseline.name })}
              disabled={!!cannot}
              onConfirm={() =>
                remove.mutate(baseline.id, {
                  onSuccess: () => void message.success(t("deleted", { name: baseline.name })),
                  onError: (error) => showError(message, error, t("deleteFailed")),
                })
              }
            >
              <Button size="small" danger disabled={!!cannot}>
                {t("delete")}
              </Button>
            </Popconfirm>
          </Space>
        </Tooltip>
      ),
    },
  ];

  return (
    <>
      <Space style={{ marginBottom: 12, justifyContent: "space-between", width: "100%" }}>
        <Typography.Text type="secondary">{t("intro", { zone: clock.zoneLabel })}</Typography.Text>
        <Tooltip title={cannot || undefined}>
          <Button type="primary" icon={<PlusOutlined />} disabled={!!cannot} onClick={() => edit(null)}>
            {t("new")}
          </Button>
        </Tooltip>
      </Space>
      {baselines.error ? (
        <LoadError what={t("title")} error={baselines.error} onRetry={() => void baselines.refetch()} />
      ) : (
        <ListTable<Baseline>
          rowKey="id"
          columns={columns}
          dataSource={baselines.data ?? []}
          loading={baselines.isLoading}
          empty={t("empty")}
        />
      )}
      <BaselineDrawer
        projectId={project.id}
        zone={clock.zoneLabel}
        baseline={editing}
        open={open}
        onClose={() => setOpen(false)}
      />
    </>
  );
}
