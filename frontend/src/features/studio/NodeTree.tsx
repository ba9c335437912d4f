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
  SwapOutlined,
} from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { App as AntApp, Button, Dropdown, Empty, Input, Space, Spin, Tooltip, Tree, Typography } from "antd";
import type { DataNode } from "antd/es/tree";
import { useMemo, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { showError } from "../../errors";
import { usePermissions } from "../../project/permissions";
import { changes, invalidate } from "../../queries/invalidate";
import { keys } from "../../queries/keys";
import { useProjectGraph, useWorkflows } from "../../queries/project";
import { deleteNode, deleteWorkflow, patchNode } from "./api";
import NameDialog, { type Dialog } from "./NameDialog";
import { buildTree, defaultWorkflow, dropWorkflow, nodeKey, parseKey, workflowKey, type TreeNodeLeaf, type TreeWorkflow } from "./tree";
import type { NodeType } from "./types";

export const TYPE_ICONS: Record<NodeType, ReactNode> = {
  sql: <ConsoleSqlOutlined style={{ color: "#1668dc" }} />,
  python: <PythonOutlined style={{ color: "#3a7d44" }} />,
  shell: <CodeOutlined style={{ color: "#595959" }} />,
  virtual: <ApiOutlined style={{ color: "#8c8c8c" }} />,
  sync: <SwapOutlined style={{ color: "#d46b08" }} />,
};


interface Props {
  projectId: number;
  activeNodeId: number | null;
  dirtyNodeIds: Set<number>;
  onOpen: (nodeId: number) => void;
  onDeleted: (nodeId: number) => void;
  onRenamed: (nodeId: number, name: string) => void;
}

interface MenuAction {
  key: string;
  label: string;
  icon?: ReactNode;
  danger?: boolean;
  onClick?: () => void;
  children?: MenuAction[];
}

export default function NodeTree({ projectId, activeNodeId, dirtyNodeIds, onOpen, onDeleted, onRenamed }: Props) {
  const { message, modal } = AntApp.useApp();
  const client = useQueryClient();
  const cannotEdit = usePermissions().refusal("edit");
  const workflows = useWorkflows(projectId);
  const graph = useProjectGraph(projectId);
  const [search, setSearch] = useState("");
  const [expanded, setExpanded] = useState<string[] | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  // The workflow last created or clicked: where the next new node goes.
  const [chosenWorkflow, setChosenWorkflow] = useState<number | null>(null);
  const { t } = useTranslation("studio");

  const tree = useMemo(() => buildTree(workflows.data ?? [], graph.data?.nodes ?? [], search), [workflows.data, graph.data, search]);
  const refresh = () => invalidate(client, changes.workflows(projectId), changes.nodes(projectId));

  const confirmDeleteNode = (leaf: TreeNodeLeaf) =>
    modal.confirm({
      title: t("tree.deleteNode", { name: leaf.name }),
      content: t("tree.deleteNodeContent"),
      okText: t("tree.delete"),
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await deleteNode(projectId, leaf.nodeId);
          void message.success(t("tree.deleted", { name: leaf.name }));
          onDeleted(leaf.nodeId);
          await refresh();
        } catch (error) {
          showError(message, error, t("tree.deleteFailed", { name: leaf.name }));
        }
      },
    });

  const confirmDeleteWorkflow = (workflow: TreeWorkflow) =>
    modal.confirm({
      title: t("tree.deleteWorkflow", { name: workflow.name }),
      content: workflow.total ? t("tree.workflowNotEmpty") : t("tree.workflowEmpty"),
      okText: t("tree.delete"),
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await deleteWorkflow(projectId, workflow.workflowId);
          void message.success(t("tree.deleted", { name: workflow.name }));
          await refresh();
        } catch (error) {
          showError(message, error, t("tree.deleteFailed", { name: workflow.name }));
        }
      },
    });

  const actions = (items: MenuAction[], name: string) => (
    <Dropdown
      trigger={["click"]}
      menu={{
        items: items.map(({ key, label, icon, danger, children }) => ({
          key,
          label,
          icon,
          danger,
          children: children?.map((child) => ({ key: child.key, label: child.label })),
        })),
        onClick: ({ key, domEvent }) => {
          domEvent.stopPropagation();
          items.flatMap((item) => [item, ...(item.children ?? [])]).find((item) => item.key === key)?.onClick?.();
        },
      }}
    >
      <Button
        type="text"
        size="small"
        icon={<MoreOutlined />}
        aria-label={t("tree.actionsFor", { name })}
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
            { key: "new", label: t("tree.newNodeHere"), icon: <PlusOutlined />, onClick: () => newNode(workflow.workflowId) },
            { key: "rename", label: t("tree.rename"), icon: <EditOutlined />, onClick: () => setDialog({ kind: "rename-workflow", id: workflow.workflowId, name: workflow.name }) },
            { key: "delete", label: t("tree.delete"), icon: <DeleteOutlined />, danger: true, onClick: () => confirmDeleteWorkflow(workflow) },
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
            {dirtyNodeIds.has(leaf.nodeId) && <span title={t("tabs.unsaved")}> ●</span>}
          </span>
          {leaf.deployed && (
            <Tooltip title={t("tree.deployed")}>
              <span style={{ color: "#52c41a", fontSize: 10 }}>●</span>
            </Tooltip>
          )}
          {actions(
            [
              { key: "rename", label: t("tree.rename"), icon: <EditOutlined />, onClick: () => setDialog({ kind: "rename-node", id: leaf.nodeId, name: leaf.name }) },
              {
                key: "move",
                label: t("tree.moveTo"),
                icon: <SwapOutlined />,
                children: tree
                  .filter((other) => other.workflowId !== leaf.workflowId)
                  .map((other) => ({ key: `move-${other.workflowId}`, label: other.name, onClick: () => void moveNode(leaf.nodeId, other.workflowId) })),
              },
              { key: "delete", label: t("tree.delete"), icon: <DeleteOutlined />, danger: true, onClick: () => confirmDeleteNode(leaf) },
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
    if (move) await moveNode(move.nodeId, move.workflowId);
  };

  async function moveNode(nodeId: number, workflowId: number) {
    const move = { nodeId, workflowId };
    const leaf = tree.flatMap((w) => w.children).find((n) => n.nodeId === move.nodeId);
    const target = tree.find((w) => w.workflowId === move.workflowId);
    try {
      await patchNode(projectId, move.nodeId, { workflow: move.workflowId });
      void message.success(t("tree.moved", { name: leaf?.name, workflow: target?.name }));
      await refresh();
      void client.invalidateQueries({ queryKey: keys.nodeDraft(projectId, move.nodeId) });
    } catch (error) {
      showError(message, error, t("tree.moveFailed", { name: leaf?.name }));
    }
  }

  const activeWorkflow = graph.data?.nodes.find((node) => node.id === activeNodeId)?.workflow ?? null;
  const newNode = (workflowId?: number) =>
    setDialog({ kind: "new-node", workflowId: workflowId ?? defaultWorkflow(workflows.data ?? [], chosenWorkflow, activeWorkflow) });

  const loading = workflows.isLoading || graph.isLoading;
  const loadError = workflows.error ?? graph.error;

  return (
    <div style={{ display: "flex", flexDirection: "column", height: "100%", minHeight: 0 }} data-testid="node-tree">
      <Space.Compact style={{ marginBottom: 8 }}>
        <Input.Search aria-label={t("tree.searchLabel")} placeholder={t("tree.search")} allowClear value={search} onChange={(e) => setSearch(e.target.value)} />
        <Dropdown
          trigger={["click"]}
          disabled={!!cannotEdit}
          menu={{
            items: [
              { key: "node", label: t("tree.newNode"), icon: <PlusOutlined /> },
              { key: "workflow", label: t("tree.newWorkflow"), icon: <FolderOutlined /> },
            ],
            onClick: ({ key }) => (key === "node" ? newNode() : setDialog({ kind: "new-workflow" })),
          }}
        >
          <Button type="primary" icon={<PlusOutlined />} aria-label={t("tree.create")} title={cannotEdit || undefined} disabled={!!cannotEdit} />
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
            description={search ? t("tree.noMatch") : t("tree.noWorkflow")}
          >
            {!search && (
              <Button type="primary" disabled={!!cannotEdit} onClick={() => setDialog({ kind: "new-workflow" })}>
                {t("tree.newWorkflow")}
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
              else if (parsed?.kind === "workflow") setChosenWorkflow(parsed.id);
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
          if (result?.workflowId) setChosenWorkflow(result.workflowId);
          if (result?.workflowId) setExpanded((keys) => [...new Set([...(keys ?? tree.map((w) => w.key)), workflowKey(result.workflowId!)])]);
        }}
      />
    </div>
  );
}
