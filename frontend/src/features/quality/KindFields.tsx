import { Col, Form, Input, InputNumber, Radio, Row, Select } from "antd";
import { useTranslation } from "react-i18next";

import type { KindField, KindInfo } from "./rules";

/** Code and column names are typed in a monospace font. */
export const mono = { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace" } as const;

/** The rule form's inputs that only some kinds of check use: `fields` says which. */
export default function KindFields({ fields, info }: { fields: ReadonlySet<KindField>; info: KindInfo }) {
  const { t } = useTranslation("quality");
  return (
    <>
      {fields.has("metric") && (
        <Form.Item name="metric" label={t("fields.metric")}>
          <Radio.Group
            options={[
              { value: "row_count", label: t("fields.rowCount") },
              { value: "custom_sql", label: t("fields.customSql") },
            ]}
          />
        </Form.Item>
      )}
      {fields.has("column") && (
        <Form.Item name="column" label={t("fields.column")} rules={[{ required: true, message: t("fields.columnRequired") }]}>
          <Input placeholder="customer_id" style={mono} />
        </Form.Item>
      )}
      {fields.has("columns") && (
        <Form.Item
          name="columns"
          label={t("fields.columns")}
          rules={[{ required: true, message: t("fields.columnsRequired") }]}
          extra={t("fields.columnsHelp")}
        >
          <Select mode="tags" tokenSeparators={[",", " "]} placeholder="order_id" open={false} suffixIcon={null} />
        </Form.Item>
      )}
      {fields.has("allowed_values") && (
        <Form.Item
          name="allowed_values"
          label={t("fields.allowedValues")}
          rules={[{ required: true, message: t("fields.allowedRequired") }]}
          extra={t("fields.allowedHelp")}
        >
          <Select mode="tags" tokenSeparators={[","]} placeholder="paid" open={false} suffixIcon={null} />
        </Form.Item>
      )}
      {fields.has("sql") && (
        <Form.Item
          name="sql"
          label={t("fields.sql")}
          rules={[{ required: true, message: t("fields.sqlRequired") }]}
          extra={t("fields.sqlHelp")}
        >
          <Input.TextArea
            rows={5}
            style={mono}
            placeholder={"SELECT count(*) FROM orders WHERE amount < 0 AND dt = '${bizdate}'"}
          />
        </Form.Item>
      )}
      {fields.has("min_value") && (
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="min_value" label={info.minLabel ?? t("fields.minimum")} extra={t("fields.noLower")}>
              <InputNumber style={{ width: "100%" }} placeholder={t("fields.noMinimum")} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="max_value" label={info.maxLabel ?? t("fields.maximum")} extra={t("fields.noUpper")}>
              <InputNumber style={{ width: "100%" }} placeholder={t("fields.noMaximum")} />
            </Form.Item>
          </Col>
        </Row>
      )}
      {fields.has("window") && (
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="window" label={t("fields.window")} rules={[{ required: true, message: t("fields.windowRequired") }]}>
              <InputNumber min={1} max={365} precision={0} style={{ width: "100%" }} suffix={t("fields.runs")} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="tolerance_pct" label={t("fields.tolerance")} rules={[{ required: true, message: t("fields.toleranceRequired") }]}>
              <InputNumber min={0} style={{ width: "100%" }} suffix="%" />
            </Form.Item>
          </Col>
        </Row>
      )}
    </>
  );
}
