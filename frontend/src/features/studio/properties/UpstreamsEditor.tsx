// A node's upstream dependencies: add, remove, change their kind, wait for its own previous
// cycle, or take them from the tables its SQL reads.
import { NodeIndexOutlined, PlusOutlined } from "@ant-design/icons";
import { App as AntApp, Alert, Button, Checkbox, List, Modal, Select, Space, Switch, Tag, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";

import { showError } from "../../../errors";
import { lineagePreview } from "../api";
import { normalizeUpstreams } from "../draft";
import type { DependencyKind, Draft, GraphNode, LineageProposal, NodeType, Upstream } from "../types";


interface Props {
  projectId: number;
  nodeId: number;
  type: NodeType;
  draft: Draft;
  onEdit: (patch: Partial<Draft>) => void;
  nodes: GraphNode[];
}

export default function UpstreamsEditor({
  projectId,
  nodeId,
  type,
  draft,
  onEdit,
  nodes,
}: Props) {
  const { t } = useTranslation("studio", { keyPrefix: "upstreams" });
  const { message } = AntApp.useApp();
  const [parsing, setParsing] = useState(false);
  const [proposal, setProposal] = useState<LineageProposal | null>(null);
  const [picked, setPicked] = useState<number[]>([]);
  const [takeOutputs, setTakeOutputs] = useState(true);
  const chosen = useMemo(
    () => new Set(draft.upstreams.filter((u) => u.kind !== "self_previous_cycle").map((u) => u.node)),
    [draft.upstreams],
  );
  const listed = draft.upstreams.filter((u) => u.kind !== "self_previous_cycle");
  const selfDependent = draft.upstreams.some((u) => u.kind === "self_previous_cycle");
  const setSelfDependent = (on: boolean) =>
    setUpstreams(
      on
        ? [...draft.upstreams, { node: nodeId, name: t("ownPrevious"), kind: "self_previous_cycle" }]
        : draft.upstreams.filter((u) => u.kind !== "self_previous_cycle"),
    );
  const candidates = useMemo(
    () => nodes.filter((n) => n.id !== nodeId && !chosen.has(n.id)).map((n) => ({ value: n.id, label: n.name })),
    [nodes, nodeId, chosen],
  );
  const setUpstreams = (upstreams: Upstream[]) => onEdit({ upstreams: normalizeUpstreams(upstreams) });

  const parse = async () => {
    setParsing(true);
    try {
      const result = await lineagePreview(projectId, nodeId, draft.code);
      const fresh = result.upstreams.filter((u) => !chosen.has(u.node));
      setProposal(result);
      setPicked([...new Set(fresh.map((u) => u.node))]);
      setTakeOutputs(result.writes.length > 0);
    } catch (error) {
      showError(message, error, t("parseFailed"));
    } finally {
      setParsing(false);
    }
  };

  const apply = () => {
    if (!proposal) return;
    const added = proposal.upstreams.filter((u) => picked.includes(u.node) && !chosen.has(u.node));
    const unique = [...new Map(added.map((u) => [u.node, u])).values()];
    const patch: Partial<Draft> = {
      upstreams: normalizeUpstreams([
        ...draft.upstreams,
        // The table and line it came from stay with the edge.
        ...unique.map((u) => ({ node: u.node, name: u.name, kind: "same_cycle" as const, source: { table: u.table, line: u.line } })),
      ]),
    };
    if (takeOutputs && proposal.writes.length) {
      patch.output_tables = [...new Set([...draft.output_tables, ...proposal.writes.map((w) => w.table)])];
    }
    onEdit(patch);
    setProposal(null);
    void message.success(unique.length ? t("added", { count: unique.length }) : t("noneAdded"));
  };

  return (
    <div data-testid="upstreams">
      <Space style={{ width: "100%", justifyContent: "space-between" }}>
        <Typography.Text>{t("title")}</Typography.Text>
        {type === "sql" && (
          <Button size="small" icon={<NodeIndexOutlined />} loading={parsing} onClick={parse}>
            {t("parse")}
          </Button>
        )}
      </Space>
      <List
        size="small"
        locale={{ emptyText: t("empty") }}
        dataSource={listed}
        renderItem={(item) => (
          <List.Item
            actions={[
              <Button
                key="remove"
                type="link"
                size="small"
                danger
                aria-label={t("removeNamed", { name: item.name })}
                onClick={() => setUpstreams(draft.upstreams.filter((u) => !(u.node === item.node && u.kind === item.kind)))}
              >
                {t("remove")}
              </Button>,
            ]}
          >
            <Space size={4} wrap>
              <Typography.Text>{item.name}</Typography.Text>
              <Select
                size="small"
                variant="borderless"
                value={item.kind}
                style={{ minWidth: 130 }}
                onChange={(kind: DependencyKind) =>
                  setUpstreams(draft.upstreams.map((u) => (u.node === item.node && u.kind === item.kind ? { ...u, kind } : u)))
                }
                options={(["same_cycle", "upstream_previous_cycle"] as DependencyKind[]).map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
              />
              {item.source && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="upstream-reason">
                  {t("reason", { table: item.source.table, line: item.source.line })}
                </Typography.Text>
              )}
            </Space>
          </List.Item>
        )}
      />
      <Space style={{ margin: "4px 0 8px" }}>
        <Switch size="small" aria-label={t("selfDependent")} checked={selfDependent} onChange={setSelfDependent} />
        <Typography.Text>{t("selfDependent")}</Typography.Text>
      </Space>
      <Select
        aria-label={t("addLabel")}
        showSearch
        optionFilterProp="label"
        placeholder={
          <span>
            <PlusOutlined /> {t("addPlaceholder")}
          </span>
        }
        value={null}
        style={{ width: "100%" }}
        options={candidates}
        onChange={(value: number | null) => {
          const node = nodes.find((n) => n.id === value);
          if (node) setUpstreams([...draft.upstreams, { node: node.id, name: node.name, kind: "same_cycle" }]);
        }}
      />
      <Modal
        open={proposal !== null}
        title={t("fromSql")}
        okText={t("addSelected")}
        onOk={apply}
        onCancel={() => setProposal(null)}
        width={600}
      >
        {proposal && (
          <Space direction="vertical" style={{ width: "100%" }}>
            {proposal.errors.map((e) => (
              <Alert key={e} type="error" showIcon message={e} />
            ))}
            {proposal.warnings.map((w) => (
              <Alert key={w} type="warning" showIcon message={w} />
            ))}
            <Typography.Text>
              {t("reads", {
                tables: proposal.reads.length
                  ? proposal.reads.map((r) => t("tableLine", { table: r.table, line: r.line })).join(", ")
                  : t("nothing"),
              })}
            </Typography.Text>
            {proposal.upstreams.length === 0 ? (
              <Typography.Text type="secondary">{t("noProducer")}</Typography.Text>
            ) : (
              <Checkbox.Group value={picked} onChange={(values) => setPicked(values as number[])} style={{ display: "block" }}>
                {proposal.upstreams.map((u) => (
                  <div key={`${u.node}-${u.table}`}>
                    <Checkbox value={u.node} disabled={chosen.has(u.node)}>
                      {u.name} <Typography.Text type="secondary">{t("writes", { table: u.table, line: u.line })}</Typography.Text>
                      {chosen.has(u.node) && <Tag style={{ marginLeft: 6 }}>{t("already")}</Tag>}
                    </Checkbox>
                  </div>
                ))}
              </Checkbox.Group>
            )}
            {proposal.external_tables.length > 0 && (
              <Typography.Text type="secondary">{t("external", { tables: proposal.external_tables.join(", ") })}</Typography.Text>
            )}
            {proposal.writes.length > 0 && (
              <Checkbox checked={takeOutputs} onChange={(e) => setTakeOutputs(e.target.checked)}>
                {t("declareOutputs", { tables: proposal.writes.map((w) => w.table).join(", ") })}

              </Checkbox>
            )}
          </Space>
        )}
      </Modal>
    </div>
  );
}
