import { ArrowLeftOutlined } from "@ant-design/icons";
import {
  Alert,
  App as AntApp,
  AutoComplete,
  Breadcrumb,
  Button,
  Card,
  Col,
  Form,
  Input,
  Radio,
  Result,
  Row,
  Select,
  Space,
  Spin,
  Switch,
} from "antd";
import { useEffect, useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";

import { applyFieldErrors, errorMessage, showError } from "../../errors";
import type { Project } from "../../project/current";
import { usePermissions } from "../../project/permissions";
import { useDataSourceTables, useDataSources, useNodes } from "../../queries/project";
import { useRule, useSaveRule } from "./api";
import KindFields, { mono } from "./KindFields";
import {
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
import SqlPreviewCard from "./SqlPreviewCard";
import { useSqlPreview } from "./useSqlPreview";

const BASE_FIELDS = ["name", "datasource", "table", "partition_filter", "kind", "strength", "nodes", "enabled"];

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
  const [formProblem, setFormProblem] = useState("");

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

  const knownFields = () => [...BASE_FIELDS, ...kindFields(form.getFieldValue("kind"), form.getFieldValue("metric"))];
  const { preview, bizdate, setBizdate, run: runPreview, follow } = useSqlPreview({
    projectId: project.id,
    timezone: project.timezone,
    form,
    previewOnOpen: !!initial,
    onRefused: (error) => {
      const rest = applyFieldErrors(form, error, knownFields());
      if (rest) showError(message, rest, "Could not preview the SQL");
    },
  });

  // Once a preview is shown it follows the form.
  const onValuesChange = (changed: Partial<RuleFormValues>) => {
    if ("kind" in changed && changed.kind) form.setFieldsValue(kindDefaults(changed.kind));
    setFormProblem("");
    follow();
  };

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

              <KindFields fields={fields} info={info} />

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
          <SqlPreviewCard
            bizdate={bizdate}
            onBizdate={setBizdate}
            onPreview={() => runPreview(true)}
            previewing={preview.isPending}
            sql={preview.data?.sql}
            error={previewError}
          />
        </Col>
      </Row>
    </>
  );
}
