// Deploy a node's latest version with a message, after seeing what changes (code, schedule plan)
// and what runs after it. In a project that reviews deploys the same dialog submits a deploy
// request instead (this node, and others if chosen) for another member to approve.
import { Alert, App as AntApp, Form, Input, List, Modal, Select, Space, Spin, Tag, Typography } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { errorMessage, showError } from "../../errors";
import { useSubmitDeploy } from "../../queries/deployRequests";
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
  /** The project reviews deploys: submit a request rather than deploy. */
  review?: boolean;
  /** The project's other nodes, which a request may take along (their latest versions). */
  others?: { id: number; name: string }[];
}

export default function DeployModal({ open, projectId, nodeId, nodeName, dirty, onCancel, onDeploy, review = false, others = [] }: Props) {
  const { t } = useTranslation("studio");
  const { message: toast } = AntApp.useApp();
  const request = useSubmitDeploy(projectId);
  const [along, setAlong] = useState<number[]>([]);
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
      setAlong([]);
      setTouched(false);
      void refetch();
    }
  }, [open, refetch]);

  const data = preview.data;
  const savedAt = versions.data?.find((version) => version.number === data?.version)?.created_at;
  const failedTest = failedTestOf(savedAt, lastTest.data);
  // A request may take the missing upstreams along; the review's checks and the approval judge.
  const blocked = !review && Boolean(data?.blockers.length);
  const submit = async () => {
    setTouched(true);
    if (!message.trim() || !data) return;
    if (review) {
      const nodes = [{ node: nodeId, version: data.version ?? undefined }, ...along.map((node) => ({ node }))];
      request.mutate(
        { nodes, message: message.trim() },
        {
          onSuccess: (created) => {
            void toast.success(
              <span data-testid="review-submitted">
                {t("review.submitted", { id: created.id })} <Link to={`/deploys?request=${created.id}`}>{t("review.open")}</Link>
              </span>,
            );
            onCancel();
          },
          onError: (error) => showError(toast, error, t("review.submitFailed", { name: nodeName })),
        },
      );
      return;
    }
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
      title={review ? t("review.title", { name: nodeName }) : t("deploy.title", { name: nodeName })}
      okText={review ? t("review.ok", { version: data?.version ?? "?" }) : data ? t("deploy.ok", { version: data.version }) : t("toolbar.deploy")}
      okButtonProps={{ disabled: !data || blocked || data.version === null, loading: busy || request.isPending }}
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
          {review && <Alert type="info" showIcon message={t("review.explain")} data-testid="review-explain" />}
          {data.blockers.map((reason) => (
            <Alert key={reason} type={review ? "warning" : "error"} showIcon message={reason} description={review ? t("review.includeUpstream") : undefined} />
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
            {review && (
              <Form.Item label={t("review.along")} help={t("review.alongHelp")}>
                <Select
                  mode="multiple"
                  aria-label={t("review.along")}
                  value={along}
                  onChange={setAlong}
                  optionFilterProp="label"
                  options={others.map((node) => ({ value: node.id, label: node.name }))}
                />
              </Form.Item>
            )}
            <Form.Item
              label={review ? t("review.message") : t("deploy.message")}
              required
              validateStatus={touched && !message.trim() ? "error" : undefined}
              help={touched && !message.trim() ? t("deploy.messageRequired") : undefined}
            >
              <Input.TextArea
                aria-label={review ? t("review.message") : t("deploy.messageLabel")}
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
