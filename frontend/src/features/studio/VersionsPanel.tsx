// A node's version history: compare any two side by side, restore an old one.
import { DiffOutlined, RollbackOutlined } from "@ant-design/icons";
import { Button, List, Modal, Popconfirm, Select, Space, Spin, Tag, Tooltip, Typography } from "antd";
import dayjs from "dayjs";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { errorMessage } from "../../errors";
import { useDataSources, useMembers } from "../../queries/project";
import { useDeployments, useVersions } from "./api";
import DeployHistory from "./DeployHistory";
import DiffView from "./DiffView";
import type { Namer } from "./diffModel";
import type { NodeVersion } from "./types";

interface Props {
  projectId: number;
  nodeId: number;
  deployedVersion: number | null;
  dirty: boolean;
  onRestore: (number: number) => Promise<void>;
  /** A version whose diff with the one before opens at once (from a link), then `onDiffOpened`. */
  openDiff?: number | null;
  onDiffOpened?: () => void;
}

/** Names for the ids a snapshot holds (owner, data source). */
export function useSnapshotNamer(projectId: number): Namer {
  const { data: members = [] } = useMembers(projectId);
  const { data: datasources = [] } = useDataSources(projectId);
  return useCallback(
    (field: string, value: unknown) => {
      if (value === null || value === undefined) return undefined;
      if (field === "owner_id") return members.find((m) => m.user === value)?.username;
      if (field === "datasource_id") return datasources.find((d) => d.id === value)?.name;
      return undefined;
    },
    [members, datasources],
  );
}

export default function VersionsPanel({ projectId, nodeId, deployedVersion, dirty, onRestore, openDiff, onDiffOpened }: Props) {
  const { t } = useTranslation("studio");
  const { data: versions = [], isLoading, error } = useVersions(projectId, nodeId);
  const [a, setA] = useState<number | null>(null);
  const [b, setB] = useState<number | null>(null);
  const [shown, setShown] = useState<[number, number] | null>(null);
  const [restoring, setRestoring] = useState<number | null>(null);
  const namer = useSnapshotNamer(projectId);
  const deployments = useDeployments(projectId, nodeId).data?.results ?? [];
  // A version's message says why it was saved ("edited"); a deploy's says why it was published.
  const deployMessage = (number: number) => deployments.find((d) => d.version_number === number)?.message;

  // By default compare the previous version with the latest.
  const latest = versions[0]?.number ?? null;
  useEffect(() => {
    setA(versions[1]?.number ?? versions[0]?.number ?? null);
    setB(latest);
  }, [latest, versions]);

  useEffect(() => {
    if (!openDiff || !versions.length) return;
    const index = versions.findIndex((v) => v.number === openDiff);
    if (index >= 0) setShown([versions[index + 1]?.number ?? 0, openDiff]);
    onDiffOpened?.();
  }, [openDiff, versions, onDiffOpened]);

  const byNumber = (n: number | null) =>
 versions.find((v) => v.number === n) ?? null;
  const label = (v: NodeVersion | null) => (v ? `v${v.number}${v.number === deployedVersion ? ` (${t("versions.deployed")})` : ""}` : "");
  const options = versions.map((v) => ({ value: v.number, label: label(v) }));


  if (isLoading) return <Spin />;
  if (error) return <Typography.Text type="danger">{errorMessage(error)}</Typography.Text>;

  const left = shown ? byNumber(shown[0]) : null;
  const right = shown ? byNumber(shown[1]) : null;

  return (
    <div data-testid="versions-panel">
      <Space wrap style={{ marginBottom: 8 }}>
        <Select aria-label={t("versions.compareLabel")} size="small" value={a} options={options} onChange={setA} style={{ width: 110 }} />
        <span>{t("versions.with")}</span>
        <Select aria-label={t("versions.withLabel")} size="small" value={b} options={options} onChange={setB} style={{ width: 110 }} />
        <Button size="small" icon={<DiffOutlined />} disabled={a === null || b === null} onClick={() => setShown([a!, b!])}>
          {t("versions.compare")}
        </Button>
      </Space>
      <List
        size="small"
        dataSource={versions}
        renderItem={(version, index) => (
          <List.Item
            data-testid={`version-${version.number}`}
            actions={[
              index < versions.length - 1 ? (
                <Tooltip key="diff" title={t("versions.diffPrevious")}>
                  <Button
                    size="small"
                    type="text"
                    aria-label={t("versions.diffLabel", { number: version.number })}
                    icon={<DiffOutlined />}
                    onClick={() => setShown([versions[index + 1].number, version.number])}
                  />
                </Tooltip>
              ) : null,
              index > 0 ? (
                <Popconfirm
                  key="restore"
                  title={t("versions.restoreTitle", { number: version.number })}
                  description={
dirty ? t("versions.restoreDirty") : t("versions.restoreContent")
                  }
                  okText={t("versions.restore")}
                  onConfirm={async () => {
                    setRestoring(version.number);
                    try {
                      await onRestore(version.number);
                    } finally {
                      setRestoring(null);
                    }
                  }}
                >
                  <Tooltip title={t("versions.restoreHint")}>
                    <Button
                      size="small"
                      type="text"
                      aria-label={t("versions.restoreLabel", { number: version.number })}
                      icon={<RollbackOutlined />}
                      loading={restoring === version.number}
                    />
                  </Tooltip>
                </Popconfirm>
              ) : null,
            ].filter(Boolean)}
          >
            <List.Item.Meta
              title={
                <Space size={4} wrap>
                  <Typography.Text strong>v{version.number}</Typography.Text>
                  {index === 0 && <Tag color="blue">{t("versions.latest")}</Tag>}
                  {version.number === deployedVersion && <Tag color="green">{t("versions.deployed")}</Tag>}
                </Space>
              }
              description={
                <span style={{ fontSize: 12 }}>
                  {deployMessage(version.number) || version.message || "—"} · {version.author ?? t("versions.nobody")} · {dayjs(version.created_at).format("YYYY-MM-DD HH:mm")}
                </span>
              }
            />
          </List.Item>
        )}
      />
      <DeployHistory deployments={deployments} />
      <Modal
        open={shown !== null}
        title={shown ? t("versions.compareTitle", { left: label(left), right: label(right) }) : ""}
        onCancel={() => setShown(null)}
        footer={<Button onClick={() => setShown(null)}>{t("versions.close")}</Button>}
        width={1000}
        destroyOnHidden
      >
        {shown && <DiffView before={left?.snapshot ?? null} after={right?.snapshot ?? null} beforeLabel={label(left)} afterLabel={label(right)} name={namer} />}
      </Modal>
    </div>
  );
}
