import { Alert, Checkbox, Col, Form, Input, InputNumber, Row, Select, Switch, Typography } from "antd";
import { Link } from "react-router-dom";
import { Trans, useTranslation } from "react-i18next";

import FormDrawer from "../../components/FormDrawer";
import { useDrawerForm } from "../../components/useDrawerForm";
import { useMembers, useNodes, useWorkflows } from "../../queries/project";
import { useChannels, useSaveAlertRule } from "./api";
import { CHANNEL_KIND_LABELS } from "./channels";
import { hhmmProblem, normalizeHHMM } from "./hhmm";
import {
  alertFormToBody,
  alertRuleProblems,
  alertRuleToForm,
  emptyAlertRule,
  EVENTS,
  SCOPES,
  type AlertEvent,
  type AlertRule,
  type AlertRuleFormValues,
  type AlertScope,
} from "./rules";

const FIELDS = [
  "name",
  "scope",
  "workflow",
  "node",
  "owner",
  "events",
  "notify_owner",
  "deadline",
  "duration_factor",
  "channels",
  "quiet_start",
  "quiet_end",
  "min_interval_minutes",
  "enabled",
];

/** antd rule for an optional (or required) HH:MM field. */
const timeRule = (required: boolean) => ({
  validator: (_: unknown, value: string) => {
    const problem = hhmmProblem(value, required);
    return problem ? Promise.reject(new Error(problem)) : Promise.resolve();
  },
});

export default function AlertRuleDrawer({
  projectId,
  rule,
  open,
  onClose,
}: {
  projectId: number;
  rule: AlertRule | null;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation("alerts");
  const [form] = Form.useForm<AlertRuleFormValues>();
  const save = useSaveAlertRule(projectId);
  const channels = useChannels(projectId);
  const workflows = useWorkflows(projectId);
  const nodes = useNodes(projectId);
  const members = useMembers(projectId);
  const scope: AlertScope = Form.useWatch("scope", form) ?? "project";
  const events: AlertEvent[] = Form.useWatch("events", form) ?? [];

  const { problem, clearProblem, onFinish } = useDrawerForm({
    form,
    open,
    editing: rule,
    initialValues: () => (rule ? alertRuleToForm(rule) : emptyAlertRule()),
    problems: alertRuleProblems,
    fields: FIELDS,
    save: (values, callbacks) => save.mutate({ id: rule?.id, body: alertFormToBody(values) }, callbacks),
    savedMessage: (saved: AlertRule) => t(rule ? "ruleForm.saved" : "ruleForm.created", { name: saved.name }),
    failedMessage: t("ruleForm.saveFailed"),
    onClose,
  });

  const normalizeOnBlur = (field: "deadline" | "quiet_start" | "quiet_end") => () => {
    const value = form.getFieldValue(field) as string;
    if (value && !hhmmProblem(value)) form.setFieldValue(field, normalizeHHMM(value));
  };

  return (
    <FormDrawer
      title={rule ? t("ruleForm.editTitle", { name: rule.name }) : t("ruleForm.newTitle")}
      open={open}
      onClose={onClose}
      width={600}
      submitLabel={rule ? t("common.saveChanges") : t("ruleForm.create")}
      submitting={save.isPending}
      onSubmit={() => form.submit()}
    >
      <Form<AlertRuleFormValues>
        form={form}
        layout="vertical"
        onFinish={onFinish}
        onValuesChange={clearProblem}
        requiredMark
        aria-label={t("ruleForm.label")}
      >
        <Form.Item name="name" label={t("common.name")} rules={[{ required: true, message: t("ruleForm.nameRequired") }]}>
          <Input placeholder={t("ruleForm.namePlaceholder")} maxLength={200} />
        </Form.Item>
        <Row gutter={12}>
          <Col span={10}>
            <Form.Item name="scope" label={t("ruleForm.watch")}>
              <Select<AlertScope>
                options={SCOPES.map(({ value, label }) => ({ value, label }))}
                aria-label={t("ruleForm.watch")}
              />
            </Form.Item>
          </Col>
          <Col span={14}>
            {scope === "workflow" && (
              <Form.Item name="workflow" label={t("ruleForm.workflow")} rules={[{ required: true, message: t("ruleForm.workflowRequired") }]}>
                <Select
                  showSearch
                  optionFilterProp="label"
                  placeholder={t("ruleForm.chooseWorkflow")}
                  loading={workflows.isLoading}
                  options={(workflows.data ?? []).map((item) => ({ value: item.id, label: item.name }))}
                />
              </Form.Item>
            )}
            {scope === "node" && (
              <Form.Item name="node" label={t("ruleForm.node")} rules={[{ required: true, message: t("ruleForm.nodeRequired") }]}>
                <Select
                  showSearch
                  optionFilterProp="label"
                  placeholder={t("ruleForm.chooseNode")}
                  loading={nodes.isLoading}
                  options={(nodes.data ?? []).map((item) => ({ value: item.id, label: item.name }))}
                />
              </Form.Item>
            )}
            {scope === "owner" && (
              <Form.Item name="owner" label={t("ruleForm.owner")} rules={[{ required: true, message: t("ruleForm.ownerRequired") }]}>
                <Select
                  showSearch
                  optionFilterProp="label"
                  placeholder={t("ruleForm.chooseMember")}
                  loading={members.isLoading}
                  options={(members.data ?? []).map((item) => ({ value: item.user, label: item.username }))}
                />
              </Form.Item>
            )}
            {scope === "project" && (
              <Typography.Paragraph type="secondary" style={{ marginTop: 30 }}>
                {t("ruleForm.everyNode")}
              </Typography.Paragraph>
            )}
          </Col>
        </Row>
        <Form.Item name="events" label={t("ruleForm.when")} rules={[{ required: true, message: t("ruleForm.eventsRequired") }]}>
          <Checkbox.Group style={{ display: "grid", gridTemplateColumns: "1fr 1fr", rowGap: 6 }}>
            {EVENTS.map((event) => (
              <Checkbox key={event.value} value={event.value}>
                {event.label}
                <Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }}>
                  {event.help}
                </Typography.Text>
              </Checkbox>
            ))}
          </Checkbox.Group>
        </Form.Item>
        {(events.includes("deadline_missed") || events.includes("duration_exceeded")) && (
          <Row gutter={12}>
            {events.includes("deadline_missed") && (
              <Col span={12}>
                <Form.Item
                  name="deadline"
                  label={t("ruleForm.deadline")}
                  required
                  rules={[timeRule(true)]}
                  extra={t("ruleForm.deadlineHelp")}
                >
                  <Input placeholder="09:00" maxLength={8} onBlur={normalizeOnBlur("deadline")} />
                </Form.Item>
              </Col>
            )}
            {events.includes("duration_exceeded") && (
              <Col span={12}>
                <Form.Item
                  name="duration_factor"
                  label={t("ruleForm.slowerThan")}
                  required
                  extra={t("ruleForm.slowerHelp")}
                >
                  <InputNumber min={1.1} step={0.5} style={{ width: "100%" }} suffix={t("ruleForm.timesUsual")} />
                </Form.Item>
              </Col>
            )}
          </Row>
        )}
        <Form.Item
          name="channels"
          label={t("ruleForm.sendTo")}
          rules={[{ required: true, message: t("ruleForm.channelsRequired") }]}
          extra={
            channels.data && !channels.data.length ? (
              <span>
                <Trans t={t} i18nKey="ruleForm.noChannels" components={{ add: <Link to="/alerts/channels" /> }} />
              </span>
            ) : undefined
          }
        >
          <Select
            mode="multiple"
            placeholder={t("ruleForm.chooseChannels")}
            loading={channels.isLoading}
            optionFilterProp="label"
            options={(channels.data ?? []).map((channel) => ({
              value: channel.id,
              label: `${channel.name} (${CHANNEL_KIND_LABELS[channel.kind] ?? channel.kind})`,
            }))}
          />
        </Form.Item>
        <Form.Item name="notify_owner" valuePropName="checked" extra={t("ruleForm.notifyOwnerHelp")}>
          <Checkbox>{t("ruleForm.notifyOwner")}</Checkbox>
        </Form.Item>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="quiet_start" label={t("ruleForm.quietFrom")} rules={[timeRule(false)]}>
              <Input placeholder="22:00" maxLength={8} onBlur={normalizeOnBlur("quiet_start")} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="quiet_end" label={t("ruleForm.quietUntil")} rules={[timeRule(false)]}>
              <Input placeholder="08:00" maxLength={8} onBlur={normalizeOnBlur("quiet_end")} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="min_interval_minutes" label={t("ruleForm.atMostOne")}>
              <InputNumber min={0} precision={0} style={{ width: "100%" }} suffix={t("ruleForm.minutes")} />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Paragraph type="secondary" style={{ marginTop: -12, fontSize: 12 }}>
          {t("ruleForm.quietHelp")}
        </Typography.Paragraph>
        <Form.Item name="enabled" label={t("common.enabled")} valuePropName="checked">
          <Switch />
        </Form.Item>
        {problem && <Alert type="error" showIcon message={problem} />}
      </Form>
    </FormDrawer>
  );
}
