import { Alert, App as AntApp, DatePicker, Form, Modal, Space, Tag, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { businessDate } from "../../clock";
import { showError } from "../../errors";
import type { Project } from "../../project/current";
import { useRun, useRunRule } from "./api";
import type { QualityRule } from "./rules";
import { describeRun, formatDuration, verdictInfo } from "./verdict";

/** "Run now": pick a business date, start the check on a worker and watch its verdict arrive. */
export default function RunRuleModal({
  project,
  rule,
  open,
  onClose,
}: {
  project: Project;
  rule: Pick<QualityRule, "id" | "name" | "partition_filter">;
  open: boolean;
  onClose: () => void;
}) {
  const { message } = AntApp.useApp();
  const { t } = useTranslation("quality");
  const [bizdate, setBizdate] = useState<Dayjs>(() => dayjs(businessDate(project.timezone)));
  const [runId, setRunId] = useState<number | null>(null);
  const runRule = useRunRule(project.id);
  const { data: run } = useRun(project.id, runId);

  useEffect(() => {
    if (open) {
      setRunId(null);
      setBizdate(dayjs(businessDate(project.timezone)));
    }
  }, [open, project.timezone]);

  useEffect(() => {
    if (!run || run.verdict === "pending") return;
    const text = describeRun(run);
    if (run.verdict === "passed") void message.success(`${rule.name}: ${text}`);
    else void message.warning(`${rule.name}: ${text}`);
    // Only once per finished run.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [run?.id, run?.verdict]);

  const start = () =>
    runRule.mutate(
      { id: rule.id, bizdate: bizdate.format("YYYY-MM-DD") },
      {
        onSuccess: (started) => setRunId(started.id),
        onError: (error) => showError(message, error, t("runModal.startFailed")),
      },
    );

  const running = runRule.isPending || run?.verdict === "pending";
  const info = verdictInfo(run?.verdict);
  return (
    <Modal
      title={t("runModal.title", { name: rule.name })}
      open={open}
      onCancel={onClose}
      okText={run && run.verdict !== "pending" ? t("runModal.again") : t("common.run")}
      onOk={start}
      okButtonProps={{ loading: running }}
      cancelText={t("runModal.close")}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item
          label={t("common.businessDate")}
          extra={
            rule.partition_filter
              ? t("runModal.partitionHint", { filter: rule.partition_filter })
              : t("runModal.paramsHint")
          }
        >
          <DatePicker
            aria-label={t("common.businessDate")}
            value={bizdate}
            onChange={(value) => value && setBizdate(value)}
            allowClear={false}
            style={{ width: 200 }}
          />
        </Form.Item>
      </Form>
      {runId !== null && (
        <Alert
          data-testid="run-result"
          type={
            !run || run.verdict === "pending"
              ? "info"
              : run.verdict === "passed"
                ? "success"
                : run.verdict === "failed"
                  ? "error"
                  : "warning"
          }
          showIcon
          message={
            <Space>
              <Tag color={info.color}>{run ? info.label : t("runModal.queued")}</Tag>
              <span>{run ? describeRun(run) : t("runModal.waiting")}</span>
            </Space>
          }
          description={
            run && run.verdict !== "pending" ? (
              <Typography.Text type="secondary">
                {t("runModal.took", { bizdate: run.bizdate, duration: formatDuration(run.duration_ms) })}
              </Typography.Text>
            ) : (
              t("runModal.onWorker")
            )
          }
        />
      )}
    </Modal>
  );
}
