// The buttons above a node's editor: save, run, format, business date, deploy (or submit for
// review, in a project that reviews deploys), discard.
import { CaretRightOutlined, CloudUploadOutlined, FormatPainterOutlined, SaveOutlined, UndoOutlined } from "@ant-design/icons";
import { Button, DatePicker, Popconfirm, Space, Tag, Tooltip, Typography } from "antd";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";

import { useCurrentProject } from "../../project/current";
import { usePermissions } from "../../project/permissions";
import PendingReview from "./PendingReview";
import { shortcutLabel } from "./shortcuts";
import type { TabMeta } from "./tabs";

interface Props {
  projectId: number;
  nodeId: number;
  meta: TabMeta;
  dirty: boolean;
  bizdate: string;
  saving: boolean;
  running: boolean;
  onBizdate: (value: string) => void;
  onSave: () => void;
  onRun: () => void;
  onFormat: () => void;
  onDeploy: () => void;
  onRevert: () => void;
}

export default function NodeToolbar({ projectId, nodeId, meta, dirty, bizdate, saving, running, ...on }: Props) {
  const { t } = useTranslation("studio");
  const { refusal } = usePermissions();
  const review = useCurrentProject().project?.review_required ?? false;
  const [cannotSave, cannotRun, cannotDeploy] = [
    refusal("edit"),
    refusal("test_run"),
    review ? refusal("request_deploy") : refusal("deploy"),
  ];
  return (
    <Space wrap size={[6, 6]} style={{ marginBottom: 8 }} role="toolbar" aria-label={t("toolbar.label")}>
      <Tooltip title={cannotSave || shortcutLabel("save")}>
        <Button size="small" icon={<SaveOutlined />} type={dirty ? "primary" : "default"} loading={saving} disabled={!!cannotSave} onClick={on.onSave}>
          {t("toolbar.save")}
        </Button>
      </Tooltip>
      {meta.type !== "virtual" && (
        <Tooltip title={cannotRun || t("toolbar.runHint", { shortcut: shortcutLabel("run") })}>
          <Button size="small" icon={<CaretRightOutlined />} loading={running} disabled={!!cannotRun} onClick={on.onRun}>
            {t("toolbar.run")}
          </Button>
        </Tooltip>
      )}
      {meta.type === "sql" && (
        <Button size="small" icon={<FormatPainterOutlined />} onClick={on.onFormat}>
          {t("toolbar.format")}
        </Button>
      )}
      <Tooltip title={t("toolbar.bizdateHint")}>
        <DatePicker
          aria-label={t("toolbar.bizdate")}
          allowClear={false}
          value={dayjs(bizdate)}
          onChange={(value) => value && on.onBizdate(value.format("YYYY-MM-DD"))}
          size="small"
          style={{ width: 125 }}
        />
      </Tooltip>
      <Tooltip title={cannotDeploy || undefined}>
        <Button size="small" icon={<CloudUploadOutlined />} disabled={!!cannotDeploy} onClick={on.onDeploy}>
          {review ? t("toolbar.submitReview") : t("toolbar.deploy")}
        </Button>
      </Tooltip>
      {dirty && (
        <Popconfirm title={t("toolbar.discardConfirm")} okText={t("toolbar.discard")} onConfirm={on.onRevert}>
          <Button size="small" icon={<UndoOutlined />} type="text">
            {t("toolbar.discard")}
          </Button>
        </Popconfirm>
      )}
      <Space size={4}>
        <Tag>v{meta.latestVersion ?? "?"}</Tag>
        {meta.deployedVersion ? (
          <Tag color={meta.deployedVersion === meta.latestVersion ? "green" : "gold"} data-testid="deployed-tag">
            {t("toolbar.deployedVersion", { version: meta.deployedVersion })}
          </Tag>
        ) : (
          <Tag data-testid="deployed-tag">{t("toolbar.notDeployed")}</Tag>
        )}
        {review && <PendingReview projectId={projectId} nodeId={nodeId} />}
        {dirty && <Typography.Text type="warning">{t("toolbar.unsaved")}</Typography.Text>}
      </Space>
    </Space>
  );
}
