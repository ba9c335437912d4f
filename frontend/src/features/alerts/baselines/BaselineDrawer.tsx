import { Alert, App as AntApp, Checkbox, Col, Form, Input, InputNumber, Row, Select, Switch } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import FormDrawer from "../../../components/FormDrawer";
import { applyFieldErrors, showError } from "../../../errors";
import { useNodes } from "../../../queries/project";
import { hhmmProblem, hhmmToApi, normalizeHHMM } from "../hhmm";
import { useSaveBaseline, type Baseline } from "./api";
import { hhmm } from "./forecast";

interface Values {
  name: string;
  nodes: number[];
  committed_time: string;
  committed_next_day: boolean;
  margin_minutes: number | null;
  enabled: boolean;
}

const FIELDS = ["name", "nodes", "committed_time", "committed_next_day", "margin_minutes", "enabled"];

export default function BaselineDrawer({
  projectId,
  zone,
  baseline,
  open,
  onClose,
}: {
  projectId: number;
  zone: string;
  baseline: Baseline | null;
  open: boolean;
  onClose: () => void;
}) {
  const { message } = AntApp.useApp();
  const { t } = useTranslation("baselines");
  const [form] = Form.useForm<Values>();
  const nodes = useNodes(projectId);
  const save = useSaveBaseline(projectId);
  const [problem, setProblem] = useState("");

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      baseline
        ? {
            name: baseline.name,
            nodes: baseline.nodes,
            committed_time: hhmm(baseline.committed_time),
            committed_next_day: baseline.committed_next_day,
            margin_minutes: baseline.margin_minutes,
            enabled: baseline.enabled,
          }
        : { name: "", nodes: [], committed_time: "", committed_next_day: false, margin_minutes: 30, enabled: true },
    );
    setProblem("");
  }, [open, baseline, form]);

  const onFinish = (values: Values) => {
    const time = hhmmToApi(values.committed_time);
    if (!time) {
      form.setFields([{ name: "committed_time", errors: [hhmmProblem(values.committed_time, true)] }]);
      return;
    }
    save.mutate(
      {
        id: baseline?.id,
        body: {
          name: values.name.trim(),
          nodes: values.nodes,
          committed_time: time,
          committed_next_day: values.committed_next_day,
          margin_minutes: Math.max(0, Math.round(values.margin_minutes ?? 0)),
          enabled: values.enabled,
        },
      },
      {
        onSuccess: (saved) => {
          void message.success(t(baseline ? "form.saved" : "form.created", { name: saved.name }));
          onClose();
        },
        onError: (error) => {
          const rest = applyFieldErrors(form, error, FIELDS);
          setProblem(rest);
          if (rest) showError(message, rest, t("form.saveFailed"));
        },
      },
    );
  };

  return (
    <FormDrawer
      title={baseline ? t("form.editTitle", { name: baseline.name }) : t("form.newTitle")}
      open={open}
      onClose={onClose}
      width={520}
      submitLabel={baseline ? t("form.save") : t("form.create")}
      submitting={save.isPending}
      onSubmit={() => form.submit()}
    >
      <Form<Values> form={form} layout="vertical" onFinish={onFinish} onValuesChange={() => setProblem("")} aria-label={t("form.label")}>
        <Form.Item name="name" label={t("name")} rules={[{ required: true, whitespace: true, message: t("form.nameRequired") }]}>
          <Input maxLength={200} placeholder={t("form.namePlaceholder")} />
        </Form.Item>
        <Form.Item
          name="nodes"
          label={t("nodes")}
          extra={t("form.nodesHelp")}
          rules={[{ required: true, type: "array", min: 1, message: t("form.nodesRequired") }]}
        >
          <Select
            mode="multiple"
            loading={nodes.isLoading}
            optionFilterProp="label"
            placeholder={t("form.chooseNodes")}
            options={(nodes.data ?? []).map((node) => ({ value: node.id, label: node.name }))}
          />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item
              name="committed_time"
              label={t("committed")}
              required
              extra={t("form.committedHelp", { zone })}
              rules={[
                {
                  validator: (_: unknown, value: string) => {
                    const reason = hhmmProblem(value, true);
                    return reason ? Promise.reject(new Error(reason)) : Promise.resolve();
                  },
                },
              ]}
            >
              <Input
                placeholder="08:00"
                maxLength={8}
                onBlur={() => {
                  const value = form.getFieldValue("committed_time") as string;
                  if (value && !hhmmProblem(value)) form.setFieldValue("committed_time", normalizeHHMM(value));
                }}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="margin_minutes" label={t("margin")} extra={t("form.marginHelp")}>
              <InputNumber min={0} max={1440} precision={0} suffix={t("minutes")} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="committed_next_day" valuePropName="checked" extra={t("form.nextDayHelp")}>
          <Checkbox>{t("form.nextDay")}</Checkbox>
        </Form.Item>
        <Form.Item name="enabled" label={t("enabled")} valuePropName="checked">
          <Switch />
        </Form.Item>
        {problem && <Alert type="error" showIcon message={problem} />}
      </Form>
    </FormDrawer>
  );
}
