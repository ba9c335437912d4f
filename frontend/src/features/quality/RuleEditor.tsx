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
import { useTranslation } from "react-i18next";

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
  const { t } = useTranslation("quality");
  const ruleId = params.ruleId ? Number(params.ruleId) : null;
  const rule = useRule(project.id, ruleId);

  if (ruleId !== null && (rule.isLoading || (!rule.data && !rule.isError))) {
    return <Spin style={{ display: "block", padding: 48 }} tip={t("common.loadingRule")}><div /></Spin>;
  }
  if (ruleId !== null && rule.isError) {
    return (
      <Result
        status="warning"
        title={t("common.loadRuleFailed")}
        subTitle={errorMessage(rule.error)}
        extra={<Link to="/quality">{t("common.backToRules")}</Link>}
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
  const { t } = useTranslation("quality");
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
      if (rest) showError(message, rest, t("editor.previewFailed"));
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
      setFormProblem(t("editor.fieldsNeedAttention"));
      return;
    }
    save.mutate(
      { id: ruleId ?? undefined, body: formToBody(values) },
      {
        onSuccess: (saved) => {
          void message.success(t(ruleId ? "editor.saved" : "editor.created", { name: saved.name }));
          navigate(`/quality/rules/${saved.id}`);
        },
        onError: (error) => {
          const rest = applyFieldErrors(form, error, knownFields());
          if (rest) {
            setFormProblem(rest);
            showError(message, rest, t("editor.saveFailed"));
          } else {
            setFormProblem(t("editor.serverRefused"));
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
          { title: <Link to="/quality">{t("common.rules")}</Link> },
          ...(ruleId && initial ? [{ title: <Link to={`/quality/rules/${ruleId}`}>{initial.name}</Link> }] : []),
          { title: ruleId ? t("editor.edit") : t("editor.newRule") },
        ]}
      />
      <Row gutter={[24, 16]}>
        <Col xs={24} xl={14}>
          <Card
            title={ruleId ? t("editor.editTitle", { name: initial?.name ?? "" }) : t("editor.newTitle")}
            extra={
              <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(ruleId ? `/quality/rules/${ruleId}` : "/quality")}>
                {t("editor.back")}
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
              aria-label={t("editor.label")}
            >
              <Form.Item name="name" label={t("common.name")} rules={[{ required: true, message: t("problems.name") }]}>
                <Input placeholder={t("editor.namePlaceholder")} maxLength={200} />
              </Form.Item>
              <Row gutter={12}>
                <Col span={10}>
                  <Form.Item
                    name="datasource"
                    label={t("common.dataSource")}
                    rules={[{ required: true, message: t("problems.datasource") }]}
                  >
                    <Select
                      placeholder={t("editor.chooseDataSource")}
                      loading={datasources.isLoading}
                      options={(datasources.data ?? []).map((item) => ({
                        value: item.id,
                        label: `${item.name} (${item.kind})`,
                      }))}
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
                      options={tableOptions}
                      placeholder="schema.table"
                      filterOption={(input, option) => String(option?.value ?? "").toLowerCase().includes(input.toLowerCase())}
                    />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item
                name="partition_filter"
                label={t("common.partitionFilter")}
                extra={t("editor.partitionHelp")}
              >
                <Input placeholder="dt = '${bizdate}'" style={mono} />
              </Form.Item>
              <Form.Item name="kind" label={t("common.check")} extra={info.help}>
                <Select<RuleKind>
                  options={KIND_ORDER.map((value) => ({ value, label: KINDS[value].label }))}
                  aria-label={t("common.check")}
                />
              </Form.Item>

              <KindFields fields={fields} info={info} />

              <Form.Item name="strength" label={t("common.whenItFails")}>
                <Radio.Group>
                  <Space direction="vertical">
                    <Radio value="strong">{t("editor.strong")}</Radio>
                    <Radio value="weak">{t("editor.weak")}</Radio>
                  </Space>
                </Radio.Group>
              </Form.Item>
              <Form.Item
                name="nodes"
                label={t("editor.runAfter")}
                extra={t("editor.runAfterHelp")}
              >
                <Select
                  mode="multiple"
                  allowClear
                  placeholder={t("editor.chooseNodes")}
                  loading={nodes.isLoading}
                  optionFilterProp="label"
                  options={(nodes.data ?? []).map((node) => ({ value: node.id, label: node.name }))}
                  notFoundContent={t("editor.noNodes")}
                />
              </Form.Item>
              <Form.Item name="enabled" label={t("common.enabled")} valuePropName="checked">
                <Switch />
              </Form.Item>
              {formProblem && <Alert type="error" showIcon message={formProblem} style={{ marginBottom: 16 }} />}
              {cannotEdit && <Alert type="warning" showIcon message={cannotEdit} style={{ marginBottom: 16 }} />}
              <Space>
                <Button type="primary" htmlType="submit" loading={save.isPending} disabled={!!cannotEdit}>
                  {ruleId ? t("editor.saveChanges") : t("editor.create")}
                </Button>
                <Button onClick={() => navigate(ruleId ? `/quality/rules/${ruleId}` : "/quality")}>{t("common.cancel")}</Button>
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
