// Deploy a node's latest version with a message, after seeing what changes (code, schedule plan)
// and what runs after it.
import { Alert, Form, Input, List, Modal, Space, Spin, Tag, Typography } from "antd";
import { useEffect, useState } from "react";

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
      title={`Deploy ${nodeName}`}
      okText={data ? `Deploy v${data.version}` : "Deploy"}
      okButtonProps={{ disabled: !data || blocked || data.version === null, loading: busy }}
      onOk={submit}
      onCancel={onCancel}
      width={1000}
      destroyOnClose
    >
      {preview.isLoading && <Spin />}
      {preview.isError && <Alert type="error" showIcon message={errorMessage(preview.error)} />}
      {data && (
        <Space direction="vertical" style={{ width: "100%" }} size={12} data-testid="deploy-preview">
          {dirty && (
            <Alert
              type="warning"
              showIcon
              message="This tab has unsaved changes. A deploy publishes the latest saved version: save first to include them."
            />
          )}
          {failedTest && <FailedTestWarning run={failedTest} version={data.version} />}
          {data.blockers.map((reason) => (
            <Alert key={reason} type="error" showIcon message={reason} />
          ))}
          <Typography.Text>
            Deploys <Tag color="blue">v{data.version}</Tag>
            {data.deployed_version === null ? (
              <>to production for the first time.</>
            ) : data.up_to_date ? (
              <>which is already deployed (deploying again changes nothing but the history).</>
            ) : (
              <>
                in place of the deployed <Tag color="green">v{data.deployed_version}</Tag>
              </>
            )}
          </Typography.Text>
          <DiffView
            before={data.snapshots.deployed}
            after={data.snapshots.target}
            beforeLabel={data.deployed_version === null ? "not deployed" : `deployed v${data.deployed_version}`}
            afterLabel={`v${data.version}`}
            name={namer}
          />
          {data.plan && <PlanDiffView plan={data.plan} />}
          <div>
            <Typography.Title level={5}>Downstream ({data.downstream.length})</Typography.Title>
            {data.downstream.length === 0 ? (
              <Typography.Text type="secondary">No node depends on {nodeName}.</Typography.Text>
            ) : (
              <List
                size="small"
                data-testid="deploy-downstream"
                dataSource={data.downstream}
                renderItem={(item) => (
                  <List.Item>
                    <Space>
                      <span>{item.name}</span>
                      <Typography.Text type="secondary">{item.depth === 1 ? "direct" : `${item.depth} steps away`}</Typography.Text>
                      {item.project !== projectId && <Tag>other project</Tag>}
                      {!item.deployed && <Tag>not deployed</Tag>}
                    </Space>
                  </List.Item>
                )}
              />
            )}
          </div>
          <Form layout="vertical" component="div">
            <Form.Item
              label="Deploy message"
              required
              validateStatus={touched && !message.trim() ? "error" : undefined}
              help={touched && !message.trim() ? "Say what this deploy changes." : undefined}
            >
              <Input.TextArea
                aria-label="Deploy message"
                autoSize={{ minRows: 2, maxRows: 4 }}
                value={message}
                maxLength={500}
                onChange={(e) => setMessage(e.target.value)}
                placeholder="What changes, and why"
              />
            </Form.Item>
          </Form>
        </Space>
      )}
    </Modal>
  );
}
