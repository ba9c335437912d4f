// A page of instances with cursor paging (ordered by the server for dates, times and status, the
// loaded page sorted by name and duration), per-row and bulk actions.
import { DownOutlined, LeftOutlined, ReloadOutlined, RightOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { App as AntApp, Alert, Button, Dropdown, Select, Space, Table, Tooltip, Typography } from "antd";
import type { ColumnsType, SortOrder } from "antd/es/table/interface";
import { useEffect, useMemo, useState, type ReactNode } from "react";
import { Link } from "react-router-dom";

import { errorMessage } from "../../errors";
import { invalidateInstances, runInstanceAction, useInstanceList, type InstanceListParams, type InstanceRow } from "./api";
import { NO_ROLE, RunDuration, StatusTag, useConfirmAction } from "./components";
import { PAGE_SIZES, cursorOf, sortRows, type Sort, type SortKey } from "./filters";
import { formatDateTime } from "./format";
import { ACTION_LABELS, ACTION_ORDER, RUN_KIND_LABELS, actionAllowed, bulkPlan, type InstanceAction } from "./states";

const BULK_ACTIONS: InstanceAction[] = ["rerun", "set-success", "freeze", "unfreeze", "kill"];
const BULK_PAST: Record<InstanceAction, string> = {
  rerun: "rerun",
  "rerun-downstream": "rerun",
  "set-success": "set to success",
  "set-failed": "set to failed",
  freeze: "frozen",
  unfreeze: "unfrozen",
  kill: "killed",
};

/** Run `task` over `items`, `limit` at a time. */
async function eachLimited<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await task(item);
    }
  });
  await Promise.all(workers);
}

export interface InstancesTableProps {
  projectId: number;
  timeZone: string;
  canOperate: boolean;
  /** API filters (scheduler/selectors.py instance_list). */
  params: InstanceListParams;
  sort: Sort | null;
  onSortChange: (sort: Sort | null) => void;
  pageSize: number;
  onPageSizeChange: (size: number) => void;
  /** Extra content per row in the actions column. */
  rowExtra?: (row: InstanceRow) => ReactNode;
}

export default function InstancesTable({
  projectId,
  timeZone,
  canOperate,
  params,
  sort,
  onSortChange,
  pageSize,
  onPageSizeChange,
  rowExtra,
}: InstancesTableProps) {
  const { modal, message } = AntApp.useApp();
  const client = useQueryClient();
  const [cursor, setCursor] = useState<string | null>(null);
  const [selected, setSelected] = useState<number[]>([]);
  const [bulkRunning, setBulkRunning] = useState(false);
  const { confirm } = useConfirmAction(projectId);

  const paramsKey = JSON.stringify(params);
  useEffect(() => {
    setCursor(null);
    setSelected([]);
  }, [paramsKey, pageSize]);

  const query = useInstanceList(projectId, { ...params, page_size: pageSize, cursor: cursor ?? undefined });
  const rows = useMemo(() => sortRows(query.data?.results ?? [], sort), [query.data, sort]);
  const selectedRows = rows.filter((row) => selected.includes(row.id));

  const order = (key: SortKey): SortOrder => (sort?.key === key ? (sort.desc ? "descend" : "ascend") : null);

  const rowMenu = (row: InstanceRow) => ({
    items: ACTION_ORDER.map((action) => ({
      key: action,
      label: ACTION_LABELS[action],
      danger: action === "kill",
      disabled: !canOperate || !actionAllowed(action, row.status),
    })),
    onClick: ({ key }: { key: string }) => confirm(row, key as InstanceAction),
  });

  const columns: ColumnsType<InstanceRow> = [
    {
      title: "Node",
      dataIndex: "node_name",
      key: "node_name",
      sorter: true,
      sortOrder: order("node_name"),
      render: (name: string, row) => (
        <Space direction="vertical" size={0}>
          <Link to={`/operations/instances/${row.id}`}>{name}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            #{row.id}
            {row.dry_run ? " · dry run" : ""}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: "Status",
      dataIndex: "status",
      key: "status",
      sorter: true,
      sortOrder: order("status"),
      render: (status: string, row) => (
        <Tooltip title={row.error || row.reason || undefined}>
          <span>
            <StatusTag status={status} />
          </span>
        </Tooltip>
      ),
    },
    { title: "Business date", dataIndex: "bizdate", key: "bizdate", sorter: true, sortOrder: order("bizdate") },
    {
      title: "Cycle time",
      dataIndex: "cyctime",
      key: "cyctime",
      sorter: true,
      sortOrder: order("cyctime"),
      render: (value: string) => formatDateTime(value, timeZone),
    },
    {
      title: "Run kind",
      dataIndex: "run_kind",
      key: "run_kind",
      render: (_: unknown, row) =>
        row.backfill ? (
          <Link to={`/operations/backfills/${row.backfill}`}>Backfill #{row.backfill}</Link>
        ) : (
          (RUN_KIND_LABELS[row.run_kind] ?? row.run_kind)
        ),
    },
    {
      title: "Started",
      dataIndex: "started_at",
      key: "started_at",
      sorter: true,
      sortOrder: order("started_at"),
      render: (value: string | null) => formatDateTime(value, timeZone),
    },
    {
      title: "Duration",
      key: "duration",
      sorter: true,
      sortOrder: order("duration"),
      align: "right",
      render: (_: unknown, row) => <RunDuration row={row} />,
    },
    {
      title: "Attempt",
      key: "attempt",
      align: "right",
      render: (_: unknown, row) => `${row.attempt}/${row.max_attempts}`,
    },
    { title: "Owner", dataIndex: "owner", key: "owner", render: (owner: string | null) => owner ?? "—" },
    {
      title: "",
      key: "actions",
      fixed: "right",
      width: rowExtra ? 280 : 110,
      render: (_: unknown, row) => (
        <Space size={4}>
          {rowExtra?.(row)}
          <Tooltip title={canOperate ? undefined : NO_ROLE}>
            <span>
              <Dropdown menu={rowMenu(row)} trigger={["click"]} disabled={!canOperate}>
                <Button size="small" aria-label={`Actions for instance ${row.id}`}>
                  Actions <DownOutlined />
                </Button>
              </Dropdown>
            </span>
          </Tooltip>
        </Space>
      ),
    },
  ];

  const runBulk = (action: InstanceAction) => {
    const { eligible, skipped } = bulkPlan(action, selectedRows);
    if (!eligible.length) {
      void message.warning(`None of the selected instances can be ${BULK_PAST[action]} in the state it is in.`);
      return;
    }
    modal.confirm({
      title: `${ACTION_LABELS[action]} ${eligible.length} instance${eligible.length === 1 ? "" : "s"}?`,
      content: (
        <>
          <p>{eligible.map((row) => `${row.node_name} #${row.id}`).slice(0, 10).join(", ")}
            {eligible.length > 10 ? ` and ${eligible.length - 10} more` : ""}</p>
          {skipped.length > 0 && (
            <p>
              {skipped.length} selected instance{skipped.length === 1 ? " is" : "s are"} left out: their state does not
              allow it.
            </p>
          )}
        </>
      ),
      okText: ACTION_LABELS[action],
      okButtonProps: { danger: action === "kill" || action === "set-success" },
      onOk: async () => {
        setBulkRunning(true);
        const failures: string[] = [];
        let done = 0;
        await eachLimited(eligible, 4, async (row) => {
          try {
            await runInstanceAction(projectId, row.id, action);
            done += 1;
          } catch (error) {
            failures.push(`${row.node_name} #${row.id}: ${errorMessage(error)}`);
          }
        });
        setBulkRunning(false);
        setSelected([]);
        invalidateInstances(client, projectId);
        const summary = `${ACTION_LABELS[action]}: ${done} done${failures.length ? `, ${failures.length} refused` : ""}.`;
        if (failures.length) {
          modal.warning({ title: summary, content: <ul>{failures.map((line) => <li key={line}>{line}</li>)}</ul> });
        } else {
          void message.success(summary);
        }
      },
    });
  };

  const next = cursorOf(query.data?.next);
  const previous = cursorOf(query.data?.previous);

  return (
    <div>
      <div style={{ display: "flex", alignItems: "center", gap: 12, marginBottom: 8, flexWrap: "wrap" }}>
        {selected.length > 0 ? (
          <Space wrap data-testid="bulk-actions">
            <Typography.Text strong>{selected.length} selected</Typography.Text>
            {BULK_ACTIONS.map((action) => (
              <Button
                key={action}
                size="small"
                danger={action === "kill"}
                disabled={!canOperate || bulkRunning}
                onClick={() => runBulk(action)}
              >
                {ACTION_LABELS[action]}
              </Button>
            ))}
            <Button size="small" type="link" onClick={() => setSelected([])}>
              Clear selection
            </Button>
          </Space>
        ) : (
          <Typography.Text type="secondary">Select instances to act on several at once.</Typography.Text>
        )}
        <div style={{ flex: 1 }} />
        <Tooltip title="Reload">
          <Button
            size="small"
            icon={<ReloadOutlined />}
            aria-label="Reload instances"
            onClick={() => void query.refetch()}
            loading={query.isFetching && !query.isLoading}
          />
        </Tooltip>
      </div>
      {query.error && <Alert type="error" showIcon message={errorMessage(query.error)} style={{ marginBottom: 8 }} />}
      <Table<InstanceRow>
        data-testid="instances-table"
        rowKey="id"
        size="small"
        loading={query.isLoading}
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ x: rowExtra ? 1280 : 1100 }}
        rowSelection={{
          selectedRowKeys: selected,
          onChange: (keys) => setSelected(keys.map(Number)),
        }}
        onChange={(_pagination, _filters, sorter) => {
          const one = Array.isArray(sorter) ? sorter[0] : sorter;
          if (!one?.order || !one.columnKey) onSortChange(null);
          else onSortChange({ key: one.columnKey as SortKey, desc: one.order === "descend" });
        }}
        locale={{ emptyText: "No instances match these filters." }}
      />
      <div style={{ display: "flex", justifyContent: "flex-end", alignItems: "center", gap: 8, marginTop: 12 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          Newest first; sorting applies to the page shown.
        </Typography.Text>
        <Select
          aria-label="Page size"
          size="small"
          value={pageSize}
          onChange={onPageSizeChange}
          options={PAGE_SIZES.map((size) => ({ value: size, label: `${size} / page` }))}
          style={{ width: 110 }}
        />
        <Button size="small" icon={<LeftOutlined />} disabled={!query.data?.previous} onClick={() => setCursor(previous)}>
          Newer
        </Button>
        <Button size="small" disabled={!next} onClick={() => setCursor(next)}>
          Older <RightOutlined />
        </Button>
      </div>
    </div>
  );
}
