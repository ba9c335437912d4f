import { App, Form, Input, Modal, Select } from "antd";
import { useEffect } from "react";

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
      if (rest) void message.error(`Could not create the node: ${rest}`);
    }
  };

  return (
    <Modal
      open={open}
      title="New node"
      okText="Create node"
      onOk={() => void submit()}
      onCancel={onCancel}
      confirmLoading={pending}
      destroyOnClose
      forceRender
    >
      <Form form={form} layout="vertical" requiredMark={false} onFinish={() => void submit()}>
        <Form.Item
          name="name"
          label="Name"
          extra="Unique in the project: letters (of any script), digits, spaces, '_', '-' or '.'"
          rules={[
            { required: true, whitespace: true, message: "Give the node a name" },
            { max: 200, message: "At most 200 characters" },
            { pattern: /^[\p{L}\p{N}_][\p{L}\p{M}\p{N}_.\- ]*$/u, message: "Use letters, digits, spaces, '_', '-' or '.'" },
          ]}
        >
          <Input autoFocus placeholder="e.g. ods_orders" onPressEnter={() => void submit()} />
        </Form.Item>
        <Form.Item name="type" label="Type">
          <Select
            options={NODE_TYPES.map((value) => ({ value, label: NODE_TYPE_INFO[value].label }))}
            aria-label="Node type"
          />
        </Form.Item>
        <Form.Item name="workflow" label="Workflow" rules={[{ required: true, message: "Choose a workflow" }]}>
          <Select
            aria-label="Workflow of the new node"
            disabled={workflowId !== null}
            options={workflows.map((workflow) => ({ value: workflow.id, label: workflow.name }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
