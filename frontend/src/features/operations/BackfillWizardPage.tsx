// The backfill wizard: root nodes and their downstream, dates, order and parallelism, then the
// plan from the server's preview before anything is created.
import { App as AntApp, Alert, Button, Card, Checkbox, DatePicker, Descriptions, Form, Input, InputNumber, Radio, Select, Space, Steps, Table, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router-dom";

import { applyFieldErrors, errorMessage } from "../../errors";
import { useProjectGraph, useWorkflows } from "../../queries/project";
import { isMissingApi, previewBackfill, useCreateBackfill, type BackfillPreview } from "./api";
import { MissingBackfillApi } from "./BackfillsPage";
import {
  INITIAL_BACKFILL_VALUES,
  backfillRequestBody,
  toFormValues,
  type RawBackfillValues as RawValues,
  defaultBackfillName,
  downstreamOf,
  formDates,
  validateBackfill,
  type BackfillFormValues,
} from "./backfillForm";
import { PageTitle } from "./components";
import { formatDuration } from "../../format";
import type { OpsContext } from "./OperationsPage";

const STEP_FIELDS: (keyof BackfillFormValues)[][] = [
  ["root_nodes", "downstream", "downstream_nodes"],
  ["range", "dates", "order", "parallelism", "hour_from", "hour_to", "name"],
];

export default function BackfillWizardPage({ ctx }: { ctx: OpsContext }) {
  const { projectId, canOperate } = ctx;
  const { t } = useTranslation("operations", { keyPrefix: "wizard" });
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const [form] = Form.useForm<RawValues>();
  const [step, setStep] = useState(0);
  const [preview, setPreview] = useState<BackfillPreview | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [problem, setProblem] = useState<{ missing: boolean; text: string } | null>(null);
  const create = useCreateBackfill(projectId);

  // The project's graph has every node (name, deployed or not) and edge, built for 10,000 nodes.
  const graph = useProjectGraph(projectId);
  const workflows = useWorkflows(projectId);
  const nodeName = useMemo(() => new Map((graph.data?.nodes ?? []).map((node) => [node.id, node.name])), [graph.data]);
  const workflowName = useMemo(() => new Map((workflows.data ?? []).map((w) => [w.id, w.name])), [workflows.data]);
  const deployed = useMemo(() => (graph.data?.nodes ?? []).filter((node) => node.deployed), [graph.data]);

  const initial = useMemo<Partial<RawValues>>(() => {
    const start: Partial<RawValues> = { ...INITIAL_BACKFILL_VALUES, range: null, dates: [] };
    const node = Number(search.get("node"));
    if (Number.isInteger(node) && node > 0) start.root_nodes = [node];
    const bizdate = search.get("bizdate");
    if (bizdate && /^\d{4}-\d{2}-\d{2}$/.test(bizdate)) start.range = [dayjs(bizdate), dayjs(bizdate)];
    return start;
  }, [search]);

  const watched = Form.useWatch([], { form, preserve: true }) as Partial<RawValues> | undefined;
  const values = toFormValues({ ...initial, ...(watched ?? {}) });
  const candidates = useMemo(() => downstreamOf(values.root_nodes, graph.data?.edges ?? []), [values.root_nodes, graph.data]);
  const dates = formDates(values);
  const rootNames = values.root_nodes.map((id) => nodeName.get(id) ?? `#${id}`);

  /** Check the fields of a step with the shared rules; true when they pass. */
  const check = (upTo: number): boolean => {
    const errors = validateBackfill(values);
    const fields = STEP_FIELDS.slice(0, upTo + 1).flat();
    const shown = fields.filter((field) => errors[field]);
    form.setFields(fields.map((field) => ({ name: field, errors: errors[field] ? [errors[field]] : [] })));
    return shown.length === 0;
  };

  const body = () => backfillRequestBody(values, rootNames);

  const goPreview = async () => {
    if (!check(1)) return;
    setStep(2);
    setPreview(null);
    setProblem(null);
    setPreviewing(true);
    try {
      setPreview(await previewBackfill(projectId, body()));
    } catch (error) {
      const leftover = applyFieldErrors(form, error, [...STEP_FIELDS.flat(), "start_date", "end_date"]);
      setProblem({ missing: isMissingApi(error), text: leftover || errorMessage(error) });
    } finally {
      setPreviewing(false);
    }
  };

  const start = () =>
    create.mutate(body(), {
      onSuccess: (backfill) => {
        void message.success(t("started", { name: backfill.name }));
        navigate(`/operations/backfills/${backfill.id}`);
      },
      onError: (error) => setProblem({ missing: isMissingApi(error), text: applyFieldErrors(form, error, STEP_FIELDS.flat()) || errorMessage(error) }),
    });

  return (
    <section aria-label={t("title")}>
      <PageTitle extra={<Link to="/operations/backfills">{t("all")}</Link>}>{t("title")}</PageTitle>
      {!canOperate && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t("noRole")} />}
      <Steps
        current={step}
        style={{ marginBottom: 24, maxWidth: 720 }}
        items={[{ title: t("steps.nodes") }, { title: t("steps.dates") }, { title: t("steps.preview") }]}
      />
      <Form<RawValues> form={form} layout="vertical" initialValues={initial} style={{ maxWidth: 760 }} data-testid="backfill-form">
        <div style={{ display: step === 0 ? "block" : "none" }}>
          <Form.Item name="root_nodes" label={t("rootNodes")} extra={t("rootNodesHelp")}>
            <Select
              aria-label={t("rootNodes")}
              mode="multiple"
              showSearch
              optionFilterProp="label"
              placeholder={t("pickNodes")}
              loading={graph.isLoading}
              options={deployed.map((node) => ({ value: node.id, label: node.name }))}
            />
          </Form.Item>
          <Form.Item name="downstream" label={t("downstream")}>
            <Radio.Group
              options={[
                { value: "all", label: t("allDownstream", { count: candidates.length }) },
                { value: "none", label: t("noDownstream") },
                { value: "selected", label: t("chosenDownstream") },
              ]}
            />
          </Form.Item>
          {values.downstream === "selected" && (
            <Form.Item
              name="downstream_nodes"
              label={t("downstreamToInclude")}
              extra={t("downstreamToIncludeHelp")}
            >
              <Select
                aria-label={t("downstreamToInclude")}
                mode="multiple"
                showSearch
                optionFilterProp="label"
                placeholder={candidates.length ? t("pickDownstream") : t("rootsHaveNoDownstream")}
                options={candidates.map((id) => ({ value: id, label: nodeName.get(id) ?? `#${id}` }))}
              />
            </Form.Item>
          )}
          <Button type="primary" onClick={() => check(0) && setStep(1)}>
            {t("next")}
          </Button>
        </div>

        <div style={{ display: step === 1 ? "block" : "none" }}>
          <Form.Item name="date_mode" label={t("dates")}>
            <Radio.Group
              options={[
                { value: "range", label: t("aRange") },
                { value: "list", label: t("aList") },
              ]}
            />
          </Form.Item>
          {values.date_mode === "range" ? (
            <Form.Item name="range" label={t("fromTo")}>
              <DatePicker.RangePicker aria-label={t("dateRange")} />
            </Form.Item>
          ) : (
            <Form.Item name="dates" label={t("dateList")}>
              <DatePicker
                multiple
                aria-label={t("dates")}
                placeholder={t("pickDates")}
                maxTagCount="responsive"
                style={{ minWidth: 320 }}
              />
            </Form.Item>
          )}
          <Space size={32} wrap>
            <Form.Item name="order" label={t("order")}>
              <Radio.Group
                options={[
                  { value: "asc", label: t("oldestFirst") },
                  { value: "desc", label: t("newestFirst") },
                ]}
              />
            </Form.Item>
            <Form.Item name="parallelism" label={t("datesAtATime")}>
              <InputNumber aria-label={t("datesAtATime")} min={1} max={31} precision={0} />
            </Form.Item>
          </Space>
          <Form.Item name="use_hours" valuePropName="checked" style={{ marginBottom: 8 }}>
            <Checkbox>{t("someHours")}</Checkbox>
          </Form.Item>
          {values.use_hours && (
            <Space size={16}>
              <Form.Item name="hour_from" label={t("fromHour")}>
                <InputNumber aria-label={t("fromHour")} min={0} max={23} precision={0} />
              </Form.Item>
              <Form.Item name="hour_to" label={t("toHourIncluded")}>
                <InputNumber aria-label={t("toHour")} min={0} max={23} precision={0} />
              </Form.Item>
            </Space>
          )}
          <Form.Item name="name" label={t("name")}>
            <Input aria-label={t("backfillName")} placeholder={defaultBackfillName(rootNames, dates)} maxLength={200} />
          </Form.Item>
          <Space>
            <Button onClick={() => setStep(0)}>{t("back")}</Button>
            <Button type="primary" onClick={() => void goPreview()}>
              {t("preview")}
            </Button>
          </Space>
        </div>
      </Form>

      {step === 2 && (
        <div style={{ maxWidth: 960 }}>
          {problem &&
            (problem.missing ? (
              <MissingBackfillApi />
            ) : (
              <Alert type="error" showIcon style={{ marginBottom: 12 }} message={t("refused")} description={problem.text} />
            ))}
          <Card size="small" loading={previewing} title={t("plan")} data-testid="backfill-preview">
            {preview ? (
              <Space direction="vertical" size={12} style={{ width: "100%" }}>
                {/* Labels and figures keep to one line: a long row of dates must not squeeze "24" into "2/4". */}
                <Descriptions
                  size="small"
                  bordered
                  column={{ xs: 1, md: 2 }}
                  labelStyle={{ whiteSpace: "nowrap", width: 170 }}
                  contentStyle={{ minWidth: 120 }}
                >
                  <Descriptions.Item label={t("instancesToCreate")}>
                    <Typography.Text strong data-testid="preview-instance-count" style={{ whiteSpace: "nowrap" }}>
                      {preview.instance_count}
                    </Typography.Text>
                  </Descriptions.Item>
                  <Descriptions.Item label={t("estimatedTime")}>
                    <span style={{ whiteSpace: "nowrap" }} data-testid="preview-estimate">
                      {formatDuration(preview.estimated_seconds)}
                    </span>
                  </Descriptions.Item>
                  <Descriptions.Item label={t("order")}>{values.order === "asc" ? t("oldestFirst") : t("newestFirst")}</Descriptions.Item>
                  <Descriptions.Item label={t("datesAtATime")}>{values.parallelism}</Descriptions.Item>
                  {values.use_hours && (
                    <Descriptions.Item label={t("hours")}>
                      {t("hourRange", { from: values.hour_from, to: values.hour_to })}
                    </Descriptions.Item>
                  )}
                  <Descriptions.Item label={t("datesCount", { count: preview.dates.length })} span={2}>
                    <Space wrap size={[4, 4]}>
                      {preview.dates.slice(0, 40).map((date) => (
                        <Tag key={date}>{date}</Tag>
                      ))}
                      {preview.dates.length > 40 && (
                        <Typography.Text type="secondary">{t("andMore", { count: preview.dates.length - 40 })}</Typography.Text>
                      )}
                    </Space>
                  </Descriptions.Item>
                </Descriptions>
                {preview.notes.length > 0 && (
                  <Alert
                    type="info"
                    showIcon
                    data-testid="preview-notes"
                    message={t("notes")}
                    description={
                      <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                        {preview.notes.map((note) => (
                          <li key={note}>{note}</li>
                        ))}
                      </ul>
                    }
                  />
                )}
                <Table
                  size="small"
                  rowKey="id"
                  pagination={preview.nodes.length > 20 ? { pageSize: 20 } : false}
                  dataSource={preview.nodes}
                  data-testid="preview-nodes"
                  columns={[
                    { title: t("nodesCount", { count: preview.nodes.length }), dataIndex: "name" },
                    {
                      title: t("workflow"),
                      dataIndex: "workflow",
                      render: (value: number) => workflowName.get(value) ?? `#${value}`,
                    },
                    {
                      title: t("project"),
                      dataIndex: "project",
                      render: (value: number) => (value === projectId ? t("thisProject") : String(value)),
                    },
                    {
                      title: "",
                      key: "role",
                      render: (_: unknown, node) => (values.root_nodes.includes(node.id) ? <Tag color="blue">{t("root")}</Tag> : null),
                    },
                  ]}
                />
              </Space>
            ) : (
              !previewing && <Typography.Text type="secondary">{t("noPlan")}</Typography.Text>
            )}
          </Card>
          <Space style={{ marginTop: 16 }}>
            <Button onClick={() => setStep(1)}>{t("back")}</Button>
            <Button type="primary" disabled={!preview || !canOperate} loading={create.isPending} onClick={start}>
              {t("start")}

            </Button>
          </Space>
        </div>
      )}
    </section>
  );
}
