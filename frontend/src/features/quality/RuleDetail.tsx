import { DeleteOutlined, EditOutlined, PlayCircleOutlined } from "@ant-design/icons";
import {
  Alert,
  App as AntApp,
  Breadcrumb,
  Button,
  Card,
  Descriptions,
  Popconfirm,
  Result,
  Space,
  Spin,
  Tag,
  Tooltip,
  Typography,
} from "antd";
import { useMemo, useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { useTranslation } from "react-i18next";

import { errorMessage, showError } from "../../errors";
import { formatTime } from "../../format";
import type { Project } from "../../project/current";
import { usePermissions } from "../../project/permissions";
import { nameMap, useDataSources, useNodes } from "../../queries/project";
import { useDeleteRule, useRule, useRuns } from "./api";
import { describeRule } from "./rules";
import { ruleBounds, VerdictTag } from "./RuleList";
import RunRuleModal from "./RunRuleModal";
import RunsTable from "./RunsTable";
import ValueChart from "./ValueChart";
import { chartSeries } from "./verdict";

/** How many recent runs the chart shows. */
const CHART_RUNS = 100;

export default function RuleDetail({ project }: { project: Project }) {
  const { refusal } = usePermissions();
  const { message } = AntApp.useApp();
  const { t } = useTranslation("quality");
  const navigate = useNavigate();
  const ruleId = Number(useParams().ruleId);
  const rule = useRule(project.id, ruleId);
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const runs = useRuns(project.id, { rule: ruleId, page: page.page, page_size: page.pageSize });
  const recent = useRuns(project.id, { rule: ruleId, page: 1, page_size: CHART_RUNS });
  const datasources = useDataSources(project.id);
  const nodes = useNodes(project.id);
  const deleteRule = useDeleteRule(project.id);
  const [running, setRunning] = useState(false);
  const points = useMemo(() => chartSeries(recent.data?.results ?? [], project.timezone), [recent.data, project.timezone]);
  const nodeNames = useMemo(() => nameMap(nodes.data), [nodes.data]);
  const sourceNames = useMemo(() => nameMap(datasources.data), [datasources.data]);

  if (rule.isLoading) return <Spin style={{ display: "block", padding: 48 }} tip={t("common.loadingRule")}><div /></Spin>;
  if (rule.isError || !rule.data) {
    return (
      <Result
        status={rule.error && "status" in rule.error && rule.error.status === 404 ? "404" : "warning"}
        title={t("common.loadRuleFailed")}
        subTitle={errorMessage(rule.error)}
        extra={<Link to="/quality">{t("common.backToRules")}</Link>}
      />
    );
  }
  const data = rule.data;
  const cannotEdit = refusal("edit");
  const cannotRun = refusal("test_run", t("common.runChecks"));

  const onDelete = () =>
    deleteRule.mutate(data.id, {
      onSuccess: () => {
        void message.success(t("common.deleted", { name: data.name }));
        navigate("/quality");
      },
      onError: (error) => showError(message, error, t("common.deleteFailed")),
    });

  return (
    <>
      <Breadcrumb style={{ marginBottom: 12 }} items={[{ title: <Link to="/quality">{t("common.rules")}</Link> }, { title: data.name }]} />
      <Space style={{ width: "100%", justifyContent: "space-between", marginBottom: 16 }} wrap>
        <Space align="center">
          <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
            {data.name}
          </Typography.Title>
          <VerdictTag rule={data} />
          {!data.enabled && <Tag>{t("common.disabled")}</Tag>}
        </Space>
        <Space>
          <Tooltip title={cannotRun || undefined}>
            <Button type="primary" icon={<PlayCircleOutlined />} onClick={() => setRunning(true)} disabled={!!cannotRun}>
              {t("detail.runNow")}
            </Button>
          </Tooltip>
          <Tooltip title={cannotEdit || undefined}>
            <Button
              icon={<EditOutlined />}
              disabled={!!cannotEdit}
              onClick={() => navigate(`/quality/rules/${data.id}/edit`)}
            >
              {t("common.edit")}
            </Button>
          </Tooltip>
          <Popconfirm
            title={t("common.deleteConfirm", { name: data.name })}
            description={t("common.deleteHint")}
            okText={t("common.delete")}
            okButtonProps={{ danger: true }}
            onConfirm={onDelete}
            disabled={!!cannotEdit}
          >
            <Tooltip title={cannotEdit || undefined}>
              <Button danger icon={<DeleteOutlined />} loading={deleteRule.isPending} disabled={!!cannotEdit}>
                {t("common.delete")}
              </Button>
            </Tooltip>
          </Popconfirm>
        </Space>
      </Space>

      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={3}>
          <Descriptions.Item label={t("common.table")}>
            <Typography.Text code>{data.table}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t("common.dataSource")}>{sourceNames.get(data.datasource) ?? data.datasource}</Descriptions.Item>
          <Descriptions.Item label={t("common.partitionFilter")}>
            {data.partition_filter ? <Typography.Text code>{data.partition_filter}</Typography.Text> : t("detail.wholeTable")}
          </Descriptions.Item>
          <Descriptions.Item label={t("common.check")}>
            {describeRule(data)}
          </Descriptions.Item>
          <Descriptions.Item label={t("common.expected")}>{ruleBounds(data)}</Descriptions.Item>
          <Descriptions.Item label={t("common.whenItFails")}>
            {data.strength === "strong" ? t("detail.strongShort") : t("detail.weakShort")}
          </Descriptions.Item>
          <Descriptions.Item label={t("detail.runsAfter")} span={2}>
            {data.nodes.length
              ? data.nodes.map((id) => <Tag key={id}>{nodeNames.get(id) ?? t("detail.nodeId", { id })}</Tag>)
              : t("detail.byHandOnly")}
          </Descriptions.Item>
          <Descriptions.Item label={t("common.created")}>{formatTime(data.created_at)}</Descriptions.Item>
        </Descriptions>
      </Card>

      <Card size="small" title={t("detail.valueOverTime")} style={{ marginBottom: 16 }} loading={recent.isLoading}>
        {recent.isError ? (
          <Alert type="error" showIcon message={t("common.loadRunsFailed")} description={errorMessage(recent.error)} />
        ) : (
          <ValueChart points={points} />
        )}
      </Card>

      <Card size="small" title={t("detail.runs")}>
        {runs.isError && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            message={t("common.loadRunsFailed")}
            description={errorMessage(runs.error)}
          />
        )}
        <RunsTable
          runs={runs.data?.results ?? []}
          loading={runs.isLoading}
          total={runs.data?.count ?? runs.data?.results.length ?? 0}
          page={page.page}
          pageSize={page.pageSize}
          onPage={(next, pageSize) => setPage({ page: pageSize === page.pageSize ? next : 1, pageSize })}
        />
      </Card>
      {running && <RunRuleModal project={project} rule={data} open={running} onClose={() => setRunning(false)} />}
    </>
  );
}
