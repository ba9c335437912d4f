import { Alert, App as AntApp, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Switch, Tooltip, Typography } from "antd";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";

import { applyFieldErrors, showError } from "../../errors";
import type { Project } from "../../project/current";
import { usePermissions } from "../../project/permissions";
import { useDataSources } from "../../queries/project";
import { useMe } from "../../queries/useMe";
import { useArchiveProject, useDeleteProject, useUpdateProject, type ProjectUpdate } from "./api";
import { changedFields, inZone } from "./logic";
import ProjectFields from "./ProjectFields";

/** The project's fields this page edits, in the API's names. */
const FIELDS = [
  "name",
  "description",
  "timezone",
  "parameter_dialect",
  "mode",
  "review_required",
  "default_datasource",
  "default_resource_group",
  "max_concurrent_instances",
  "default_timeout_seconds",
  "max_timeout_seconds",
] as const;

type Values = Pick<Project, (typeof FIELDS)[number]>;

function valuesOf(project: Project): Values {
  return Object.fromEntries(FIELDS.map((field) => [field, project[field]])) as Values;
}

/** Archive or restore the project, or delete it for good (its owners). */
function DangerZone({ project }: { project: Project }) {
  const { t } = useTranslation("settings");
  const { message } = AntApp.useApp();
  const { can, refusal } = usePermissions();
  const archive = useArchiveProject();
  const remove = useDeleteProject();
  const [deleting, setDeleting] = useState(false);
  const [typed, setTyped] = useState("");
  const cannot = refusal("delete_project", t("project.ownerOnly"));
  const archived = !!project.archived_at;

  const toggleArchive = () =>
    archive.mutate(
      { id: project.id, archived: !archived },
      {
        onSuccess: () => void message.success(t(archived ? "project.restored" : "project.archivedDone", { name: project.name })),
        onError: (error) => showError(message, error, t(archived ? "project.restoreFailed" : "project.archiveFailed")),
      },
    );

  return (
    <Card title={t("project.dangerZone")} style={{ marginTop: 16 }} data-testid="project-danger-zone">
      <Space direction="vertical" style={{ width: "100%" }} size="middle">
        <Space wrap style={{ justifyContent: "space-between", width: "100%" }}>
          <Typography.Text type="secondary">{t(archived ? "project.restoreHelp" : "project.archiveHelp")}</Typography.Text>
          <Tooltip title={cannot || undefined}>
            <Button disabled={!can("delete_project")} loading={archive.isPending} onClick={toggleArchive}>
              {t(archived ? "project.restore" : "project.archive")}
            </Button>
          </Tooltip>
        </Space>
        <Space wrap style={{ justifyContent: "space-between", width: "100%" }}>
          <Typography.Text type="secondary">{t("project.deleteHelp")}</Typography.Text>
          <Tooltip title={cannot || undefined}>
            <Button danger disabled={!can("delete_project")} onClick={() => setDeleting(true)}>
              {t("project.delete")}
            </Button>
          </Tooltip>
        </Space>
      </Space>
      <Modal
        open={deleting}
        title={t("project.deleteTitle", { name: project.name })}
        okText={t("project.delete")}
        okButtonProps={{ danger: true, disabled: typed !== project.name, loading: remove.isPending }}
        cancelText={t("cancel")}
        onCancel={() => setDeleting(false)}
        destroyOnHidden
        onOk={() =>
          remove.mutate(project.id, {
            onSuccess: () => {
              setDeleting(false);
              void message.success(t("project.deleted", { name: project.name }));
            },
            onError: (error) => showError(message, error, t("project.deleteFailed")),
          })
        }
      >
        <Typography.Paragraph>{t("project.deleteWarning")}</Typography.Paragraph>
        <Input
          aria-label={t("project.typeName")}
          placeholder={project.name}
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
        />
      </Modal>
    </Card>
  );
}

/** The current project's settings: name, time zone, parameter syntax, defaults and limits. */
export default function ProjectSettingsPage({ project }: { project: Project }) {
  const { t } = useTranslation("settings");
  const { message } = AntApp.useApp();
  const { can, refusal } = usePermissions();
  const { data: me } = useMe();
  const datasources = useDataSources(project.id);
  const update = useUpdateProject();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState("");
  const manage = can("manage");
  const initial = useMemo(() => valuesOf(project), [project]);

  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(initial);
    setProblem("");
  }, [form, initial]);

  const onFinish = (values: Values) => {
    const body = changedFields(initial, values) as ProjectUpdate;
    if (!Object.keys(body).length) {
      void message.info(t("project.nothingChanged"));
      return;
    }
    setProblem("");
    update.mutate(
      { id: project.id, body },
      {
        onSuccess: () => void message.success(t("project.saved", { name: values.name })),
        onError: (error) => {
          const rest = applyFieldErrors(form, error, [...FIELDS]);
          setProblem(rest);
        },
      },
    );
  };

  return (
    <>
      {project.archived_at ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="archived-banner"
          message={t("project.archivedBanner", { when: inZone(project.archived_at, project.timezone) })}
        />
      ) : null}
      <Card title={t("project.title", { name: project.name })} data-testid="project-card">
        {!manage ? (
          <Alert type="info" showIcon style={{ marginBottom: 16 }} message={refusal("manage", t("project.manageWords"))} />
        ) : null}
        {problem ? <Alert type="error" showIcon style={{ marginBottom: 16 }} message={problem} data-testid="form-problem" /> : null}
        <Form form={form} layout="vertical" disabled={!manage} onFinish={onFinish} style={{ maxWidth: 640 }}>
          <ProjectFields isNew={false} />
          <Form.Item name="mode" label={t("project.mode")} extra={t("project.modeHelp")}>
            <Select
              aria-label={t("project.mode")}
              options={[
                { value: "basic", label: t("project.modes.basic"), disabled: project.mode === "standard" },
                { value: "standard", label: t("project.modes.standard") },
              ]}
            />
          </Form.Item>
          <Form.Item name="review_required" label={t("project.reviewRequired")} extra={t("project.reviewRequiredHelp")} valuePropName="checked">
            <Switch aria-label={t("project.reviewRequired")} />
          </Form.Item>
          <Form.Item name="default_datasource" label={t("project.defaultDatasource")}>
            <Select
              allowClear
              aria-label={t("project.defaultDatasource")}
              loading={datasources.isLoading}
              placeholder={t("project.noDefault")}
              options={(datasources.data ?? []).map((ds) => ({ value: ds.id, label: `${ds.name} (${ds.kind})` }))}
            />
          </Form.Item>
          <Form.Item name="default_resource_group" label={t("project.resourceGroup")} extra={t("project.resourceGroupHelp")}>
            <Input maxLength={64} />
          </Form.Item>
          <Space size="large" wrap align="start" style={{ display: "flex" }}>
            <Form.Item name="max_concurrent_instances" label={t("project.maxConcurrent")} extra={t("project.maxConcurrentHelp")}>
              <InputNumber min={1} max={100000} style={{ width: 180 }} />
            </Form.Item>
            <Form.Item name="default_timeout_seconds" label={t("project.defaultTimeout")} extra={t("project.seconds")}>
              <InputNumber min={1} max={604800} style={{ width: 180 }} />
            </Form.Item>
            <Form.Item
              name="max_timeout_seconds"
              label={t("project.maxTimeout")}
              extra={me?.is_staff ? t("project.maxTimeoutHelp") : t("project.staffOnly")}
            >
              <InputNumber min={0} max={2592000} style={{ width: 180 }} disabled={!manage || !me?.is_staff} />
            </Form.Item>
          </Space>
          <Form.Item style={{ marginBottom: 0 }}>
            <Button type="primary" htmlType="submit" loading={update.isPending}>
              {t("save")}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      <DangerZone project={project} />
    </>
  );
}
