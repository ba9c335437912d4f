import { AutoComplete, Col, Form, Input, Row, Select } from "antd";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";

import { useDataSourceTables, useDataSources } from "../../queries/project";
import { mono } from "./KindFields";
import type { RuleFormValues } from "./rules";

/** Where a rule looks: data source, table (offered from the source) and partition filter. */
export default function TableFields({ projectId, isNew }: { projectId: number; isNew: boolean }) {
  const { t } = useTranslation("quality");
  const form = Form.useFormInstance<RuleFormValues>();
  const datasources = useDataSources(projectId);
  const datasource = Form.useWatch("datasource", form);
  const tables = useDataSourceTables(projectId, datasource);

  // A new rule on a project without a default data source takes the only one there is.
  useEffect(() => {
    if (isNew && !form.getFieldValue("datasource") && datasources.data?.length === 1) {
      form.setFieldValue("datasource", datasources.data[0].id);
    }
  }, [datasources.data, form, isNew]);

  return (
    <>
      <Row gutter={12}>
        <Col span={10}>
          <Form.Item name="datasource" label={t("common.dataSource")} rules={[{ required: true, message: t("problems.datasource") }]}>
            <Select
              placeholder={t("editor.chooseDataSource")}
              loading={datasources.isLoading}
              options={(datasources.data ?? []).map((item) => ({ value: item.id, label: `${item.name} (${item.kind})` }))}
              notFoundContent={t("editor.noDataSources")}
            />
          </Form.Item>
        </Col>
        <Col span={14}>
          <Form.Item
            name="table"
            label={t("common.table")}
            rules={[{ required: true, message: t("editor.tableRequired") }]}
            extra={tables.isError ? t("editor.tablesFailed") : undefined}
          >
            <AutoComplete
              options={(tables.data ?? []).map((table) => ({ value: table }))}
              placeholder="schema.table"
              filterOption={(input, option) => String(option?.value ?? "").toLowerCase().includes(input.toLowerCase())}
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="partition_filter" label={t("common.partitionFilter")} extra={t("editor.partitionHelp")}>
        <Input placeholder="dt = '${bizdate}'" style={mono} />
      </Form.Item>
    </>
  );
}
