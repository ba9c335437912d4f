// Node parameters and how every parameter in the code renders for the chosen business date.
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Alert, Button, Collapse, Input, Space, Table, Tooltip, Typography } from "antd";
import { useMemo } from "react";
import { Trans, useTranslation } from "react-i18next";

import { errorMessage } from "../../errors";
import { useCurrentProject } from "../../project/current";
import { useRenderPreview } from "./api";
import { undefinedParameters } from "./params";
import type { Draft, ParameterDialect } from "./types";
import { useDebounced } from "./useDebounced";

export const DIALECT_NAMES: Record<string, string> = { dataworks: "DataWorks", dolphinscheduler: "DolphinScheduler" };

interface Props {
  projectId: number;
  nodeId: number;
  draft: Draft;
  bizdate: string;
  onEdit: (patch: Partial<Draft>) => void;
}

export default function ParametersPanel({ projectId, nodeId, draft, bizdate, onEdit }: Props) {
  const { t } = useTranslation("studio", { keyPrefix: "parameters" });
  const { project } = useCurrentProject();
  // The draft's dialect (empty: the project's), so that the preview follows an unsaved choice.
  const dialect: ParameterDialect | "" = draft.parameter_dialect || project?.parameter_dialect || "";
  const request = useMemo(
    () => ({ bizdate, code: draft.code, parameters: draft.parameters, cron: draft.cron, node: nodeId, dialect }),
    [bizdate, draft.code, draft.parameters, draft.cron, nodeId, dialect],
  );
  const settled = useDebounced(request, 350);
  const preview = useRenderPreview(projectId, settled);
  const entries = Object.entries(draft.parameters);
  const missing = undefinedParameters(draft.code, draft.parameters);

  const setEntries = (next: [string, string][]) => onEdit({ parameters: Object.fromEntries(next) });
  const rename = (index: number, name: string) => setEntries(entries.map((e, i) => (i === index ? [name, e[1]] : e)));
  const change = (index: number, value: string) => setEntries(entries.map((e, i) => (i === index ? [e[0], value] : e)));
  const addParameter = (name = "") => {
    let key = name || "param";
    for (let n = 2; !name && key in draft.parameters; n += 1) key = `param${n}`;
    setEntries([...entries, [key, "${yyyymmdd}"]]);
  };
  const rendered = new Map((preview.data?.parameters ?? []).map((row) => [row.name, row]));

  return (
    <div data-testid="parameters-panel">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        <Trans t={t} i18nKey="intro" values={{ bizdate }} components={{ b: <strong /> }} />
        {preview.data &&
          t("introRun", {
            cyctime: preview.data.cyctime,
            timezone: preview.data.timezone,
            dialect: DIALECT_NAMES[preview.data.dialect],
          })}
        {t("introDate")}
      </Typography.Paragraph>
      {preview.isError && <Alert type="error" showIcon message={errorMessage(preview.error)} style={{ marginBottom: 8 }} />}

      <Typography.Title level={5} style={{ fontSize: 14 }}>
        {t("inCode")}
      </Typography.Title>
      <Table
        data-testid="rendered-expressions"
        size="small"
        pagination={false}
        loading={preview.isFetching && !preview.data}
        rowKey="expression"
        dataSource={preview.data?.expressions ?? []}
        locale={{ emptyText: t("noneInCode") }}
        columns={[
          {
            title: t("expression"),
            dataIndex: "expression",
            render: (text: string, row) => (
              <Tooltip title={t("line", { line: row.line })}>
                <Typography.Text code>{text}</Typography.Text>
              </Tooltip>
            ),
          },
          {
            title: t("value"),
            dataIndex: "value",
            render: (value: string | null, row) =>
              row.error ? <Typography.Text type="danger">{row.error}</Typography.Text> : <Typography.Text strong>{value}</Typography.Text>,
          },
        ]}
      />
      {missing.length > 0 && (
        <Alert
          style={{ marginTop: 8 }}
          type="warning"
          showIcon
          message={t("notDefined", { names: missing.map((m) => `\${${m}}`).join(", ") })}
          action={
            <Button size="small" onClick={() => setEntries([...entries, ...missing.map((m): [string, string] => [m, "${yyyymmdd}"])])}>
              {t("add")}
            </Button>
          }
        />
      )}

      <Space style={{ width: "100%", justifyContent: "space-between", marginTop: 16 }}>
        <Typography.Title level={5} style={{ fontSize: 14, margin: 0 }}>
          {t("nodeParameters")}
        </Typography.Title>
        <Button size="small" icon={<PlusOutlined />} onClick={() => addParameter()}>
          {t("addParameter")}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 4 }}>
        <Trans t={t} i18nKey="usage" components={{ code: <Typography.Text code /> }} />
      </Typography.Paragraph>
      {entries.map(([name, value], index) => {
        const row = rendered.get(name);
        return (
          <div key={index} style={{ marginBottom: 8 }} data-testid="node-parameter">
            <Space.Compact style={{ width: "100%" }}>
              <Input
                aria-label={t("name")}
                value={name}
                style={{ width: "40%" }}
                onChange={(e) => rename(index, e.target.value.replace(/[^A-Za-z0-9_]/g, ""))}
              />
              <Input aria-label={t("valueLabel")} value={value} onChange={(e) => change(index, e.target.value)} />
              <Button
                aria-label={t("remove", { name })}
                icon={<DeleteOutlined />}
                onClick={() => setEntries(entries.filter((_, i) => i !== index))}
              />
            </Space.Compact>
            <Typography.Text type={row?.error ? "danger" : "secondary"} style={{ fontSize: 12 }}>
              {row ? (row.error ? row.error : `= ${row.value}`) : " "}
            </Typography.Text>
          </div>
        );
      })}

      <Collapse
        size="small"
        style={{ marginTop: 12 }}
        items={[
          {
            key: "code",
            label: t("renderedCode"),

            children: preview.data?.error ? (
              <Typography.Text type="danger">{preview.data.error}</Typography.Text>
            ) : (
              <pre data-testid="rendered-code" style={{ margin: 0, whiteSpace: "pre-wrap", fontSize: 12, maxHeight: 300, overflow: "auto" }}>
                {preview.data?.code ?? ""}
              </pre>
            ),
          },
        ]}
      />
    </div>
  );
}
