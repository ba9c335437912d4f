// Cycle instances: filters held in the query string, a live table, bulk actions.
import { Button, DatePicker, Input, Select, Space, Tag } from "antd";
import dayjs from "dayjs";
import { useEffect, useMemo, useState } from "react";
import { useSearchParams } from "react-router-dom";

import { keys } from "../../queries/keys";
import { useMembers, useNode, useNodes, useWorkflows } from "../../queries/project";
import { useBackfills } from "./api";
import { LiveBadge, PageTitle } from "./components";
import {
  EMPTY_FILTERS,
  activeFilterCount,
  filtersToApiParams,
  filtersToSearch,
  parseFilters,
  parsePageSize,
  parseSort,
  sortToOrdering,
  type InstanceFilters,
} from "./filters";
import { addDays, defaultBizdate } from "./format";
import InstancesTable from "./InstancesTable";
import { useProjectLive } from "./live";
import type { OpsContext } from "./OperationsPage";
import { INSTANCE_STATES, RUN_KINDS, RUN_KIND_LABELS, stateStyle } from "./states";

const filterWidth = { width: 180 };
/** Nodes the node filter offers for a search: enough to pick from at 10,000 nodes. */
const NODE_SEARCH_PAGE = 50;

export default function InstancesPage({ ctx }: { ctx: OpsContext }) {
  const { projectId, timeZone, canOperate } = ctx;
  const [search, setSearch] = useSearchParams();
  const filters = useMemo(() => parseFilters(search), [search]);
  const sort = useMemo(() => parseSort(search), [search]);
  const pageSize = useMemo(() => parsePageSize(search), [search]);
  const params = useMemo(() => {
    const ordering = sortToOrdering(sort);
    return ordering ? { ...filtersToApiParams(filters), ordering } : filtersToApiParams(filters);
  }, [filters, sort]);

  const [nodeText, setNodeText] = useState("");
  const [nodeSearch, setNodeSearch] = useState("");
  useEffect(() => {
    const timer = setTimeout(() => setNodeSearch(nodeText.trim()), 250);
    return () => clearTimeout(timer);
  }, [nodeText]);
  const nodes = useNodes(projectId, nodeSearch, NODE_SEARCH_PAGE);
  const chosenNode = useNode(projectId, filters.node);
  const nodeOptions = useMemo(() => {
    const options = (nodes.data ?? []).map((node) => ({ value: node.id, label: node.name }));
    if (filters.node && !options.some((option) => option.value === filters.node)) {
      options.unshift({ value: filters.node, label: chosenNode.data?.name ?? `#${filters.node}` });
    }
    return options;
  }, [nodes.data, filters.node, chosenNode.data]);
  const workflows = useWorkflows(projectId);
  const members = useMembers(projectId);
  const backfills = useBackfills(projectId);

  const live = useProjectLive(projectId, { refresh: [keys.instances(projectId)] });

  const update = (patch: Partial<InstanceFilters>) =>
    setSearch(filtersToSearch({ ...filters, ...patch }, sort, pageSize), { replace: true });

  const today = defaultBizdate(timeZone);
  const range: [dayjs.Dayjs, dayjs.Dayjs] | null = filters.bizdate
    ? [dayjs(filters.bizdate), dayjs(filters.bizdate)]
    : filters.bizdate_from || filters.bizdate_to
      ? [dayjs(filters.bizdate_from ?? filters.bizdate_to), dayjs(filters.bizdate_to ?? filters.bizdate_from)]
      : null;

  return (
    <section aria-label="Cycle instances">
      <PageTitle extra={<LiveBadge status={live} />}>Cycle instances</PageTitle>
      <Space wrap size={[8, 8]} style={{ marginBottom: 12 }} data-testid="instance-filters">
        <DatePicker.RangePicker
          aria-label="Business date"
          allowEmpty={[true, true]}
          value={range}
          placeholder={["Business date from", "to"]}
          presets={[
            { label: "Running today", value: [dayjs(today), dayjs(today)] },
            { label: "Yesterday's run", value: [dayjs(addDays(today, -1)), dayjs(addDays(today, -1))] },
            { label: "Last 7 days", value: [dayjs(addDays(today, -6)), dayjs(today)] },
          ]}
          onChange={(values) => {
            const from = values?.[0]?.format("YYYY-MM-DD");
            const to = values?.[1]?.format("YYYY-MM-DD");
            if (from && to && from === to) update({ bizdate: from, bizdate_from: undefined, bizdate_to: undefined });
            else update({ bizdate: undefined, bizdate_from: from, bizdate_to: to });
          }}
        />
        <Select
          aria-label="Status"
          mode="multiple"
          allowClear
          placeholder="Status"
          style={{ minWidth: 180 }}
          maxTagCount="responsive"
          value={filters.status}
          onChange={(status) => update({ status })}
          options={INSTANCE_STATES.map((state) => ({ value: state, label: stateStyle(state).label }))}
          tagRender={({ value, closable, onClose }) => (
            <Tag color={stateStyle(String(value)).tag} closable={closable} onClose={onClose} style={{ marginInlineEnd: 4 }}>
              {stateStyle(String(value)).label}
            </Tag>
          )}
        />
        <Select
          aria-label="Node"
          allowClear
          showSearch
          placeholder="Node"
          filterOption={false}
          onSearch={setNodeText}
          style={filterWidth}
          loading={nodes.isFetching}
          value={filters.node}
          onChange={(node) => {
            setNodeText("");
            update({ node });
          }}
          notFoundContent={nodes.isFetching ? "Searching…" : "No node by that name"}
          options={nodeOptions}
        />
        <Select
          aria-label="Workflow"
          allowClear
          showSearch
          placeholder="Workflow"
          optionFilterProp="label"
          style={filterWidth}
          value={filters.workflow}
          onChange={(workflow) => update({ workflow })}
          options={(workflows.data ?? []).map((workflow) => ({ value: workflow.id, label: workflow.name }))}
        />
        <Select
          aria-label="Owner"
          allowClear
          showSearch
          placeholder="Owner"
          optionFilterProp="label"
          style={{ width: 150 }}
          value={filters.owner}
          onChange={(owner) => update({ owner })}
          options={(members.data ?? []).map((member) => ({ value: member.user, label: member.username }))}
        />
        <Select
          aria-label="Run kind"
          allowClear
          placeholder="Run kind"
          style={{ width: 130 }}
          value={filters.run_kind}
          onChange={(run_kind) => update({ run_kind })}
          options={RUN_KINDS.map((kind) => ({ value: kind, label: RUN_KIND_LABELS[kind] }))}
        />
        <Select
          aria-label="Backfill"
          allowClear
          showSearch
          placeholder="Backfill"
          optionFilterProp="label"
          style={{ width: 170 }}
          value={filters.backfill}
          onChange={(backfill) => update({ backfill })}
          notFoundContent={backfills.error ? "Backfills are not available" : "No backfills"}
          options={[
            ...(backfills.data ?? []).map((backfill) => ({ value: backfill.id, label: `#${backfill.id} ${backfill.name}` })),
            ...(filters.backfill && !(backfills.data ?? []).some((b) => b.id === filters.backfill)
              ? [{ value: filters.backfill, label: `#${filters.backfill}` }]
              : []),
          ]}
        />
        <Input.Search
          aria-label="Search nodes"
          placeholder="Node name contains"
          allowClear
          defaultValue={filters.search}
          key={filters.search ?? ""}
          onSearch={(value) => update({ search: value.trim() || undefined })}
          style={{ width: 200 }}
        />
        <Button onClick={() => setSearch(filtersToSearch(EMPTY_FILTERS, sort, pageSize), { replace: true })} disabled={!activeFilterCount(filters)}>
          Reset filters
        </Button>
      </Space>
      <InstancesTable
        projectId={projectId}
        timeZone={timeZone}
        canOperate={canOperate}
        params={params}
        sort={sort}
        onSortChange={(next) => setSearch(filtersToSearch(filters, next, pageSize), { replace: true })}
        pageSize={pageSize}
        onPageSizeChange={(size) => setSearch(filtersToSearch(filters, sort, size), { replace: true })}
      />
    </section>
  );
}
