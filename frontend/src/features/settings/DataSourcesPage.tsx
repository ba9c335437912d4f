import { ApiOutlined, PlusOutlined } from "@ant-design/icons";
import { Alert, App as AntApp, Button, Empty, Form, Modal, Popconfirm, Popover, Space, Tag, Tooltip, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import ListTable from "../../components/ListTable";
import LoadError from "../../components/LoadError";
import { applyFieldErrors, showError } from "../../errors";
import type { Project } from "../../project/current";
import { usePermissions } from "../../project/permissions";
import { useDataSources, type DataSource } from "../../queries/project";
import { useDataSourceKinds, useDeleteDataSource, useSaveDataSource, useTestDataSource, type ConnectionTest, type DataSourceKind } from "./api";
import DataSourceDrawer, { SettingInput, UsageList } from "./DataSourceDrawer";
import { inZone } from "./logic";

/** Replace a data source's secret (a password...): the old one is gone once this saves. */
function RotateSecretModal({
  projectId,
  datasource,
  kind,
  onClose,
}: {
  projectId: number;
  datasource: DataSource;
  kind: DataSourceKind;
  onClose: () => void;
}) {
  const { t } = useTranslation("settings");
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ secret: Record<string, string> }>();
  const save = useSaveDataSource(projectId);
  const [problem, setProblem] = useState("");
  const label = (field: string) => t(`datasources.fields.${field}`, { defaultValue: field });

  const submit = (values: { secret: Record<string, string> }) =>
    save.mutate(
      { id: datasource.id, body: { secret: values.secret } },
      {
        onSuccess: () => {
          void message.success(t("datasources.rotated", { name: datasource.name }));
          onClose();
        },
        onError: (error) => setProblem(applyFieldErrors(form, error, ["secret"])),
      },
    );

  return (
    <Modal
      open
      title={t("datasources.rotateTitle", { name: datasource.name })}
      okText={t("datasources.rotate")}
      cancelText={t("cancel")}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t("datasources.rotateHelp")}</Typography.Paragraph>
      {problem ? <Alert type="error" showIcon style={{ marginBottom: 16 }} message={problem} /> : null}
      <Form form={form} layout="vertical" onFinish={submit}>
        {kind.secret_fields.map((field) => (
          <Form.Item
            key={field}
            name={["secret", field]}
            label={label(field)}
            rules={[{ required: true, message: t("datasources.required", { field: label(field) }) }]}
          >
            <SettingInput field={field} secret />
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}

/** What a data source connects to, in a few words: its file, or its host and database. */
function target(datasource: DataSource): string {
  const config = datasource.config as Record<string, unknown>;
  if (config.path) return String(config.path);
  if (config.host) return `${String(config.host)}${config.port ? `:${String(config.port)}` : ""}/${String(config.database ?? "")}`;
  return "";
}

/** The project's data sources: create, edit, test the connection, rotate the secret, see which
 * nodes use each, delete (owners and admins; everyone reads). */
export default function DataSourcesPage({ project }: { project: Project }) {
  const { t } = useTranslation("settings");
  const { message } = AntApp.useApp();
  const { refusal } = usePermissions();
  const datasources = useDataSources(project.id);
  const kinds = useDataSourceKinds(project.id);
  const test = useTestDataSource(project.id);
  const remove = useDeleteDataSource(project.id);
  const [editing, setEditing] = useState<DataSource | null>(null);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [rotating, setRotating] = useState<DataSource | null>(null);
  const [tested, setTested] = useState<{ name: string; result: ConnectionTest } | null>(null);
  const cannot = refusal("manage", t("datasources.manageWords"));
  const tip = cannot || undefined;
  const kindOf = (name: string) => (kinds.data ?? []).find((kind) => kind.kind === name);

  const open = (datasource: DataSource | null) => {
    setEditing(datasource);
    setDrawerOpen(true);
  };

  const runTest = (datasource: DataSource) =>
    test.mutate(datasource.id, {
      onSuccess: (result) => setTested({ name: datasource.name, result }),
      onError: (error) => showError(message, error, t("datasources.testFailed")),
    });

  const columns: ColumnsType<DataSource> = [
    {
      title: t("datasources.name"),
      dataIndex: "name",
      render: (name: string, datasource) => (
        <Space size={4}>
          {cannot ? name : <a onClick={() => open(datasource)}>{name}</a>}
          {project.default_datasource === datasource.id ? <Tag color="blue">{t("datasources.default")}</Tag> : null}
        </Space>
      ),
    },
    { title: t("datasources.kind"), dataIndex: "kind", width: 110, render: (kind: string) => t(`datasources.kinds.${kind}`, { defaultValue: kind }) },
    {
      title: t("datasources.target"),
      key: "target",
      width: 240,
      ellipsis: true,
      render: (_, datasource) => <Typography.Text code>{target(datasource)}</Typography.Text>,
    },
    {
      title: t("datasources.secret"),
      dataIndex: "has_secret",
      width: 100,
      render: (has: boolean) => (has ? <Tag color="gold">{t("datasources.stored")}</Tag> : "—"),
    },
    { title: t("datasources.updated"), dataIndex: "updated_at", width: 170, render: (iso: string) => inZone(iso, project.timezone) },
    {
      title: t("datasources.actions"),
      key: "actions",
      width: 440,
      render: (_, datasource) => {
        const kind = kindOf(datasource.kind);
        return (
          <Space size={4} wrap>
            <Tooltip title={tip}>
              <Button
                size="small"
                icon={<ApiOutlined />}
                disabled={!!cannot}
                loading={test.isPending && test.variables === datasource.id}
                onClick={() => runTest(datasource)}
              >
                {t("datasources.test")}
              </Button>
            </Tooltip>
            <Popover
              trigger="click"
              title={t("datasources.usedByName", { name: datasource.name })}
              content={<div style={{ width: 360 }}><UsageList projectId={project.id} datasourceId={datasource.id} /></div>}
              destroyOnHidden
            >
              <Button size="small" type="link">
                {t("datasources.usedBy")}
              </Button>
            </Popover>
            <Tooltip title={tip}>
              <Button size="small" type="link" disabled={!!cannot} onClick={() => open(datasource)}>
                {t("edit")}
              </Button>
            </Tooltip>
            {kind?.secret_fields.length ? (
              <Tooltip title={tip}>
                <Button size="small" type="link" disabled={!!cannot} onClick={() => setRotating(datasource)}>
                  {t("datasources.rotate")}
                </Button>
              </Tooltip>
            ) : null}
            <Popconfirm
              title={t("datasources.deleteTitle", { name: datasource.name })}
              description={t("datasources.deleteHelp")}
              okText={t("delete")}
              cancelText={t("cancel")}
              okButtonProps={{ danger: true }}
              disabled={!!cannot}
              onConfirm={() =>
                remove.mutateAsync(datasource.id).then(
                  () => void message.success(t("datasources.deleted", { name: datasource.name })),
                  (error: unknown) => showError(message, error, t("datasources.deleteFailed")),
                )
              }
            >
              <Tooltip title={tip}>
                <Button size="small" type="link" danger disabled={!!cannot}>
                  {t("delete")}
                </Button>
              </Tooltip>
            </Popconfirm>
          </Space>
        );
      },
    },
  ];

  const rotatingKind = rotating ? kindOf(rotating.kind) : undefined;
  return (
    <>
      <Space style={{ width: "100%", justifyContent: "space-between", marginBottom: 16 }} wrap>
        <Typography.Text type="secondary">{t("datasources.intro")}</Typography.Text>
        <Tooltip title={tip}>
          <Button type="primary" icon={<PlusOutlined />} disabled={!!cannot || !kinds.data} onClick={() => open(null)}>
            {t("datasources.new")}
          </Button>
        </Tooltip>
      </Space>
      {tested ? (
        <Alert
          closable
          onClose={() => setTested(null)}
          showIcon
          type={tested.result.ok ? "success" : "error"}
          style={{ marginBottom: 16 }}
          data-testid="connection-result"
          message={tested.result.ok ? t("datasources.connected", { name: tested.name }) : t("datasources.notConnected", { name: tested.name })}
          description={tested.result.ok ? tested.result.version : tested.result.error}
        />
      ) : null}
      {datasources.isError ? (
        <LoadError what={t("datasources.what")} error={datasources.error} onRetry={() => void datasources.refetch()} />
      ) : null}
      <ListTable<DataSource>
        columns={columns}
        dataSource={datasources.data ?? []}
        loading={datasources.isLoading}
        data-testid="datasources-table"
        empty={<Empty description={t("datasources.empty")} />}
      />
      <DataSourceDrawer
        projectId={project.id}
        kinds={kinds.data ?? []}
        datasource={editing}
        open={drawerOpen}
        onClose={() => setDrawerOpen(false)}
        standard={project.mode === "standard"}
      />
      {rotating && rotatingKind ? (
        <RotateSecretModal projectId={project.id} datasource={rotating} kind={rotatingKind} onClose={() => setRotating(null)} />
      ) : null}
    </>
  );
}
