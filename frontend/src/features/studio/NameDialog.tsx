// The tree's dialogs: new workflow, new node (in the workflow the user is working in), rename.
import { App as AntApp, Form, Input, Modal, Radio, Select, Typography } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { applyFieldErrors, showError } from "../../errors";
import { useDataSources } from "../../queries/project";
import { createNode, createWorkflow, patchNode, renameWorkflow } from "./api";
import { AddDataSource } from "./properties/DataSourceFields";
import type { NodeDetail, NodeType } from "./types";

export const TYPE_LABELS: Record<NodeType, string> = { sql: "SQL", python: "Python", shell: "Shell", virtual: "Virtual", sync: "Sync" };

export type Dialog =
  | { kind: "new-workflow" }
  | { kind: "new-node"; workflowId?: number }
  | { kind: "rename-workflow"; id: number; name: string }
  | { kind: "rename-node"; id: number; name: string }
  | null;

export interface DialogResult {
  createdNode?: NodeDetail;
  renamedNode?: NodeDetail;
  workflowId?: number;
}

interface FormValues {
  name: string;
  type?: NodeType;
  workflow?: number;
  datasource?: number | null;
}

export default function NameDialog({
  dialog,
  projectId,
  workflows,
  onClose,
  onDone,
}: {
  dialog: Dialog;
  projectId: number;
  workflows: { id: number; name: string }[];
  onClose: () => void;
  onDone: (result?: DialogResult) => Promise<void>;
}) {
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState("");
  const { t } = useTranslation("studio");
  const { data: datasources = [], isSuccess: datasourcesLoaded } = useDataSources(projectId);
  const type = Form.useWatch("type", form);
  useEffect(() => setFormError(""), [dialog]);
  // The workflow list may arrive after the dialog opened: default to the chosen one then.
  const fallback = dialog?.kind === "new-node" ? (dialog.workflowId ?? workflows[0]?.id) : undefined;
  useEffect(() => {
    if (fallback !== undefined && form.getFieldValue("workflow") === undefined) form.setFieldValue("workflow", fallback);
  }, [fallback, form]);

  const title =
    dialog?.kind === "new-workflow"
      ? t("tree.newWorkflow")
      : dialog?.kind === "new-node"
        ? t("tree.newNode")
        : dialog?.kind === "rename-workflow"
          ? t("tree.renameWorkflow", { name: dialog.name })
          : dialog?.kind === "rename-node"
            ? t("tree.renameNode", { name: dialog.name })
            : "";

  const submit = async () => {
    if (!dialog) return;
    const values = await form.validateFields();
    setBusy(true);
    setFormError("");
    try {
      const name = values.name.trim();
      if (dialog.kind === "new-workflow") {
        const workflow = await createWorkflow(projectId, name);
        void message.success(t("tree.createdWorkflow", { name: workflow.name }));
        await onDone({ workflowId: workflow.id });
      } else if (dialog.kind === "rename-workflow") {
        await renameWorkflow(projectId, dialog.id, name);
        void message.success(t("tree.renamed", { name }));
        await onDone();
      } else if (dialog.kind === "rename-node") {
        const node = await patchNode(projectId, dialog.id, { name, message: t("tree.renamedFrom", { name: dialog.name }) });
        void message.success(t("tree.renamed", { name: node.name }));
        await onDone({ renamedNode: node });
      } else {
        const node = await createNode(projectId, {
          name,
          type: values.type ?? "sql",
          workflow: values.workflow!,
          ...(values.type === "sql" && values.datasource ? { datasource: values.datasource } : {}),
        });
        void message.success(t("tree.createdNode", { type: TYPE_LABELS[node.type], name: node.name }));
        await onDone({ createdNode: node, workflowId: node.workflow });
      }
    } catch (error) {
      const rest = applyFieldErrors(form, error, ["name", "type", "workflow", "datasource"]);
      if (rest) setFormError(rest);
      else if (!(error instanceof Error)) showError(message, error);
    } finally {
      setBusy(false);
    }
  };

  const initial: FormValues =
    dialog?.kind === "rename-node" || dialog?.kind === "rename-workflow"
      ? { name: dialog.name }
      : { name: "", type: "sql", workflow: dialog?.kind === "new-node" ? (dialog.workflowId ?? workflows[0]?.id) : undefined };

  return (
    <Modal
      open={dialog !== null}
      title={title}
      okText={dialog?.kind.startsWith("rename") ? t("tree.rename") : t("tree.create")}
      onOk={submit}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form
        key={dialog ? JSON.stringify(dialog) : "closed"}
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={submit}
        preserve={false}
      >
        <Form.Item name="name" label={t("tree.name")} rules={[{ required: true, whitespace: true, message: t("tree.nameRequired") }]}>
          <Input autoFocus aria-label={t("tree.name")} />
        </Form.Item>
        {dialog?.kind === "new-node" && (
          <>
            <Form.Item name="type" label={t("tree.type")}>
              <Radio.Group
                optionType="button"
                options={(Object.keys(TYPE_LABELS) as NodeType[]).map((value) => ({ value, label: TYPE_LABELS[value] }))}
              />
            </Form.Item>
            <Form.Item name="workflow" label={t("tree.workflow")} rules={[{ required: true, message: t("tree.workflowRequired") }]}>
              <Select aria-label={t("tree.workflow")} options={workflows.map((w) => ({ value: w.id, label: w.name }))} />
            </Form.Item>
            {type === "sql" && datasourcesLoaded && datasources.length === 0 && <AddDataSource />}
            {type === "sql" && datasources.length > 0 && (
              <Form.Item name="datasource" label={t("properties.datasource")} extra={t("tree.datasourceDefault")}>
                <Select aria-label={t("properties.aria.dataSource")} allowClear options={datasources.map((d) => ({ value: d.id, label: `${d.name} (${d.kind})` }))} />
              </Form.Item>
            )}
          </>
        )}
        {formError && <Typography.Text type="danger">{formError}</Typography.Text>}
      </Form>
    </Modal>
  );
}
