import { KeyOutlined, PlusOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from "antd";
import { formatTime } from "../../format";
import { useState } from "react";

import { errorMessage } from "../../errors";
import { useCurrentProject } from "../../project/current";
import { usePermissions } from "../../project/permissions";
import {
  expiryText,
  useCreateToken,
  useRevokeToken,
  useTokens,
  useUpdateProject,
  type ApiToken,
  type NewToken,
  type TokenRequest,
} from "./api";

const when = (iso: string) => formatTime(iso);

const LIFETIMES = [
  { value: 30, label: "30 days" },
  { value: 90, label: "90 days" },
  { value: 365, label: "1 year" },
];

/** Make a token: name, scope and lifetime; then its key, shown this once. */
function NewTokenModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<TokenRequest>();
  const create = useCreateToken();
  const [made, setMade] = useState<NewToken | null>(null);
  const close = () => {
    setMade(null);
    form.resetFields();
    create.reset();
    onClose();
  };
  return (
    <Modal
      title="New API token"
      open={open}
      onCancel={close}
      destroyOnHidden
      footer={
        made ? (
          <Button type="primary" onClick={close}>
            Done
          </Button>
        ) : (
          <Space>
            <Button onClick={close}>Cancel</Button>
            <Button type="primary" loading={create.isPending} onClick={() => form.submit()}>
              Make token
            </Button>
          </Space>
        )
      }
    >
      {made ? (
        <Space direction="vertical" style={{ width: "100%" }}>
          <Alert type="success" showIcon message={`Token ${made.name} made. Copy its key now: it is not shown again.`} />
          <Typography.Paragraph copyable code data-testid="new-token-key" style={{ wordBreak: "break-all" }}>
            {made.token}
          </Typography.Paragraph>
          <Typography.Text type="secondary">Send it as the header: Authorization: Token &lt;key&gt;</Typography.Text>
        </Space>
      ) : (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ scope: "write", expires_in_days: 90 }}
          onFinish={(values) => create.mutate(values, { onSuccess: setMade })}
        >
          {create.error ? <Alert type="error" showIcon message={errorMessage(create.error)} style={{ marginBottom: 12 }} /> : null}
          <Form.Item name="name" label="Name" rules={[{ required: true, message: "Say what the token is for" }]}>
            <Input placeholder="nightly export" maxLength={100} />
          </Form.Item>
          <Form.Item name="scope" label="Scope">
            <Select
              options={[
                { value: "write", label: "Read and write (everything you may do)" },
                { value: "read", label: "Read only" },
              ]}
            />
          </Form.Item>
          <Form.Item name="expires_in_days" label="Expires after">
            <Select options={LIFETIMES} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}

function TokensCard() {
  const { message } = App.useApp();
  const tokens = useTokens();
  const revoke = useRevokeToken();
  const [creating, setCreating] = useState(false);
  return (
    <Card
      title={
        <Space>
          <KeyOutlined />
          API tokens
        </Space>
      }
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          New token
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">
        Personal tokens for scripts. Each expires; changing your password revokes them all.
      </Typography.Paragraph>
      {tokens.error ? <Alert type="error" showIcon message={errorMessage(tokens.error)} /> : null}
      <Table<ApiToken>
        rowKey="id"
        size="small"
        loading={tokens.isLoading}
        dataSource={tokens.data ?? []}
        pagination={false}
        locale={{ emptyText: "No tokens" }}
        columns={[
          { title: "Name", dataIndex: "name" },
          { title: "Key", dataIndex: "prefix", render: (prefix: string) => <Typography.Text code>{prefix}…</Typography.Text> },
          { title: "Scope", dataIndex: "scope", render: (scope: string) => <Tag>{scope}</Tag> },
          { title: "Created", dataIndex: "created_at", render: when },
          {
            title: "Expires",
            key: "expires",
            render: (_: unknown, token) => (
              <Typography.Text type={token.expired ? "danger" : undefined}>{expiryText(token, when)}</Typography.Text>
            ),
          },
          { title: "Last used", dataIndex: "last_used_at", render: (iso: string | null) => (iso ? when(iso) : "never") },
          {
            title: "",
            key: "revoke",
            render: (_: unknown, token) => (
              <Popconfirm
                title={`Revoke ${token.name}?`}
                description="Scripts using it stop working at once."
                okText="Revoke"
                onConfirm={() =>
                  revoke.mutateAsync(token.id).then(
                    () => void message.success(`Revoked ${token.name}`),
                    (error: unknown) => void message.error(errorMessage(error)),
                  )
                }
              >
                <Button danger size="small">
                  Revoke
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      <NewTokenModal open={creating} onClose={() => setCreating(false)} />
    </Card>
  );
}

/** The current project's parameter dialect: how its code writes scheduling parameters. */
function ProjectCard() {
  const { message } = App.useApp();
  const { project } = useCurrentProject();
  const manage = usePermissions().can("manage");
  const update = useUpdateProject();
  if (!project) return null;
  return (
    <Card title={`Project ${project.name}`} style={{ marginBottom: 16 }} data-testid="project-card">
      <Form layout="vertical" component="div">
        <Form.Item
          label="Scheduling parameter syntax"
          help="Every run, backfill, quality rule and preview of the project renders parameters this way; a node may choose the other."
        >
          <Select
            aria-label="Project parameter dialect"
            style={{ maxWidth: 420 }}
            disabled={!manage || update.isPending}
            value={project.parameter_dialect}
            onChange={(parameter_dialect) =>
              update.mutate(
                { id: project.id, body: { parameter_dialect } },
                {
                  onSuccess: () => void message.success("Saved the parameter syntax"),
                  onError: (error) => void message.error(errorMessage(error)),
                },
              )
            }
            options={[
              { value: "dataworks", label: "DataWorks: ${yyyymmdd}, $[yyyymmdd-1], $bizdate" },
              { value: "dolphinscheduler", label: "DolphinScheduler: ${system.biz.date}, $[yyyyMMdd-1]" },
            ]}
          />
        </Form.Item>
      </Form>
    </Card>
  );
}

export default function SettingsPage() {
  return (
    <section aria-labelledby="page-title">
      <Typography.Title level={1} id="page-title" style={{ fontSize: 24, marginTop: 0 }}>
        Settings
      </Typography.Title>
      <ProjectCard />
      <TokensCard />
    </section>
  );
}
