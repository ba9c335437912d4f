import { App, Form, Input, Modal, Select } from "antd";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";

import { applyFieldErrors } from "../../../errors";
import { NODE_TYPES, type CreatedNode, type NodeType, type Workflow } from "../types";
import { NODE_TYPE_INFO } from "./nodeTypes";

interface Values {
  name: string;
  type: NodeType;
  workflow: number;
}

/** Asks for the new node's name (and its workflow when the canvas shows the whole project). */
export function CreateNodeModal({
  open,
  type,
  workflows,
  workflowId,
  pending,
  onCancel,
  onCreate,
}: {
  open: boolean;
  type: NodeType;
  workflows: Workflow[];
  /** The workflow shown on the canvas; null for all nodes of the project. */
  workflowId: number | null;
  pending: boolean;
  onCancel: () => void;
  onCreate: (values: Values) => Promise<CreatedNode>;
}) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const { t } = useTranslation("designer");

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({ type, workflow: workflowId ?? workflows[0]?.id, name: "" });
    }
  }, [open, type, workflowId, workflows, form]);

  const submit = async () => {
    const values = await form.validateFields();
    try {
      await onCreate({ ...values, name: values.name.trim() });
    } catch (error) {
      const rest = applyFieldErrors(form, error, ["name", "type", "workflow"]);
      if (rest) void message.error(t("newNode.failed", { reason: rest }));
    }
  };

  return (
    <Modal
      open={open}
      title={t("newNode.title")}
      okText={t("newNode.ok")}
      onOk={() => void submit()}
      onCancel={onCancel}
      confirmLoading={pending}
      destroyOnClose
      forceRender
    >
      <Form form={form} layout="vertical" requiredMark={false} onFinish={() => void submit()}>
        <Form.Item
          name="name"
          label={t("newNode.name")}
          extra={t("newNode.extra")}
          rules={[
            { required: true, whitespace: true, message: t("newNode.nameRequired") },
            { max: 200, message: t("newNode.nameTooLong") },
            { pattern: /^[\p{L}\p{N}_][\p{L}\p{M}\p{N}_.\- ]*$/u, message: t("newNode.namePattern") },
          ]}
        >
          <Input autoFocus placeholder={t("newNode.placeholder")} onPressEnter={() => void submit()} />
        </Form.Item>
        <Form.Item name="type" label={t("newNode.type")}>
          <Select
            options={NODE_TYPES.map((value) => ({ value, label: NODE_TYPE_INFO[value].label }))}
            aria-label={t("newNode.typeLabel")}
          />
        </Form.Item>
        <Form.Item name="workflow" label={t("newNode.workflow")} rules={[{ required: true, message: t("newNode.workflowRequired") }]}>
          <Select
            aria-label={t("newNode.workflowLabel")}
            disabled={workflowId !== null}
            options={workflows.map((workflow) => ({ value: workflow.id, label: workflow.name }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
