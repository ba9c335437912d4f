import { Button, Form, Select, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { useDataSources } from "../../../queries/project";
import type { Draft, NodeType } from "../types";

/** The node's data source, and for Python and shell the others it may connect to. A SQL node in a
 * project without data sources is offered to add one. */
export default function DataSourceFields({ projectId, type, draft, onEdit }: { projectId: number; type: NodeType; draft: Draft; onEdit: (patch: Partial<Draft>) => void }) {
  const { t } = useTranslation("studio");
  const { data: datasources = [], isSuccess } = useDataSources(projectId);
  const options = datasources.map((d) => ({ value: d.id, label: `${d.name} (${d.kind})` }));
  if (type === "virtual" || type === "sync") return null; // a sync node names its own
  return (
    <>
      <Form.Item label={t("properties.datasource")} help={type === "sql" ? undefined : t("properties.datasourceHelp")}>
        <Select
          aria-label={t("properties.datasource")}
          value={draft.datasource ?? undefined}
          placeholder={t("properties.noDatasource")}
          allowClear
          onChange={(value) => onEdit({ datasource: value ?? null })}
          options={options}
        />
      </Form.Item>
      {isSuccess && datasources.length === 0 && <AddDataSource />}
      {(type === "python" || type === "shell") && (
        <Form.Item label={t("properties.alsoConnects")} help={t("properties.alsoConnectsHelp")}>
          <Select
            aria-label={t("properties.alsoConnects")}
            mode="multiple"
            value={draft.uses_datasources}
            placeholder={t("properties.noOtherDatasource")}
            allowClear
            onChange={(value: number[]) => onEdit({ uses_datasources: [...value].sort((a, b) => a - b) })}
            options={options.filter((option) => option.value !== draft.datasource)}
          />
        </Form.Item>
      )}
    </>
  );
}

export function AddDataSource() {
  const { t } = useTranslation("studio");
  return (
    <Space direction="vertical" size={4} style={{ marginBottom: 12 }} data-testid="add-datasource">
      <Typography.Text type="secondary">{t("properties.noDatasources")}</Typography.Text>
      <Link to="/settings/datasources">
        <Button size="small">{t("properties.addDatasource")}</Button>
      </Link>
    </Space>
  );
}
