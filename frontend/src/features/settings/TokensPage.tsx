import { KeyOutlined, PlusOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { errorMessage } from "../../errors";
import { formatTime } from "../../format";
import { expiryText, useCreateToken, useRevokeToken, useTokens, type ApiToken, type NewToken, type TokenRequest } from "./api";

const when = (iso: string) => formatTime(iso);

/** Make a token: name, scope and lifetime; then its key, shown this once. */
function NewTokenModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation("settings");
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
      title={t("tokens.newTitle")}
      open={open}
      onCancel={close}
      destroyOnHidden
      footer={
        made ? (
          <Button type="primary" onClick={close}>
            {t("tokens.done")}
          </Button>
        ) : (
          <Space>
            <Button onClick={close}>{t("cancel")}</Button>
            <Button type="primary" loading={create.isPending} onClick={() => form.submit()}>
              {t("tokens.make")}
            </Button>
          </Space>
        )
      }
    >
      {made ? (
        <Space direction="vertical" style={{ width: "100%" }}>
          <Alert type="success" showIcon message={t("tokens.made", { name: made.name })} />
          <Typography.Paragraph copyable code data-testid="new-token-key" style={{ wordBreak: "break-all" }}>
            {made.token}
          </Typography.Paragraph>
          <Typography.Text type="secondary">{t("tokens.header")}</Typography.Text>
        </Space>
      ) : (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ scope: "write", expires_in_days: 90 }}
          onFinish={(values) => create.mutate(values, { onSuccess: setMade })}
        >
          {create.error ? <Alert type="error" showIcon message={errorMessage(create.error)} style={{ marginBottom: 12 }} /> : null}
          <Form.Item name="name" label={t("tokens.name")} rules={[{ required: true, message: t("tokens.nameRequired") }]}>
            <Input placeholder={t("tokens.namePlaceholder")} maxLength={100} />
          </Form.Item>
          <Form.Item name="scope" label={t("tokens.scope")}>
            <Select
              options={[
                { value: "write", label: t("tokens.scopes.write") },
                { value: "read", label: t("tokens.scopes.read") },
              ]}
            />
          </Form.Item>
          <Form.Item name="expires_in_days" label={t("tokens.expiresAfter")}>
            <Select
              options={[
                { value: 30, label: t("tokens.lifetimes.30") },
                { value: 90, label: t("tokens.lifetimes.90") },
                { value: 365, label: t("tokens.lifetimes.365") },
              ]}
            />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}

/** The caller's personal API tokens, for scripts. */
export default function TokensPage() {
  const { t } = useTranslation("settings");
  const { message } = App.useApp();
  const tokens = useTokens();
  const revoke = useRevokeToken();
  const [creating, setCreating] = useState(false);
  const words = { never: t("tokens.never"), expired: (date: string) => t("tokens.expired", { date }) };
  return (
    <Card
      title={
        <Space>
          <KeyOutlined />
          {t("tokens.title")}
        </Space>
      }
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t("tokens.new")}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t("tokens.intro")}</Typography.Paragraph>
      {tokens.error ? <Alert type="error" showIcon message={errorMessage(tokens.error)} /> : null}
      <Table<ApiToken>
        rowKey="id"
        size="small"
        loading={tokens.isLoading}
        dataSource={tokens.data ?? []}
        pagination={false}
        locale={{ emptyText: t("tokens.empty") }}
        columns={[
          { title: t("tokens.name"), dataIndex: "name" },
          { title: t("tokens.key"), dataIndex: "prefix", render: (prefix: string) => <Typography.Text code>{prefix}…</Typography.Text> },
          { title: t("tokens.scope"), dataIndex: "scope", render: (scope: string) => <Tag>{scope}</Tag> },
          { title: t("tokens.created"), dataIndex: "created_at", render: when },
          {
            title: t("tokens.expires"),
            key: "expires",
            render: (_: unknown, token) => (
              <Typography.Text type={token.expired ? "danger" : undefined}>{expiryText(token, when, words)}</Typography.Text>
            ),
          },
          {
            title: t("tokens.lastUsed"),
            dataIndex: "last_used_at",
            render: (iso: string | null) => (iso ? when(iso) : t("tokens.never")),
          },
          {
            title: "",
            key: "revoke",
            render: (_: unknown, token) => (
              <Popconfirm
                title={t("tokens.revokeTitle", { name: token.name })}
                description={t("tokens.revokeHelp")}
                okText={t("tokens.revoke")}
                cancelText={t("cancel")}
                onConfirm={() =>
                  revoke.mutateAsync(token.id).then(
                    () => void message.success(t("tokens.revoked", { name: token.name })),
                    (error: unknown) => void message.error(errorMessage(error)),
                  )
                }
              >
                <Button danger size="small">
                  {t("tokens.revoke")}
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
