import { ArrowLeftOutlined, EyeOutlined } from "@ant-design/icons";
import {
  Alert,
  App as AntApp,
  AutoComplete,
  Breadcrumb,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Result,
  Row,
  Select,
  Space,
  Spin,
  Switch,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useEffect, useRef, useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";

import { applyFieldErrors, errorMessage, showError } from "../../errors";
import type { Project } from "../../project/current";
import { usePermissions } from "../../project/permissions";
import { useDataSourceTables, useDataSources, useNodes } from "../../queries/project";
import { usePreviewSql, useRule, useSaveRule } from "./api";
import {
  defaultBizdate,
  emptyRule,
  formToBody,
  KIND_ORDER,
  kindDefaults,
  kindFields,
  KINDS,
  ruleProblems,
  ruleToForm,
  type RuleFormValues,
  type RuleKind,
} from "./rules";

const BASE_FIELDS = ["name", "datasource", "table", "partition_filter", "kind", "strength", "nodes", "enabled"];
const PREVIEW_DEBOUNCE_MS = 600;
const mono = { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace" } as const;

/** Create a rule (no :ruleId) or edit one. */
export default function RuleEditor({ project }: { project: Project }) {
  const params = useParams();
  const ruleId = params.ruleId ? Number(params.ruleId) : null;
  const rule = useRule(project.id, ruleId);

  if (ruleId !== null && (rule.isLoading || (!rule.data && !rule.isError))) {
    return <Spin style={{ display: "block", padding: 48 }} tip="Loading the rule…"><div /></Spin>;
  }
  if (ruleId !== null && rule.isError) {
    return (
      <Result
        status="warning"
        title="Could not load the rule"
        subTitle={errorMessage(rule.error)}
        extra={<Link to="/quality">Back to the rules</Link>}
      />
    );
  }
  const initial = rule.data ? ruleToForm(rule.data) : null;
  return <RuleForm key={ruleId ?? "new"} project={project} ruleId={ruleId} initial={initial} />;
}

function RuleForm({
  project,
  ruleId,
  initial,
}: {
  project: Project;
  ruleId: number | null;
  initial: RuleFormValues | null;
}) {
  const { refusal } = usePermissions();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<RuleFormValues>();
  const datasources = useDataSources(project.id);
  const nodes = useNodes(project.id);
  const save = useSaveRule(project.id);
  const preview = usePreviewSql(project.id);
  const [bizdate, setBizdate] = useState<Dayjs>(() => dayjs(defaultBizdate(project.timezone)));
  const [autoPreview, setAutoPreview] = useState(false);
  const [formProblem, setFormProblem] = useState("");
  const timer = useRef<ReturnType<typeof setTimeout>>();

  const kind = Form.useWatch("kind", form) ?? initial?.kind ?? "row_count";
  const metric = Form.useWatch("metric", form) ?? initial?.metric ?? "row_count";
  const datasource = Form.useWatch("datasource", form);
  const tables = useDataSourceTables(project.id, datasource);
  const fields = new Set(kindFields(kind, metric));
  const cannotEdit = refusal("edit");
  const info = KINDS[kind];

  // The form owns the values after the first render.
  const [initialValues] = useState(() => initial ?? emptyRule(project.default_datasource));

  // A new rule on a project without a default data source takes the only one there is.
  useEffect(() => {
    if (!initial && !form.getFieldValue("datasource") && datasources.data?.length === 1) {
      form.setFieldValue("datasource", datasources.data[0].id);
    }
  }, [datasources.data, form, initial]);

  useEffect(() => () => clearTimeout(timer.current), []);

  // A stored rule is complete: show its SQL straight away (and follow the edits from then on).
  useEffect(() => {
    if (initial) runPreview(false);
    // Once, when the editor opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const knownFields = () => [...BASE_FIELDS, ...kindFields(form.getFieldValue("kind"), form.getFieldValue("metric"))];

  const runPreview = (explicit: boolean) => {
    const values = form.getFieldsValue(true) as RuleFormValues;
    preview.mutate(
      // The preview needs no name yet.
      { ...formToBody(values), name: values.name?.trim() || "preview", bizdate: bizdate.format("YYYY-MM-DD") },
      {
        onSuccess: () => setAutoPreview(true),
        onError: (error) => {
          if (explicit) {
            const rest = applyFieldErrors(form, error, knownFields());
            if (rest) showError(message, rest, "Could not preview the SQL");
          }
        },
      },
    );
  };

  // Once a preview is shown it follows the form.
  const onValuesChange = (changed: Partial<RuleFormValues>) => {
    if ("kind" in changed && changed.kind) form.setFieldsValue(kindDefaults(changed.kind));
    setFormProblem("");
    if (!autoPreview) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => runPreview(false), PREVIEW_DEBOUNCE_MS);
  };

  useEffect(() => {
    if (!autoPreview) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => runPreview(false), PREVIEW_DEBOUNCE_MS);
    // Re-preview for another business date, and only then.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [bizdate]);

  const onFinish = () => {
    const values = form.getFieldsValue(true) as RuleFormValues;
    const problems = ruleProblems(values);
    const entries = Object.entries(problems);
    if (entries.length) {
      form.setFields(entries.map(([name, reason]) => ({ name: name as keyof RuleFormValues, errors: [reason as string] })));
      setFormProblem("Some fields need attention; see the messages under them.");
      return;
    }
    save.mutate(
      { id: ruleId ?? undefined, body: formToBody(values) },
      {
        onSuccess: (saved) => {
          void message.success(ruleId ? `Saved the rule “${saved.name}”.` : `Created the rule “${saved.name}”.`);
          navigate(`/quality/rules/${saved.id}`);
        },
        onError: (error) => {
          const rest = applyFieldErrors(form, error, knownFields());
          if (rest) {
            setFormProblem(rest);
            showError(message, rest, "Could not save the rule");
          } else {
            setFormProblem("The server refused some fields; see the messages under them.");
          }
        },
      },
    );
  };

  const tableOptions = (tables.data ?? []).map((table) => ({ value: table }));
  const previewError = preview.isError ? errorMessage(preview.error) : "";

  return (
    <>
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[
          { title: <Link to="/quality">Rules</Link> },
          ...(ruleId && initial ? [{ title: <Link to={`/quality/rules/${ruleId}`}>{initial.name}</Link> }] : []),
          { title: ruleId ? "Edit" : "New rule" },
        ]}
      />
      <Row gutter={[24, 16]}>
        <Col xs={24} xl={14}>
          <Card
            title={ruleId ? `Edit “${initial?.name ?? ""}”` : "New quality rule"}
            extra={
              <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(ruleId ? `/quality/rules/${ruleId}` : "/quality")}>
                Back
              </Button>
            }
          >
            <Form<RuleFormValues>
              form={form}
              layout="vertical"
              initialValues={initialValues}
              onValuesChange={onValuesChange}
              onFinish={onFinish}
              requiredMark
              aria-label="Quality rule"
            >
              <Form.Item name="name" label="Name" rules={[{ required: true, message: "Give the rule a name." }]}>
                <Input placeholder="orders have rows" maxLength={200} />
              </Form.Item>
              <Row gutter={12}>
                <Col span={10}>
                  <Form.Item
                    name="datasource"
                    label="Data source"
                    rules={[{ required: true, message: "Choose the data source that holds the table." }]}
                  >
                    <Select
                      placeholder="Choose a data source"
                      loading={datasources.isLoading}
                      options={(datasources.data ?? []).map((item) => ({
                        value: item.id,
                        label: `${item.name} (${item.kind})`,
                      }))}
                      notFoundContent="No data sources: add one in Settings first."
                    />
                  </Form.Item>
                </Col>
                <Col span={14}>
                  <Form.Item
                    name="table"
                    label="Table"
                    rules={[{ required: true, message: "Name the table to check." }]}
                    extra={tables.isError ? "Could not list the tables; type the name." : undefined}
                  >
                    <AutoComplete
                      options={tableOptions}
                      placeholder="schema.table"
                      filterOption={(input, option) => String(option?.value ?? "").toLowerCase().includes(input.toLowerCase())}
                    />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item
                name="partition_filter"
                label="Partition filter"
                extra="A WHERE condition that limits the check to one partition; scheduling parameters such as ${bizdate} are filled in for each run. Leave empty to check the whole table."
              >
                <Input placeholder="dt = '${bizdate}'" style={mono} />
              </Form.Item>
              <Form.Item name="kind" label="Check" extra={info.help}>
                <Select<RuleKind>
                  options={KIND_ORDER.map((value) => ({ value, label: KINDS[value].label }))}
                  aria-label="Check"
                />
              </Form.Item>

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

              <Form.Item name="strength" label="When it fails">
                <Radio.Group>
                  <Space direction="vertical">
                    <Radio value="strong">Strong: fail the instance and block its downstream</Radio>
                    <Radio value="weak">Weak: send an alert, let the pipeline go on</Radio>
                  </Space>
                </Radio.Group>
              </Form.Item>
              <Form.Item
                name="nodes"
                label="Run after these nodes"
                extra="The rule runs each time an instance of one of these nodes succeeds. Leave empty to run it only by hand."
              >
                <Select
                  mode="multiple"
                  allowClear
                  placeholder="Choose nodes"
                  loading={nodes.isLoading}
                  optionFilterProp="label"
                  options={(nodes.data ?? []).map((node) => ({ value: node.id, label: node.name }))}
                  notFoundContent="No nodes in this project"
                />
              </Form.Item>
              <Form.Item name="enabled" label="Enabled" valuePropName="checked">
                <Switch />
              </Form.Item>
              {formProblem && <Alert type="error" showIcon message={formProblem} style={{ marginBottom: 16 }} />}
              {cannotEdit && <Alert type="warning" showIcon message={cannotEdit} style={{ marginBottom: 16 }} />}
              <Space>
                <Button type="primary" htmlType="submit" loading={save.isPending} disabled={!!cannotEdit}>
                  {ruleId ? "Save changes" : "Create rule"}
                </Button>
                <Button onClick={() => navigate(ruleId ? `/quality/rules/${ruleId}` : "/quality")}>Cancel</Button>
              </Space>
            </Form>
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title="SQL it will run" style={{ position: "sticky", top: 0 }}>
            <Space wrap style={{ marginBottom: 12 }}>
              <DatePicker
                aria-label="Preview business date"
                value={bizdate}
                allowClear={false}
                onChange={(value) => value && setBizdate(value)}
              />
              <Button icon={<EyeOutlined />} onClick={() => runPreview(true)} loading={preview.isPending}>
                Preview SQL
              </Button>
            </Space>
            {previewError ? (
              <Alert type="error" showIcon message="Cannot build the SQL yet" description={previewError} />
            ) : preview.data ? (
              <pre
                data-testid="sql-preview"
                style={{
                  ...mono,
                  margin: 0,
                  padding: 12,
                  background: "#f6f8fa",
                  border: "1px solid #eaeef2",
                  borderRadius: 6,
                  whiteSpace: "pre-wrap",
                  wordBreak: "break-word",
                  maxHeight: 420,
                  overflow: "auto",
                  fontSize: 13,
                }}
              >
                {preview.data.sql}
              </pre>
            ) : (
              <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                Fill in the table and the check, then press Preview SQL to see the query the rule runs for the chosen
                business date. After that the preview follows your changes.
              </Typography.Paragraph>
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}
