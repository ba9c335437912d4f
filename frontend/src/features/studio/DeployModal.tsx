// Deploy a node's latest version with a message, after seeing what changes (code, schedule plan)
// and what runs after it.
import { Alert, Form, Input, List, Modal, Space, Spin, Tag, Typography } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { errorMessage } from "../../errors";
import { useDeployPreview, useLastTestRun, useVersions } from "./api";
import { failedTestOf } from "./deployChecks";
import FailedTestWarning from "./FailedTestWarning";
import DiffView from "./DiffView";
import PlanDiffView from "./PlanDiffView";
import { useSnapshotNamer } from "./VersionsPanel";

interface Props {
  open: boolean;
  projectId: number;
  nodeId: number;
  nodeName: string;
  dirty: boolean;
  onCancel: () => void;
  onDeploy: (message: string, version: number | null) => Promise<boolean>;
}

export default function DeployModal({ open, projectId, nodeId, nodeName, dirty, onCancel, onDeploy }: Props) {
  const { t } = useTranslation("studio");
  const preview = useDeployPreview(projectId, nodeId, open);
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);
  const [touched, setTouched] = useState(false);
  const namer = useSnapshotNamer(projectId);
  const versions = useVersions(projectId, open ? nodeId : null);
  const lastTest = useLastTestRun(projectId, nodeId, open);
  const { refetch } = preview;
  useEffect(() => {
    if (open) {
      setMessage("");
      setTouched(false);
      void refetch();
    }
  }, [open, refetch]);

  const data = preview.data;
  const savedAt = versions.data?.find((version) => version.number === data?.version)?.created_at;
  const failedTest = failedTestOf(savedAt, lastTest.data);
  const blocked = Boolean(data?.blockers.length);
  const submit = async () => {
    setTouched(true);
    if (!message.trim() || !data) return;
    setBusy(true);
    try {
      if (await onDeploy(message.trim(), data.version)) onCancel();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t("deploy.title", { name: nodeName })}
      okText={data ? t("deploy.ok", { version: data.version }) : t("toolbar.deploy")}
      okButtonProps={{ disabled: !data || blocked || data.version === null, loading: busy }}
      onOk={submit}
      onCancel={onCancel}
      width={1000}
      destroyOnHidden
    >
      {preview.isLoading && <Spin />}
      {preview.isError && <Alert type="error" showIcon message={errorMessage(preview.error)} />}
      {data && (
        <Space direction="vertical" style={{ width: "100%" }} size={12} data-testid="deploy-preview">
          {dirty && (
            <Alert
              type="warning"
              showIcon
              message={t("deploy.unsaved")}
            />
          )}
          {failedTest && <FailedTestWarning run={failedTest} version={data.version} />}
          {data.blockers.map((reason) => (
            <Alert key={reason} type="error" showIcon message={reason} />
          ))}
          <Typography.Text>
            {t("deploy.deploys")} <Tag color="blue">v{data.version}</Tag>
            {data.deployed_version === null ? (
              <>{t("deploy.firstTime")}</>
            ) : data.up_to_date ? (
              <>{t("deploy.upToDate")}</>
            ) : (
              <>
                {t("deploy.inPlaceOf")} <Tag color="green">v{data.deployed_version}</Tag>
              </>
            )}
          </Typography.Text>
          <DiffView
            before={data.snapshots.deployed}
            after={data.snapshots.target}
            beforeLabel={data.deployed_version === null ? t("toolbar.notDeployed") : t("toolbar.deployedVersion", { version: data.deployed_version })}
            afterLabel={`v${data.version}`}
            name={namer}
          />
          {data.plan && <PlanDiffView plan={data.plan} />}
          <div>
            <Typography.Title level={5}>{t("deploy.downstream", { count: data.downstream.length })}</Typography.Title>
            {data.downstream.length === 0 ? (
              <Typography.Text type="secondary">{t("deploy.noDownstream", { name: nodeName })}</Typography.Text>
            ) : (
              <List
                size="small"
                data-testid="deploy-downstream"
                dataSource={data.downstream}
                renderItem={(item) => (
                  <List.Item>
                    <Space>
                      <span>{item.name}</span>
                      <Typography.Text type="secondary">{item.depth === 1 ? t("deploy.direct") : t("deploy.stepsAway", { depth: item.depth })}</Typography.Text>
                      {item.project !== projectId && <Tag>{t("deploy.otherProject")}</Tag>}
                      {!item.deployed && <Tag>{t("toolbar.notDeployed")}</Tag>}
                    </Space>
                  </List.Item>
                )}
              />
            )}
          </div>
          <Form layout="vertical" component="div">
            <Form.Item
              label={t("deploy.message")}
              required
              validateStatus={touched && !message.trim() ? "error" : undefined}
              help={touched && !message.trim() ? t("deploy.messageRequired") : undefined}
            >
              <Input.TextArea
                aria-label={t("deploy.messageLabel")}
                autoSize={{ minRows: 2, maxRows: 4 }}
                value={message}
                maxLength={500}
                onChange={(e) => setMessage(e.target.value)}
                placeholder={t("deploy.messagePlaceholder")}
              />
            </Form.Item>
          </Form>
        </Space>
      )}
    </Modal>
  );
}
