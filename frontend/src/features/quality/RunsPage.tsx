import { ReloadOutlined } from "@ant-design/icons";
import { Alert, Button, InputNumber, Select, Space, Tag, Typography } from "antd";
import { useSearchParams } from "react-router-dom";
import { useTranslation } from "react-i18next";

import { errorMessage } from "../../errors";
import type { Project } from "../../project/current";
import { useRules, useRuns } from "./api";
import RunsTable from "./RunsTable";
import { isVerdict, VERDICTS } from "./verdict";

/**
 * Every run of the project's rules, newest first; filtered by rule, verdict or the instance that
 * triggered them (the operations page links here with ?instance=<id>). Filters live in the address.
 */
export default function RunsPage({ project }: { project: Project }) {
  const [search, setSearch] = useSearchParams();
  const { t } = useTranslation("quality");
  const number = (key: string) => {
    const value = Number(search.get(key));
    return Number.isInteger(value) && value > 0 ? value : undefined;
  };
  const rule = number("rule");
  const instance = number("instance");
  const given = search.get("verdict");
  const verdict = isVerdict(given) ? given : undefined;
  const page = number("page") ?? 1;
  const pageSize = number("page_size") ?? 20;
  const runs = useRuns(project.id, { rule, instance, verdict, page, page_size: pageSize });
  const rules = useRules(project.id);

  const setFilter = (changes: Record<string, string | number | undefined | null>) => {
    const next = new URLSearchParams(search);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === null || value === "") next.delete(key);
      else next.set(key, String(value));
    }
    if (!("page" in changes)) next.delete("page");
    setSearch(next, { replace: true });
  };

  return (
    <>
      <Space style={{ width: "100%", justifyContent: "space-between", marginBottom: 16 }} wrap>
        <Space wrap>
          <Select
            allowClear
            showSearch
            aria-label={t("runs.rule")}
            placeholder={t("runs.anyRule")}
            style={{ width: 220 }}
            value={rule}
            optionFilterProp="label"
            loading={rules.isLoading}
            onChange={(value) => setFilter({ rule: value })}
            options={(rules.data ?? []).map((item) => ({ value: item.id, label: item.name }))}
          />
          <Select
            allowClear
            aria-label={t("runs.verdict")}
            placeholder={t("runs.anyVerdict")}
            style={{ width: 150 }}
            value={verdict}
            onChange={(value) => setFilter({ verdict: value })}
            options={Object.entries(VERDICTS).map(([value, info]) => ({ value, label: info.label }))}
          />
          <InputNumber
            aria-label={t("runs.instance")}
            placeholder={t("runs.instanceId")}
            min={1}
            precision={0}
            style={{ width: 150 }}
            value={instance ?? null}
            onChange={(value) => setFilter({ instance: value ?? undefined })}
          />
          {instance && <Tag closable onClose={() => setFilter({ instance: undefined })}>{t("common.instance", { id: instance })}</Tag>}
        </Space>
        <Button icon={<ReloadOutlined />} onClick={() => void runs.refetch()} loading={runs.isFetching}>
          {t("common.refresh")}
        </Button>
      </Space>
      {runs.isError && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          message={t("common.loadRunsFailed")}
          description={errorMessage(runs.error)}
        />
      )}
      {!runs.isLoading && !runs.data?.results.length && !(rule || instance || verdict) ? (
        <Typography.Paragraph type="secondary">
          {t("runs.noneYet")}
        </Typography.Paragraph>
      ) : (
        <RunsTable
          showRule
          runs={runs.data?.results ?? []}
          loading={runs.isLoading}
          total={runs.data?.count ?? runs.data?.results.length ?? 0}
          page={page}
          pageSize={pageSize}
          onPage={(next, size) => setFilter({ page: size === pageSize ? next : 1, page_size: size })}
          emptyText={t("runs.noMatch")}
        />
      )}
    </>
  );
}
