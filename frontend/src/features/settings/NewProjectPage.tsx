import { Alert, App as AntApp, Button, Card, Form, Input, InputNumber, Space } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";

import { applyFieldErrors } from "../../errors";
import { useCurrentProject } from "../../project/current";
import { useMe } from "../../queries/useMe";
import { useCreateProject, type ProjectCreate } from "./api";
import ProjectFields from "./ProjectFields";

const FIELDS = ["name", "description", "timezone", "parameter_dialect", "max_concurrent_instances", "default_resource_group"];

/** The browser's own time zone, a good first guess for a new project. */
function browserZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

/** Create a project (the caller becomes its owner) and switch to it. */
export default function NewProjectPage() {
  const { t } = useTranslation("settings");
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const { data: me } = useMe();
  const { setProjectId } = useCurrentProject();
  const create = useCreateProject();
  const [form] = Form.useForm<ProjectCreate>();
  const [problem, setProblem] = useState("");

  const onFinish = (values: ProjectCreate) => {
    setProblem("");
    create.mutate(values, {
      onSuccess: (project) => {
        setProjectId(project.id);
        void message.success(t("newProject.created", { name: project.name }));
        navigate("/settings/project");
      },
      onError: (error) => setProblem(applyFieldErrors(form, error, FIELDS)),
    });
  };

  return (
    <Card title={t("newProject.title")} data-testid="new-project">
      {me && !me.can_create_projects ? (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t("newProject.notAllowed")} />
      ) : null}
      {problem ? <Alert type="error" showIcon style={{ marginBottom: 16 }} message={problem} data-testid="form-problem" /> : null}
      <Form<ProjectCreate>
        form={form}
        layout="vertical"
        style={{ maxWidth: 560 }}
        disabled={!!me && !me.can_create_projects}
        initialValues={{ timezone: browserZone(), parameter_dialect: "dataworks", max_concurrent_instances: 100, default_resource_group: "default" }}
        onFinish={onFinish}
      >
        <ProjectFields isNew />
        <Space size="large" wrap style={{ display: "flex" }}>
          <Form.Item name="max_concurrent_instances" label={t("project.maxConcurrent")}>
            <InputNumber min={1} max={100000} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="default_resource_group" label={t("project.resourceGroup")}>
            <Input maxLength={64} style={{ width: 180 }} />
          </Form.Item>
        </Space>
        <Form.Item style={{ marginBottom: 0 }}>
          <Space>
            <Button type="primary" htmlType="submit" loading={create.isPending}>
              {t("newProject.create")}
            </Button>
            <Button onClick={() => navigate(-1)} disabled={false}>
              {t("cancel")}
            </Button>
          </Space>
        </Form.Item>
      </Form>
    </Card>
  );
}
