// The sync node's form: source (table or query), target, column mapping, write mode and key.
import { DeleteOutlined, PlusOutlined, SwapRightOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { Alert, App, AutoComplete, Button, Checkbox, Form, Input, InputNumber, Radio, Select, Space, Typography } from "antd";
import { useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

import { showError } from "../../../errors";
import { dataSourceColumnsQuery, useDataSources, useDataSourceTables } from "../../../queries/project";
import { mapByName, parseSpec, specCode, SYNC_MODES, type SyncSpec } from "./spec";

interface Props {
  projectId: number;
  code: string;
  onChange: (code: string) => void;
}

export default function SyncForm({ projectId, code, onChange }: Props) {
  const { t } = useTranslation("studio");
  const { data: datasources = [] } = useDataSources(projectId);
  const options = datasources.map((d) => ({ value: d.id, label: `${d.name} (${d.kind})` }));
  const { spec, error } = useMemo(() => parseSpec(code), [code]);
  const fromQuery = spec.source.query !== undefined && spec.source.table === undefined;
  const edit = (patch: Partial<SyncSpec>) => onChange(specCode({ ...spec, ...patch }));
  const targets = spec.columns.map((c) => c.target || c.source).filter(Boolean);
  const sourceTables = useDataSourceTables(projectId, spec.source.datasource).data ?? [];
  const targetTables = useDataSourceTables(projectId, spec.target.datasource).data ?? [];
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [mapping, setMapping] = useState(false);
  // The code as it is when the source's columns arrive (the user may have typed meanwhile).
  const latest = useRef(code);
  latest.current = code;

  /** Fill the mapping with the source table's columns by name (renames kept). */
  const mapColumns = async (table: string) => {
    if (!spec.source.datasource || !table) return;
    setMapping(true);
    try {
      const columns = await queryClient.fetchQuery(dataSourceColumnsQuery(projectId, spec.source.datasource, table));
      const now = parseSpec(latest.current).spec;
      onChange(specCode({ ...now, columns: mapByName(columns.map((c) => c.name), now.columns) }));
    } catch (exc) {
      showError(message, exc, t("sync.mapFailed", { table }));
    } finally {
      setMapping(false);
    }
  };

  return (
    <div style={{ padding: 12, overflow: "auto", height: "100%" }} data-testid="sync-form">
      {error && <Alert type="warning" showIcon message={t("sync.unreadable", { error })} style={{ marginBottom: 12 }} />}
      <Form layout="vertical" size="small">
        <Typography.Title level={5}>{t("sync.source")}</Typography.Title>
        <Form.Item label={t("sync.datasource")}>
          <Select aria-label={t("sync.sourceDatasource")} value={spec.source.datasource} options={options} placeholder={t("sync.choose")} onChange={(datasource: number) => edit({ source: { ...spec.source, datasource } })} />
        </Form.Item>
        <Form.Item>
          <Radio.Group
            value={fromQuery ? "query" : "table"}
            onChange={(e) => edit({ source: e.target.value === "query" ? { datasource: spec.source.datasource, query: "" } : { datasource: spec.source.datasource, table: "" } })}
            options={[
              { value: "table", label: t("sync.fromTable") },
              { value: "query", label: t("sync.fromQuery") },
            ]}
          />
        </Form.Item>
        {fromQuery ? (
          <Form.Item label={t("sync.query")} help={t("sync.queryHelp")}>
            <Input.TextArea aria-label={t("sync.query")} rows={4} value={spec.source.query} onChange={(e) => edit({ source: { datasource: spec.source.datasource, query: e.target.value } })} style={{ fontFamily: "monospace" }} />
          </Form.Item>
        ) : (
          <Form.Item label={t("sync.table")}>
            <AutoComplete
              aria-label={t("sync.sourceTable")}
              value={spec.source.table}
              placeholder="ods_orders"
              options={tableOptions(sourceTables, spec.source.table)}
              onChange={(table: string) => edit({ source: { datasource: spec.source.datasource, table } })}
              onSelect={(table: string) => {
                if (!spec.columns.length) void mapColumns(table);
              }}
            />
          </Form.Item>
        )}

        <Typography.Title level={5}>{t("sync.target")}</Typography.Title>
        <Form.Item label={t("sync.datasource")}>
          <Select aria-label={t("sync.targetDatasource")} value={spec.target.datasource} options={options} placeholder={t("sync.choose")} onChange={(datasource: number) => edit({ target: { ...spec.target, datasource } })} />
        </Form.Item>
        <Form.Item label={t("sync.table")}>
          <AutoComplete aria-label={t("sync.targetTable")} value={spec.target.table} placeholder="dwd_orders" options={tableOptions(targetTables, spec.target.table)} onChange={(table: string) => edit({ target: { ...spec.target, table } })} />
        </Form.Item>
        <Form.Item>
          <Checkbox checked={spec.target.create !== false} onChange={(e) => edit({ target: { ...spec.target, create: e.target.checked } })}>
            {t("sync.create")}
          </Checkbox>
        </Form.Item>

        <Typography.Title level={5}>{t("sync.columns")}</Typography.Title>
        <Typography.Paragraph type="secondary">{t("sync.columnsHelp")}</Typography.Paragraph>
        {!fromQuery && (
          <Button size="small" icon={<SwapRightOutlined />} loading={mapping} disabled={!spec.source.datasource || !spec.source.table} onClick={() => void mapColumns(spec.source.table ?? "")} style={{ marginBottom: 8 }}>
            {t("sync.mapByName")}
          </Button>
        )}
        {spec.columns.map((pair, index) => (
          <Space key={index} style={{ display: "flex", marginBottom: 4 }}>
            <Input aria-label={t("sync.sourceColumn", { n: index + 1 })} placeholder={t("sync.sourceColumnHint")} value={pair.source} onChange={(e) => edit({ columns: spec.columns.map((c, i) => (i === index ? { ...c, source: e.target.value } : c)) })} />
            <span aria-hidden>→</span>
            <Input aria-label={t("sync.targetColumn", { n: index + 1 })} placeholder={pair.source || t("sync.targetColumnHint")} value={pair.target ?? ""} onChange={(e) => edit({ columns: spec.columns.map((c, i) => (i === index ? { ...c, target: e.target.value } : c)) })} />
            <Button type="text" icon={<DeleteOutlined />} aria-label={t("sync.removeColumn", { n: index + 1 })} onClick={() => edit({ columns: spec.columns.filter((_, i) => i !== index) })} />
          </Space>
        ))}
        <Button size="small" icon={<PlusOutlined />} onClick={() => edit({ columns: [...spec.columns, { source: "" }] })} style={{ marginBottom: 12 }}>
          {t("sync.addColumn")}
        </Button>

        <Typography.Title level={5}>{t("sync.write")}</Typography.Title>
        <Form.Item label={t("sync.mode")}>
          <Select aria-label={t("sync.mode")} value={spec.mode} onChange={(mode) => edit({ mode })} options={SYNC_MODES.map((m) => ({ value: m, label: t(`sync.modes.${m}`) }))} />
        </Form.Item>
        {spec.mode === "partition" && (
          <Form.Item label={t("sync.partition")} help={t("sync.partitionHelp")}>
            <Input aria-label={t("sync.partition")} value={spec.partition} placeholder="dt='${bizdate}'" onChange={(e) => edit({ partition: e.target.value })} />
          </Form.Item>
        )}
        {spec.mode === "upsert" && (
          <Form.Item label={t("sync.key")} help={t("sync.keyHelp")}>
            <Select aria-label={t("sync.key")} mode="tags" value={spec.key ?? []} onChange={(key: string[]) => edit({ key })} options={targets.map((name) => ({ value: name, label: name }))} />
          </Form.Item>
        )}
        <Form.Item label={t("sync.maxDirtyRows")} help={t("sync.maxDirtyRowsHelp")}>
          <InputNumber aria-label={t("sync.maxDirtyRows")} min={0} value={spec.max_dirty_rows ?? 0} onChange={(value) => edit({ max_dirty_rows: value ?? 0 })} />
        </Form.Item>
      </Form>
    </div>
  );
}

/** The tables of a data source that match what is typed. */
function tableOptions(tables: string[], typed: string | undefined) {
  const text = (typed ?? "").toLowerCase();
  return tables.filter((name) => name.toLowerCase().includes(text)).map((name) => ({ value: name }));
}
