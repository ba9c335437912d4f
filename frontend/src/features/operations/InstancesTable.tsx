// A page of instances with cursor paging, ordered by the server over every matching row, with a
// total count; one dense line per instance; per-row and bulk actions.
import { LeftOutlined, ReloadOutlined, RightOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { App as AntApp, Alert, Button, Select, Space, Table, Tooltip, Typography } from "antd";
import type { ColumnsType, SortOrder } from "antd/es/table/interface";
import { useEffect, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import EnvironmentTag from "../../components/EnvironmentTag";

import { errorMessage } from "../../errors";
import { invalidateInstances, runInstanceAction, useInstanceList, type InstanceListParams, type InstanceRow } from "./api";
import { noRole, RunDuration, StatusTag, useConfirmAction } from "./components";
import { PAGE_SIZES, cursorOf, pageParams, type Sort, type SortKey } from "./filters";
import { formatDateTime } from "./format";
import { ActionsButton, HoverTip, SmallSpace, useAntdHash } from "./lightCells";
import { ACTION_ORDER, actionAllowed, bulkPlan, reasonLabel, runKindLabel, type InstanceAction } from "./states";
import "./denseTable.css";


const BULK_ACTIONS: InstanceAction[] = ["rerun", "set-success", "freeze", "unfreeze", "kill"];
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
  /** Called once the first page (or its error) has rendered. */
  onShown?: () => void;
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
  onShown,
}: InstancesTableProps) {
  const { modal, message } = AntApp.useApp();
  const client = useQueryClient();
  const [cursor, setCursor] = useState<string | null>(null);
  const [selected, setSelected] = useState<number[]>([]);
  const [bulkRunning, setBulkRunning] = useState(false);
  const { confirm } = useConfirmAction(projectId);
  const hash = useAntdHash();

  const paramsKey = JSON.stringify(params);
  useEffect(() => {
    setCursor(null);
    setSelected([]);
  }, [paramsKey, pageSize]);

  const query = useInstanceList(projectId, pageParams(params, pageSize, cursor));
  const { t } = useTranslation("operations");
  const rows = query.data?.results ?? [];
  const answered = !!query.data || !!query.error;
  useEffect(() => {
    if (answered) onShown?.();
  }, [answered, onShown]);
  const selectedRows = rows.filter((row) => selected.includes(row.id));

  const order = (key: SortKey): SortOrder => (sort?.key === key ? (sort.desc ? "descend" : "ascend") : null);

  const rowMenu = (row: InstanceRow) => ({
    items: ACTION_ORDER.map((action) => ({
      key: action,
      label: t(`actions.${action}`),
      danger: action === "kill",
      disabled: !canOperate || !actionAllowed(action, row.status),
    })),
    onClick: ({ key }: { key: string }) => confirm(row, key as InstanceAction),
  });

  const oneLine = { whiteSpace: "nowrap" } as const;
  const columns: ColumnsType<InstanceRow> = [
    {
      title: t("list.node"),
      dataIndex: "node_name",
      key: "node_name",
      sorter: true,
      sortOrder: order("node_name"),
      width: 220,
      ellipsis: { showTitle: false },
      render: (name: string, row) => (
        <HoverTip title={`${name} · #${row.id}`} placement="topLeft">
          <Link to={`/operations/instances/${row.id}`}>{name}</Link>
          <span className={`ant-typography ant-typography-secondary ${hash}`} style={{ fontSize: 12, marginInlineStart: 6 }}>
            #{row.id}
            {row.dry_run ? ` · ${t("list.dryRun")}` : ""}
          </span>
        </HoverTip>
      ),
    },
    {
      title: t("list.status"),
      dataIndex: "status",
      key: "status",
      sorter: true,
      sortOrder: order("status"),
      width: 110,
      render: (status: string, row) => (
        <HoverTip title={row.error || reasonLabel(row.reason) || undefined}>
          <StatusTag status={status} />
        </HoverTip>
      ),
    },
    { title: t("list.owner"), dataIndex: "owner", key: "owner", width: 100, ellipsis: true, render: (owner: string | null) => owner ?? "—" },
    {
      title: t("list.bizdate"),
      dataIndex: "bizdate",
      key: "bizdate",
      sorter: true,
      sortOrder: order("bizdate"),
      width: 118,
      render: (value: string) => <span style={oneLine}>{value}</span>,
    },
    {
      title: t("list.cyctime"),
      dataIndex: "cyctime",
      key: "cyctime",
      sorter: true,
      sortOrder: order("cyctime"),
      width: 140,
      render: (value: string) => <span style={oneLine}>{formatDateTime(value, timeZone, false)}</span>,
    },
    {
      title: t("list.started"),
      dataIndex: "started_at",
      key: "started_at",
      width: 140,
      render: (value: string | null) => <span style={oneLine}>{formatDateTime(value, timeZone, false)}</span>,
    },
    {
      title: t("list.duration"),
      key: "duration",
      sorter: true,
      sortOrder: order("duration"),
      align: "right",
      width: 96,
      render: (_: unknown, row) => <RunDuration row={row} />,
    },
    {
      title: t("list.runKind"),
      dataIndex: "run_kind",
      key: "run_kind",
      width: 110,
      render: (_: unknown, row) =>
        row.backfill ? (
          <Link to={`/operations/backfills/${row.backfill}`} style={oneLine}>
            {t("list.backfillNumber", { id: row.backfill })}
          </Link>
        ) : (
          <span style={oneLine}>
            {runKindLabel(row.run_kind)}
            {row.environment === "development" ? <EnvironmentTag environment={row.environment} /> : null}
          </span>
        ),
    },
    {
      title: t("list.attempt"),
      key: "attempt",
      align: "right",
      width: 64,
      render: (_: unknown, row) => `${row.attempt}/${row.max_attempts}`,
    },
    {
      title: "",
      key: "actions",
      fixed: "right",
      width: rowExtra ? 280 : 96,
      render: (_: unknown, row) => (
        <SmallSpace hash={hash}>
          {[
            rowExtra?.(row),
            <HoverTip key="actions" title={canOperate ? undefined : noRole()}>
              <ActionsButton
                hash={hash}
                label={t("list.actions")}
                ariaLabel={t("list.actionsFor", { id: row.id })}
                disabled={!canOperate}
                menu={rowMenu(row)}
              />
            </HoverTip>,
          ]}
        </SmallSpace>
      ),
    },
  ];

  const runBulk = (action: InstanceAction) => {
    const { eligible, skipped } = bulkPlan(action, selectedRows);
    if (!eligible.length) {
      void message.warning(t(`bulk.noneEligible.${action}`));
      return;
    }
    modal.confirm({
      title: t("bulk.confirm", { action: t(`actions.${action}`), count: eligible.length }),
      content: (
        <>
          <p>{eligible.map((row) => `${row.node_name} #${row.id}`).slice(0, 10).join(", ")}
            {eligible.length > 10 ? t("bulk.andMore", { count: eligible.length - 10 }) : ""}</p>
          {skipped.length > 0 && (
            <p>
              {t("bulk.skipped", { count: skipped.length })}
            </p>
          )}
        </>
      ),
      okText: t(`actions.${action}`),
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
        const summary = failures.length
          ? t("bulk.summaryRefused", { action: t(`actions.${action}`), done, refused: failures.length })
          : t("bulk.summary", { action: t(`actions.${action}`), done });
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
            <Typography.Text strong>{t("bulk.selected", { count: selected.length })}</Typography.Text>
            {BULK_ACTIONS.map((action) => (
              <Button
                key={action}
                size="small"
                danger={action === "kill"}
                disabled={!canOperate || bulkRunning}
                onClick={() => runBulk(action)}
              >
                {t(`actions.${action}`)}
              </Button>
            ))}
            <Button size="small" type="link" onClick={() => setSelected([])}>
              {t("bulk.clear")}
            </Button>
          </Space>
        ) : (
          <Typography.Text type="secondary">{t("list.selectHint")}</Typography.Text>
        )}
        <div style={{ flex: 1 }} />
        {query.data && (
          <Typography.Text type="secondary" data-testid="instances-count">
            {query.data.count_capped
              ? t("list.countCapped", { count: query.data.count })
              : t("list.count", { count: query.data.count })}
          </Typography.Text>
        )}
        <Tooltip title={t("list.reload")}>
          <Button
            size="small"
            icon={<ReloadOutlined />}
            aria-label={t("list.reloadInstances")}
            onClick={() => void query.refetch()}
            loading={query.isFetching && !query.isLoading}
          />
        </Tooltip>
      </div>
      {query.error && (
        <Alert
          type="error"
          showIcon
          message={t("network.loadFailed", { reason: errorMessage(query.error) })}
          action={
            <Button size="small" onClick={() => void query.refetch()}>
              {t("network.retry")}
            </Button>
          }
          style={{ marginBottom: 8 }}
        />
      )}
      <Table<InstanceRow>
        data-testid="instances-table"
        className="dense-table"
        rowKey="id"
        size="small"
        loading={query.isLoading}
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ x: rowExtra ? 1380 : 1200 }}
        rowSelection={{
          selectedRowKeys: selected,
          onChange: (keys) => setSelected(keys.map(Number)),
        }}
        onChange={(_pagination, _filters, sorter) => {
          const one = Array.isArray(sorter) ? sorter[0] : sorter;
          if (!one?.order || !one.columnKey) onSortChange(null);
          else onSortChange({ key: one.columnKey as SortKey, desc: one.order === "descend" });
        }}
        locale={{ emptyText: t("list.empty") }}
      />
      <div style={{ display: "flex", justifyContent: "flex-end", alignItems: "center", gap: 8, marginTop: 12 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {sort ? t("list.sortedAll") : t("list.newestFirst")}
        </Typography.Text>
        <Select
          aria-label={t("list.pageSize")}
          size="small"
          value={pageSize}
          onChange={onPageSizeChange}
          options={PAGE_SIZES.map((size) => ({ value: size, label: t("list.perPage", { size }) }))}
          style={{ width: 110 }}
        />
        <Button size="small" icon={<LeftOutlined />} disabled={!query.data?.previous} onClick={() => setCursor(previous)}>
          {t("list.newer")}
        </Button>
        <Button size="small" disabled={!next} onClick={() => setCursor(next)}>
          {t("list.older")} <RightOutlined />
        </Button>
      </div>
    </div>
  );
}
