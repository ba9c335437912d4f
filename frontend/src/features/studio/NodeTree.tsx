// The tree of workflows and nodes: search, create, rename, delete, move by drag and drop.
import {
  ApiOutlined,
  CodeOutlined,
  ConsoleSqlOutlined,
  DeleteOutlined,
  EditOutlined,
  FolderOutlined,
  MoreOutlined,
  PlusOutlined,
  PythonOutlined,
} from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { App as AntApp, Button, Dropdown, Empty, Form, Input, Modal, Radio, Select, Space, Spin, Tooltip, Tree, Typography } from "antd";
import type { DataNode } from "antd/es/tree";
import { useEffect, useMemo, useState, type ReactNode } from "react";

import { applyFieldErrors, showError } from "../../errors";
import { usePermissions } from "../../project/permissions";
import { changes, invalidate } from "../../queries/invalidate";
import { keys } from "../../queries/keys";
import { useDataSources, useProjectGraph, useWorkflows } from "../../queries/project";
import {
  createNode,
  createWorkflow,
  deleteNode,
  deleteWorkflow,
  patchNode,
  renameWorkflow,
} from "./api";
import { buildTree, dropWorkflow, nodeKey, parseKey, workflowKey, type TreeNodeLeaf, type TreeWorkflow } from "./tree";
import type { NodeDetail, NodeType } from "./types";

export const TYPE_ICONS: Record<NodeType, ReactNode> = {
  sql: <ConsoleSqlOutlined style={{ color: "#1668dc" }} />,
  python: <PythonOutlined style={{ color: "#3a7d44" }} />,
  shell: <CodeOutlined style={{ color: "#595959" }} />,
  virtual: <ApiOutlined style={{ color: "#8c8c8c" }} />,
};

const TYPE_LABELS: Record<NodeType, string> = { sql: "SQL", python: "Python", shell: "Shell", virtual: "Virtual" };

interface Props {
  projectId: number;
  activeNodeId: number | null;
  dirtyNodeIds: Set<number>;
  onOpen: (nodeId: number) => void;
  onDeleted: (nodeId: number) => void;
  onRenamed: (nodeId: number, name: string) => void;
}

type Dialog =
  | { kind: "new-workflow" }
  | { kind: "new-node"; workflowId?: number }
  | { kind: "rename-workflow"; id: number; name: string }
  | { kind: "rename-node"; id: number; name: string }
  | null;

export default function NodeTree({ projectId, activeNodeId, dirtyNodeIds, onOpen, onDeleted, onRenamed }: Props) {
  const { message, modal } = AntApp.useApp();
  const client = useQueryClient();
  const cannotEdit = usePermissions().refusal("edit");
  const workflows = useWorkflows(projectId);
  const graph = useProjectGraph(projectId);
  const [search, setSearch] = useState("");
  const [expanded, setExpanded] = useState<string[] | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);

  const tree = useMemo(() => buildTree(workflows.data ?? [], graph.data?.nodes ?? [], search), [workflows.data, graph.data, search]);
  const refresh = () => invalidate(client, changes.workflows(projectId), changes.nodes(projectId));

  const confirmDeleteNode = (leaf: TreeNodeLeaf) =>
    modal.confirm({
      title: `Delete node ${leaf.name}?`,
      content: "Its versions and run history go with it. This cannot be undone.",
      okText: "Delete",
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await deleteNode(projectId, leaf.nodeId);
          void message.success(`Deleted ${leaf.name}`);
          onDeleted(leaf.nodeId);
          await refresh();
        } catch (error) {
          showError(message, error, `Could not delete ${leaf.name}`);
        }
      },
    });

  const confirmDeleteWorkflow = (workflow: TreeWorkflow) =>
    modal.confirm({
      title: `Delete workflow ${workflow.name}?`,
      content: workflow.total ? "It still holds nodes: move or delete them first." : "It is empty.",
      okText: "Delete",
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await deleteWorkflow(projectId, workflow.workflowId);
          void message.success(`Deleted workflow ${workflow.name}`);
          await refresh();
        } catch (error) {
          showError(message, error, `Could not delete ${workflow.name}`);
        }
      },
    });

  const actions = (items: { key: string; label: string; icon: ReactNode; danger?: boolean; onClick: () => void }[], name: string) => (
    <Dropdown
      trigger={["click"]}
      menu={{
        items: items.map(({ key, label, icon, danger }) => ({ key, label, icon, danger })),
        onClick: ({ key, domEvent }) => {
          domEvent.stopPropagation();
          items.find((item) => item.key === key)?.onClick();
        },
      }}
    >
      <Button
        type="text"
        size="small"
        icon={<MoreOutlined />}
        aria-label={`Actions for ${name}`}
        disabled={!!cannotEdit}
        onClick={(event) => event.stopPropagation()}
        className="studio-tree-actions"
      />
    </Dropdown>
  );

  const treeData: DataNode[] = tree.map((workflow) => ({
    key: workflow.key,
    selectable: false,
    icon: <FolderOutlined />,
    title: (
      <span className="studio-tree-title" data-testid={`workflow-${workflow.name}`}>
        <span style={{ flex: 1 }}>
          {workflow.name} <Typography.Text type="secondary">({workflow.total})</Typography.Text>
        </span>
        {actions(
          [
            { key: "new", label: "New node here", icon: <PlusOutlined />, onClick: () => setDialog({ kind: "new-node", workflowId: workflow.workflowId }) },
            { key: "rename", label: "Rename", icon: <EditOutlined />, onClick: () => setDialog({ kind: "rename-workflow", id: workflow.workflowId, name: workflow.name }) },
            { key: "delete", label: "Delete", icon: <DeleteOutlined />, danger: true, onClick: () => confirmDeleteWorkflow(workflow) },
          ],
          workflow.name,
        )}
      </span>
    ),
    children: workflow.children.map((leaf) => ({
      key: leaf.key,
      isLeaf: true,
      icon: TYPE_ICONS[leaf.type],
      title: (
        <span className="studio-tree-title" data-testid={`tree-node-${leaf.name}`}>
          <span style={{ flex: 1, overflow: "hidden", textOverflow: "ellipsis" }}>
            {leaf.name}
            {dirtyNodeIds.has(leaf.nodeId) && <span title="unsaved changes"> ●</span>}
          </span>
          {leaf.deployed && (
            <Tooltip title="deployed">
              <span style={{ color: "#52c41a", fontSize: 10 }}>●</span>
            </Tooltip>
          )}
          {actions(
            [
              { key: "rename", label: "Rename", icon: <EditOutlined />, onClick: () => setDialog({ kind: "rename-node", id: leaf.nodeId, name: leaf.name }) },
              { key: "delete", label: "Delete", icon: <DeleteOutlined />, danger: true, onClick: () => confirmDeleteNode(leaf) },
            ],
            leaf.name,
          )}
        </span>
      ),
    })),
  }));

  const expandedKeys = search ? tree.map((w) => w.key) : (expanded ?? tree.map((w) => w.key));

  const onDrop = async (info: { dragNode: { key: React.Key }; node: { key: React.Key } }) => {
    const move = dropWorkflow(tree, String(info.dragNode.key), String(info.node.key));
    if (!move) return;
    const leaf = tree.flatMap((w) => w.children).find((n) => n.nodeId === move.nodeId);
    const target = tree.find((w) => w.workflowId === move.workflowId);
    try {
      await patchNode(projectId, move.nodeId, { workflow: move.workflowId });
      void message.success(`Moved ${leaf?.name} to ${target?.name}`);
      await refresh();
      void client.invalidateQueries({ queryKey: keys.nodeDraft(projectId, move.nodeId) });
    } catch (error) {
      showError(message, error, `Could not move ${leaf?.name}`);
    }
  };

  const loading = workflows.isLoading || graph.isLoading;
  const loadError = workflows.error ?? graph.error;

  return (
    <div style={{ display: "flex", flexDirection: "column", height: "100%", minHeight: 0 }} data-testid="node-tree">
      <Space.Compact style={{ marginBottom: 8 }}>
        <Input.Search aria-label="Search nodes" placeholder="Search" allowClear value={search} onChange={(e) => setSearch(e.target.value)} />
        <Dropdown
          trigger={["click"]}
          disabled={!!cannotEdit}
          menu={{
            items: [
              { key: "node", label: "New node", icon: <PlusOutlined /> },
              { key: "workflow", label: "New workflow", icon: <FolderOutlined /> },
            ],
            onClick: ({ key }) => setDialog(key === "node" ? { kind: "new-node" } : { kind: "new-workflow" }),
          }}
        >
          <Button type="primary" icon={<PlusOutlined />} aria-label="Create" title={cannotEdit || undefined} disabled={!!cannotEdit} />
        </Dropdown>
      </Space.Compact>
      <div style={{ flex: 1, overflow: "auto", minHeight: 0 }}>
        {loading ? (
          <Spin />
        ) : loadError ? (
          <Typography.Text type="danger">{String((loadError as Error).message)}</Typography.Text>
        ) : tree.length === 0 ? (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={search ? "Nothing matches." : "No workflow yet."}
          >
            {!search && (
              <Button type="primary" disabled={!!cannotEdit} onClick={() => setDialog({ kind: "new-workflow" })}>
                New workflow
              </Button>
            )}
          </Empty>
        ) : (
          <Tree
            className="studio-tree"
            showIcon
            blockNode
            // Every tree node must be "draggable" for the tree to accept drops on it (it listens for
            // dragover only there); a workflow dragged somewhere is simply never dropped.
            draggable={{ icon: false }}
            allowDrop={({ dragNode, dropNode }) =>
              parseKey(String(dragNode.key))?.kind === "node" && parseKey(String(dropNode.key)) !== null
            }
            onDrop={onDrop}
            treeData={treeData}
            expandedKeys={expandedKeys}
            onExpand={(keys) => setExpanded(keys.map(String))}
            selectedKeys={activeNodeId ? [nodeKey(activeNodeId)] : []}
            onSelect={(_, { node }) => {
              const parsed = parseKey(String(node.key));
              if (parsed?.kind === "node") onOpen(parsed.id);
            }}
          />
        )}
      </div>
      <NameDialog
        dialog={dialog}
        projectId={projectId}
        workflows={workflows.data ?? []}
        onClose={() => setDialog(null)}
        onDone={async (result) => {
          setDialog(null);
          await refresh();
          if (result?.createdNode) onOpen(result.createdNode.id);
          if (result?.renamedNode) onRenamed(result.renamedNode.id, result.renamedNode.name);
          if (result?.workflowId) setExpanded((keys) => [...new Set([...(keys ?? tree.map((w) => w.key)), workflowKey(result.workflowId!)])]);
        }}
      />
    </div>
  );
}

interface DialogResult {
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

function NameDialog({
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
  const { data: datasources = [] } = useDataSources(projectId);
  const type = Form.useWatch("type", form);
  useEffect(() => setFormError(""), [dialog]);
  // The workflow list may arrive after the dialog opened: default to the first one then.
  const firstWorkflow = workflows[0]?.id;
  useEffect(() => {
    if (dialog?.kind === "new-node" && firstWorkflow !== undefined && form.getFieldValue("workflow") === undefined) {
      form.setFieldValue("workflow", dialog.workflowId ?? firstWorkflow);
    }
  }, [dialog, firstWorkflow, form]);

  const title =
    dialog?.kind === "new-workflow"
      ? "New workflow"
      : dialog?.kind === "new-node"
        ? "New node"
        : dialog?.kind === "rename-workflow"
          ? `Rename workflow ${dialog.name}`
          : dialog?.kind === "rename-node"
            ? `Rename node ${dialog.name}`
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
        void message.success(`Created workflow ${workflow.name}`);
        await onDone({ workflowId: workflow.id });
      } else if (dialog.kind === "rename-workflow") {
        await renameWorkflow(projectId, dialog.id, name);
        void message.success(`Renamed workflow to ${name}`);
        await onDone();
      } else if (dialog.kind === "rename-node") {
        const node = await patchNode(projectId, dialog.id, { name, message: `renamed from ${dialog.name}` });
        void message.success(`Renamed node to ${node.name}`);
        await onDone({ renamedNode: node });
      } else {
        const node = await createNode(projectId, {
          name,
          type: values.type ?? "sql",
          workflow: values.workflow!,
          ...(values.type === "sql" && values.datasource ? { datasource: values.datasource } : {}),
        });
        void message.success(`Created ${TYPE_LABELS[node.type]} node ${node.name}`);
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
      okText={dialog?.kind.startsWith("rename") ? "Rename" : "Create"}
      onOk={submit}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnClose
    >
      <Form
        key={dialog ? JSON.stringify(dialog) : "closed"}
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={submit}
        preserve={false}
      >
        <Form.Item name="name" label="Name" rules={[{ required: true, whitespace: true, message: "Give it a name." }]}>
          <Input autoFocus aria-label="Name" />
        </Form.Item>
        {dialog?.kind === "new-node" && (
          <>
            <Form.Item name="type" label="Type">
              <Radio.Group
                optionType="button"
                options={(Object.keys(TYPE_LABELS) as NodeType[]).map((value) => ({ value, label: TYPE_LABELS[value] }))}
              />
            </Form.Item>
            <Form.Item name="workflow" label="Workflow" rules={[{ required: true, message: "Pick a workflow (create one first)." }]}>
              <Select aria-label="Workflow" options={workflows.map((w) => ({ value: w.id, label: w.name }))} />
            </Form.Item>
            {type === "sql" && (
              <Form.Item name="datasource" label="Data source" extra="The project's default when left empty.">
                <Select aria-label="Data source" allowClear options={datasources.map((d) => ({ value: d.id, label: `${d.name} (${d.kind})` }))} />
              </Form.Item>
            )}
          </>
        )}
        {formError && <Typography.Text type="danger">{formError}</Typography.Text>}
      </Form>
    </Modal>
  );
}
