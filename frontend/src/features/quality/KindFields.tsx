import { Col, Form, Input, InputNumber, Radio, Row, Select } from "antd";

import type { KindField, KindInfo } from "./rules";

/** Code and column names are typed in a monospace font. */
export const mono = { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace" } as const;

/** The rule form's inputs that only some kinds of check use: `fields` says which. */
export default function KindFields({ fields, info }: { fields: ReadonlySet<KindField>; info: KindInfo }) {
  return (
    <>
      {fields.has("metric") && (
        <Form.Item name="metric" label="Metric">
          <Radio.Group
            options={[
              { value: "row_count", label: "Row count" },
              { value: "custom_sql", label: "Custom SQL" },
            ]}
          />
        </Form.Item>
      )}
      {fields.has("column") && (
        <Form.Item name="column" label="Column" rules={[{ required: true, message: "Name the column to check." }]}>
          <Input placeholder="customer_id" style={mono} />
        </Form.Item>
      )}
      {fields.has("columns") && (
        <Form.Item
          name="columns"
          label="Columns"
          rules={[{ required: true, message: "Name at least one column." }]}
          extra="Type a column name and press Enter; several columns are checked together."
        >
          <Select mode="tags" tokenSeparators={[",", " "]} placeholder="order_id" open={false} suffixIcon={null} />
        </Form.Item>
      )}
      {fields.has("allowed_values") && (
        <Form.Item
          name="allowed_values"
          label="Allowed values"
          rules={[{ required: true, message: "List at least one allowed value." }]}
          extra="Type a value and press Enter."
        >
          <Select mode="tags" tokenSeparators={[","]} placeholder="paid" open={false} suffixIcon={null} />
        </Form.Item>
      )}
      {fields.has("sql") && (
        <Form.Item
          name="sql"
          label="SQL"
          rules={[{ required: true, message: "Write a query that returns one number." }]}
          extra="Must return a single number (one row, one column). Scheduling parameters such as ${bizdate} work here."
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
            <Form.Item name="min_value" label={info.minLabel ?? "Minimum"} extra="Empty: no lower bound.">
              <InputNumber style={{ width: "100%" }} placeholder="no minimum" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="max_value" label={info.maxLabel ?? "Maximum"} extra="Empty: no upper bound.">
              <InputNumber style={{ width: "100%" }} placeholder="no maximum" />
            </Form.Item>
          </Col>
        </Row>
      )}
      {fields.has("window") && (
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="window" label="Compare with the last N runs" rules={[{ required: true, message: "How many runs?" }]}>
              <InputNumber min={1} max={365} precision={0} style={{ width: "100%" }} suffix="runs" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="tolerance_pct" label="Tolerance" rules={[{ required: true, message: "How far may it move?" }]}>
              <InputNumber min={0} style={{ width: "100%" }} suffix="%" />
            </Form.Item>
          </Col>
        </Row>
      )}
    </>
  );
}
