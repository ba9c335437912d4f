// The designer: the dependency canvas of a workflow, or of every node of the project.
import "@xyflow/react/dist/style.css";
import "./designer.css";

import { PlusOutlined } from "@ant-design/icons";
import { ReactFlowProvider } from "@xyflow/react";
import { Alert, App, Button, Empty, Form, Input, Modal, Spin, Typography } from "antd";
import { useMemo, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";

import { applyFieldErrors, errorMessage } from "../../errors";
import { useCurrentProject } from "../../project/current";
import { usePermissions } from "../../project/permissions";
import { useProjectGraph, useWorkflows } from "../../queries/project";
import { useCreateWorkflow, useLatestInstances } from "./api";
import { businessDate } from "../../clock";
import { positionsOf, useCanvas } from "./positions";
import { Workspace } from "./Workspace";


/** The page title and, centred below it, what the page has to say instead of a canvas. */
function Centered({ children }: { children: React.ReactNode }) {
  const { t } = useTranslation("designer");
  return (
    <section>
      <Typography.Title level={1} style={{ fontSize: 18, marginTop: 0 }}>
        {t("title")}
      </Typography.Title>
      <div style={{ display: "grid", placeItems: "center", minHeight: 360 }}>{children}</div>
    </section>
  );
}

function NewWorkflowModal({
  open,
  projectId,
  onClose,
  onCreated,
}: {
  open: boolean;
  projectId: number;
  onClose: () => void;
  onCreated: (id: number) => void;
}) {
  const [form] = Form.useForm<{ name: string }>();
  const create = useCreateWorkflow(projectId);
  const { message } = App.useApp();
  const { t } = useTranslation("designer");
  const submit = async () => {
    const values = await form.validateFields();
    try {
      const workflow = await create.mutateAsync({ name: values.name.trim() });
      void message.success(t("newWorkflow.created", { name: workflow.name }));
      form.resetFields();
      onCreated(workflow.id);
    } catch (error) {
      const rest = applyFieldErrors(form, error, ["name"]);
      if (rest) void message.error(t("newWorkflow.failed", { reason: rest }));
    }
  };
  return (
    <Modal
      open={open}
      title={t("newWorkflow.title")}
      okText={t("newWorkflow.ok")}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={create.isPending}
      destroyOnClose
    >
      <Form form={form} layout="vertical" requiredMark={false}>
        <Form.Item
          name="name"
          label={t("newWorkflow.name")}
          extra={t("newWorkflow.extra")}
          rules={[{ required: true, whitespace: true, message: t("newWorkflow.nameRequired") }]}
        >
          <Input autoFocus placeholder={t("newWorkflow.placeholder")} onPressEnter={() => void submit()} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function DesignerPage() {
  const { projectId, project, isLoading: projectsLoading } = useCurrentProject();
  const [params, setParams] = useSearchParams();
  const workflowParam = Number(params.get("workflow"));
  const workflowId = Number.isInteger(workflowParam) && workflowParam > 0 ? workflowParam : null;
  const [showStatus, setShowStatus] = useState(params.get("status") === "1");
  const [bizdate, setBizdate] = useState(() => params.get("bizdate") || businessDate(project?.timezone));
  const [newWorkflow, setNewWorkflow] = useState(false);

  const workflows = useWorkflows(projectId);
  const graph = useProjectGraph(projectId, workflowId);
  const latest = useLatestInstances(projectId, bizdate, workflowId, showStatus);
  const canvas = useCanvas(projectId, workflowId);
  const kept = useMemo(() => positionsOf(canvas.data), [canvas.data]);
  const { message } = App.useApp();
  const editable = usePermissions().can("edit");
  const { t } = useTranslation("designer");

  const setParam = (changes: Record<string, string | null>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null) next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: true },
    );

  if (projectsLoading) {
    return (
      <Centered>
        <Spin tip={t("page.loadingProjects")}>
          <div style={{ width: 200, height: 60 }} />
        </Spin>
      </Centered>
    );
  }
  if (projectId === null) {
    return (
      <Centered>
        <Empty
          description={
            <span>
              <Trans t={t} i18nKey="page.noProject" components={{ settings: <Link to="/settings" /> }} />
            </span>
          }
        />
      </Centered>
    );
  }
  const failed = graph.error ?? workflows.error;
  if (failed && (!graph.data || !workflows.data)) {
    return (
      <Centered>
        <Alert
          type="error"
          showIcon
          message={t("page.loadFailed")}
          description={errorMessage(failed)}
          action={
            <Button
              onClick={() => {
                void graph.refetch();
                void workflows.refetch();
              }}
            >
              {t("page.tryAgain")}
            </Button>
          }
        />
      </Centered>
    );
  }
  // A canvas that could not be read is laid out automatically (canvas.error): no need to wait.
  if (!graph.data || !workflows.data || canvas.isPending) {
    return (
      <Centered>
        <Spin tip={t("page.loadingGraph", { project: project?.name ?? t("page.theProject") })}>
          <div style={{ width: 240, height: 60 }} />
        </Spin>
      </Centered>
    );
  }
  if (workflowId !== null && !workflows.data.some((w) => w.id === workflowId)) {
    return (
      <Centered>
        <Alert
          type="warning"
          showIcon
          message={t("page.workflowMissing")}
          description={t("page.workflowMissingHint")}
          action={<Button onClick={() => setParam({ workflow: null })}>{t("page.showAllNodes")}</Button>}
        />
      </Centered>
    );
  }

  const newWorkflowModal = (
    <NewWorkflowModal
      open={newWorkflow}
      projectId={projectId}
      onClose={() => setNewWorkflow(false)}
      onCreated={(id) => {
        setNewWorkflow(false);
        setParam({ workflow: String(id) });
      }}
    />
  );

  if (!workflows.data.length) {
    return (
      <Centered>
        <Empty
          description={
            <Typography.Paragraph>{t("page.noWorkflows", { project: project?.name })}</Typography.Paragraph>
          }
        >
          {editable ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setNewWorkflow(true)}>
              {t("page.createWorkflow")}
            </Button>
          ) : (
            <Typography.Text type="secondary">{t("page.cannotCreateWorkflows", { role: project?.role })}</Typography.Text>
          )}
        </Empty>
        {newWorkflowModal}
      </Centered>
    );
  }

  return (
    <>
      <ReactFlowProvider key={`${projectId}:${workflowId ?? "all"}`}>
        <Workspace
          projectId={projectId}
          graph={graph.data}
          refreshing={graph.isFetching}
          onRefresh={() => {
            void workflows.refetch();
            void graph.refetch().then((result) => {
              if (result.error) void message.error(t("page.reloadFailed", { reason: errorMessage(result.error) }));
              else void message.success(t("page.reloaded"));
            });
          }}
          workflows={workflows.data}
          workflowId={workflowId}
          onWorkflowChange={(id) => setParam({ workflow: id === null ? null : String(id) })}
          onNewWorkflow={() => setNewWorkflow(true)}
          editable={editable}
          showStatus={showStatus}
          onShowStatus={(show) => {
            setShowStatus(show);
            setParam({ status: show ? "1" : null, bizdate: show ? bizdate : null });
          }}
          bizdate={bizdate}
          onBizdate={(date) => {
            setBizdate(date);
            setParam({ bizdate: date });
          }}
          latest={latest.data}
          latestLoading={latest.isFetching}
          kept={kept}
          focusNode={Number(params.get("node")) || null}
        />

      </ReactFlowProvider>
      {latest.error && showStatus ? (
        <Alert
          type="error"
          showIcon
          closable
          style={{ position: "fixed", bottom: 16, left: "50%", transform: "translateX(-50%)", zIndex: 10 }}
          message={t("page.statusesFailed", { reason: errorMessage(latest.error) })}
        />
      ) : null}
      {!editable ? (
        <Alert
          type="info"
          showIcon
          closable
          style={{ position: "fixed", bottom: 16, right: 16, zIndex: 10, maxWidth: 360 }}
          message={t("page.readOnly", { project: project?.name, role: project?.role ?? t("page.noRole") })}
        />
      ) : null}
      {newWorkflowModal}
    </>
  );
}
