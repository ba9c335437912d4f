import { ArrowLeftOutlined } from "@ant-design/icons";
import { Alert, App as AntApp, Breadcrumb, Button, Card, Col, Form, Input, Radio, Row, Select, Space, Switch } from "antd";
import { useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { useTranslation } from "react-i18next";

import { applyFieldErrors, errorMessage, showError } from "../../errors";
import type { Project } from "../../project/current";
import { usePermissions } from "../../project/permissions";
import { useNodes } from "../../queries/project";
import KindFields from "./KindFields";
import { emptyRule, KIND_ORDER, kindDefaults, kindFields, KINDS, type RuleFormValues, type RuleKind } from "./rules";
import SqlPreviewCard from "./SqlPreviewCard";
import TableFields from "./TableFields";
import { knownFields, useRuleSave } from "./useRuleSave";
import { useSqlPreview } from "./useSqlPreview";

/** The rule editor's form beside its SQL preview. */
export default function RuleForm({
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
  const nodes = useNodes(project.id);
  const { problem: formProblem, clearProblem, onFinish, saving } = useRuleSave({ projectId: project.id, ruleId, form });

  const kind = Form.useWatch("kind", form) ?? initial?.kind ?? "row_count";
  const metric = Form.useWatch("metric", form) ?? initial?.metric ?? "row_count";
  const fields = new Set(kindFields(kind, metric));
  const cannotEdit = refusal("edit");
  const info = KINDS[kind];

  // The form owns the values after the first render.
  const [initialValues] = useState(() => initial ?? emptyRule(project.default_datasource));

  const { preview, bizdate, setBizdate, run: runPreview, follow } = useSqlPreview({
    projectId: project.id,
    timezone: project.timezone,
    form,
    previewOnOpen: !!initial,
    onRefused: (error) => {
      const rest = applyFieldErrors(form, error, knownFields(form));
      if (rest) showError(message, rest, t("editor.previewFailed"));
    },
  });

  // Once a preview is shown it follows the form.
  const onValuesChange = (changed: Partial<RuleFormValues>) => {
    if ("kind" in changed && changed.kind) form.setFieldsValue(kindDefaults(changed.kind));
    clearProblem();
    follow();
  };

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
              <TableFields projectId={project.id} isNew={!initial} />
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
                <Button type="primary" htmlType="submit" loading={saving} disabled={!!cannotEdit}>
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
