// Instances in tabs (cycle, backfill, test, as DataWorks): filters held in the query string, a
// live table, bulk actions.
import { Button, DatePicker, Input, Select, Space, Tabs, Tag } from "antd";
import dayjs from "dayjs";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";

import { businessDate } from "../../clock";
import { keys } from "../../queries/keys";
import { useMembers, useNode, useNodes, useWorkflows } from "../../queries/project";
import { useBackfills } from "./api";
import { LiveBadge } from "./components";
import {
  EMPTY_FILTERS,
  INSTANCE_TABS,
  activeFilterCount,
  filtersToSearch,
  listParams,
  parseFilters,
  parsePageSize,
  parseSort,
  type InstanceFilters,
} from "./filters";
import { addDays } from "./format";
import { filterPlaceholders } from "./filterPlaceholders";
import InstancesTable from "./InstancesTable";
import { useAntdHash } from "./lightCells";
import { useProjectLive } from "./live";
import type { OpsContext } from "./OperationsPage";
import { INSTANCE_STATES, stateStyle } from "./states";

const filterWidth = { width: 180 };
/** Nodes the node filter offers for a search: enough to pick from at 10,000 nodes. */
const NODE_SEARCH_PAGE = 50;

export default function InstancesPage({ ctx }: { ctx: OpsContext }) {
  const { projectId, timeZone, canOperate } = ctx;
  const { t } = useTranslation("operations");
  const [search, setSearch] = useSearchParams();
  const filters = useMemo(() => parseFilters(search), [search]);
  const sort = useMemo(() => parseSort(search), [search]);
  const pageSize = useMemo(() => parsePageSize(search), [search]);
  const params = useMemo(() => listParams(filters, sort), [filters, sort]);

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

  // The date picker and the selects mount once the first rows are on screen (or at once when a
  // filter is set, or when someone points at the bar): until then, their empty markup.
  const [rowsShown, setRowsShown] = useState(false);
  const [controlsReady, setControlsReady] = useState(() => activeFilterCount(filters) > 0);
  useEffect(() => {
    if (!rowsShown || controlsReady) return;
    // After the frame with the rows has painted.
    let timer = 0;
    const frame = requestAnimationFrame(() => {
      timer = window.setTimeout(() => setControlsReady(true));
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [rowsShown, controlsReady]);
  const hash = useAntdHash();

  const today = businessDate(timeZone);
  const range: [dayjs.Dayjs, dayjs.Dayjs] | null = filters.bizdate
    ? [dayjs(filters.bizdate), dayjs(filters.bizdate)]
    : filters.bizdate_from || filters.bizdate_to
      ? [dayjs(filters.bizdate_from ?? filters.bizdate_to), dayjs(filters.bizdate_to ?? filters.bizdate_from)]
      : null;

  return (
    <section aria-label={t("tabs.label")}>
      <Tabs
        size="small"
        activeKey={filters.tab ?? "cycle"}
        onChange={(tab) => update({ tab: tab as InstanceFilters["tab"] })}
        items={INSTANCE_TABS.map((tab) => ({ key: tab, label: t(`tabs.${tab}`) }))}
        tabBarExtraContent={<LiveBadge status={live} />}
        style={{ marginBottom: 4 }}
      />
      <Space
        wrap
        size={[8, 8]}
        style={{ marginBottom: 12 }}
        data-testid="instance-filters"
        onPointerOver={controlsReady ? undefined : () => setControlsReady(true)}
        onFocus={controlsReady ? undefined : () => setControlsReady(true)}
      >
        {controlsReady ? [
          <DatePicker.RangePicker
            key="bizdate"
            aria-label={t("filters.bizdate")}
            allowEmpty={[true, true]}
            value={range}
            placeholder={[t("filters.bizdateFrom"), t("filters.bizdateTo")]}
            presets={[
              { label: t("filters.runningToday"), value: [dayjs(today), dayjs(today)] },
              { label: t("filters.yesterdaysRun"), value: [dayjs(addDays(today, -1)), dayjs(addDays(today, -1))] },
              { label: t("filters.last7Days"), value: [dayjs(addDays(today, -6)), dayjs(today)] },
            ]}
            onChange={(values) => {
              const from = values?.[0]?.format("YYYY-MM-DD");
              const to = values?.[1]?.format("YYYY-MM-DD");
              if (from && to && from === to) update({ bizdate: from, bizdate_from: undefined, bizdate_to: undefined });
              else update({ bizdate: undefined, bizdate_from: from, bizdate_to: to });
            }}
          />,
          <Select
            key="status"
            aria-label={t("filters.status")}
            mode="multiple"
            allowClear
            placeholder={t("filters.status")}
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
          />,
          <Select
            key="node"
            aria-label={t("filters.node")}
            allowClear
            showSearch
            placeholder={t("filters.node")}
            filterOption={false}
            onSearch={setNodeText}
            style={filterWidth}
            loading={nodes.isFetching}
            value={filters.node}
            onChange={(node) => {
              setNodeText("");
              update({ node });
            }}
            notFoundContent={nodes.isFetching ? t("filters.searching") : t("filters.noNode")}
            options={nodeOptions}
          />,
          <Select
            key="workflow"
            aria-label={t("filters.workflow")}
            allowClear
            showSearch
            placeholder={t("filters.workflow")}
            optionFilterProp="label"
            style={filterWidth}
            value={filters.workflow}
            onChange={(workflow) => update({ workflow })}
            options={(workflows.data ?? []).map((workflow) => ({ value: workflow.id, label: workflow.name }))}
          />,
          <Select
            key="owner"
            aria-label={t("filters.owner")}
            allowClear
            showSearch
            placeholder={t("filters.owner")}
            optionFilterProp="label"
            style={{ width: 150 }}
            value={filters.owner}
            onChange={(owner) => update({ owner })}
            options={(members.data ?? []).map((member) => ({ value: member.user, label: member.username }))}
          />,
          <Select
            key="backfill"
            aria-label={t("filters.backfill")}
            allowClear
            showSearch
            placeholder={t("filters.backfill")}
            optionFilterProp="label"
            style={{ width: 170 }}
            value={filters.backfill}
            onChange={(backfill) => update({ backfill })}
            notFoundContent={backfills.error ? t("filters.backfillsUnavailable") : t("filters.noBackfills")}
            options={[
              ...(backfills.data ?? []).map((backfill) => ({ value: backfill.id, label: `#${backfill.id} ${backfill.name}` })),
              ...(filters.backfill && !(backfills.data ?? []).some((b) => b.id === filters.backfill)
                ? [{ value: filters.backfill, label: `#${filters.backfill}` }]
                : []),
            ]}
          />,
        ] : filterPlaceholders({
          hash,
          range: { label: t("filters.bizdate"), from: t("filters.bizdateFrom"), to: t("filters.bizdateTo") },
          selects: [
            { label: t("filters.status"), style: { minWidth: 180 }, multiple: true },
            { label: t("filters.node"), style: filterWidth },
            { label: t("filters.workflow"), style: filterWidth },
            { label: t("filters.owner"), style: { width: 150 } },
            { label: t("filters.backfill"), style: { width: 170 } },
          ],
        })}
        <Input.Search
          aria-label={t("filters.search")}
          placeholder={t("filters.searchPlaceholder")}
          allowClear
          defaultValue={filters.search}
          key={filters.search ?? ""}
          onSearch={(value) => update({ search: value.trim() || undefined })}
          style={{ width: 200 }}
        />
        <Button
          onClick={() => setSearch(filtersToSearch({ ...EMPTY_FILTERS, tab: filters.tab }, sort, pageSize), { replace: true })}
          disabled={!activeFilterCount(filters)}
        >
          {t("filters.reset")}
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
        onShown={() => setRowsShown(true)}
      />
    </section>
  );
}
